"""Where chunks are analysed: in this process, in a pool of processes, or on a Dask cluster.

Every runner is a context manager whose ``submit(chunk)`` returns a future-like object with
``result()``; :func:`ordered_results` keeps a bounded number of chunks in flight and yields
their results in submission order, so an archive of millions never sits in memory.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager
from typing import Any

from quotes_cli.work import DEFAULT_TIME_LIMIT, analyze_chunk, load_model

Chunk = list[tuple[str, str]]


class InProcess(AbstractContextManager):
    """Analyse each chunk right here (one worker: no processes to start, nothing to ship)."""

    def __init__(self, model: str, time_limit: float | None = DEFAULT_TIME_LIMIT,
                 acts: list[str] | None = None) -> None:
        self.model = model
        self.time_limit = time_limit
        self.acts = acts
        self.workers = 1

    def submit(self, chunk: Chunk) -> Future:
        future: Future = Future()
        future.set_result(analyze_chunk(self.model, chunk, self.time_limit, self.acts))
        return future

    def __exit__(self, *exc_info: Any) -> None:
        return None


class ProcessPool(AbstractContextManager):
    """``workers`` processes, each loading the model once when it starts."""

    def __init__(self, model: str, workers: int,
                 time_limit: float | None = DEFAULT_TIME_LIMIT,
                 acts: list[str] | None = None) -> None:
        self.model = model
        self.time_limit = time_limit
        self.acts = acts
        self.workers = workers
        # spawn: a fresh interpreter, not a fork of a process that may hold threads.
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=load_model, initargs=(model,))

    def submit(self, chunk: Chunk) -> Future:
        return self._executor.submit(analyze_chunk, self.model, chunk, self.time_limit,
                                     self.acts)

    def __exit__(self, *exc_info: Any) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class DaskCluster(AbstractContextManager):
    """A Dask cluster: the one at ``scheduler``, or a local one of ``workers`` processes.

    Each Dask worker loads the model on its first chunk and keeps it for the others.
    """

    def __init__(self, model: str, workers: int, scheduler: str | None = None,
                 time_limit: float | None = DEFAULT_TIME_LIMIT,
                 acts: list[str] | None = None) -> None:
        from distributed import Client, LocalCluster  # only this runner needs Dask

        self.model = model
        self.time_limit = time_limit
        self.acts = acts
        self._cluster = None
        if scheduler is None:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                         processes=True, dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            self._client = Client(scheduler)
        self.workers = max(1, len(self._client.scheduler_info()["workers"]))

    def submit(self, chunk: Chunk) -> Any:
        return self._client.submit(analyze_chunk, self.model, chunk, self.time_limit,
                                   self.acts, pure=False)

    def __exit__(self, *exc_info: Any) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def ordered_results(runner: Any, chunks: Iterable[Chunk], in_flight: int
                    ) -> Iterator[tuple[Chunk, list[dict[str, Any]]]]:
    """Each chunk with its results, in the order of ``chunks``, with at most ``in_flight``
    chunks submitted and not yet yielded."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append((chunk, runner.submit(chunk)))
        if len(pending) >= in_flight:
            chunk, future = pending.popleft()
            yield chunk, future.result()
    while pending:
        chunk, future = pending.popleft()
        yield chunk, future.result()

"""A time limit on one analysis, checked between its steps.

An analysis runs under :func:`time_limit`; its steps call :func:`check` between units of work
(a pipeline component, a draft, a quotation, a speaker mention), which raises
:class:`AnalysisTimeout` once the limit is spent. The limit counts the CPU time of the thread
doing the analysis, so that it says how much the text asks for, whatever else the machine is
doing; a step in compiled code (one pipeline component over the whole text) is not cut short,
so an analysis stops within about one component's time of its limit. Outside a limit,
:func:`check` costs one context-variable read.

The limit is a context variable: each thread (each request of a threaded server) has its own.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Optional


class AnalysisTimeout(Exception):
    """An analysis ran past its time limit and was stopped."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"the analysis took more than {limit:g} s of CPU time")
        self.limit = limit


class _Limit:
    __slots__ = ("seconds", "ends")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.thread_time() + seconds


_CURRENT: ContextVar[Optional[_Limit]] = ContextVar("nlp_time_limit", default=None)


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Run the block under a limit of ``seconds`` of this thread's CPU time (none if
    ``None``). A limit already running outside stays in force if it ends sooner."""
    if seconds is None:
        yield
        return
    if seconds <= 0:
        raise ValueError(f"a time limit must be positive, got {seconds!r}")
    outer = _CURRENT.get()
    limit = _Limit(seconds)
    if outer is not None and outer.ends < limit.ends:
        limit = outer
    token = _CURRENT.set(limit)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def check() -> None:
    """Raise :class:`AnalysisTimeout` if the running limit is spent."""
    limit = _CURRENT.get()
    if limit is not None and time.thread_time() > limit.ends:
        raise AnalysisTimeout(limit.seconds)

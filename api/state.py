"""The per-process state the factory keeps in ``app.extensions``: the loaded model and the
limits requests are held to."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from flask import Flask

import nlp
from api import metrics
from api.limits import Limits

EXTENSION = "quotes"


@dataclass
class QuotesState:
    """The model and tagger names, the limits and, once loaded, the pipeline and its meta
    data."""

    model: str
    limits: Limits
    tagger: str | None = None  # None: nlp.default_tagger()
    pipeline: Any = None
    info: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Held while an analysis runs: a threaded worker analyses one request at a time (the
    # others wait their turn; /healthz and the rest do not), so that its memory stays that
    # of one analysis. The analysis time limit counts CPU time, not the wait.
    analysing: "AnalysisSlot" = field(default_factory=lambda: AnalysisSlot(), repr=False)

    @property
    def ready(self) -> bool:
        return self.pipeline is not None

    def load(self, pipeline: Any = None) -> Any:
        """Load the model (once), or adopt ``pipeline`` already loaded by the caller.

        Raises :class:`nlp.ModelNotFound` when the model is not installed.
        """
        with self._lock:
            if self.pipeline is None:
                if pipeline is not None:
                    loaded = pipeline
                else:
                    started = time.perf_counter()
                    loaded = nlp.shared_pipeline(self.model, self.tagger)
                    metrics.observe_model_load(time.perf_counter() - started)
                self.info = nlp.pipeline_info(loaded)
                self.pipeline = loaded
        return self.pipeline


class AnalysisSlot:
    """A lock an analysis holds, which tells its listeners when it is taken and given back
    (the gunicorn worker stops taking new connections while it is busy: api/worker.py)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Callable[[bool], None]] = []

    def listen(self, listener: Callable[[bool], None]) -> None:
        """Call ``listener(True)`` when an analysis starts, ``listener(False)`` when it ends."""
        self._listeners.append(listener)

    def __enter__(self) -> "AnalysisSlot":
        self._lock.acquire()
        for listener in self._listeners:
            listener(True)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        for listener in self._listeners:
            listener(False)
        self._lock.release()


def get_state(app: Flask) -> QuotesState:
    return app.extensions[EXTENSION]

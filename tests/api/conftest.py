"""A fresh app and client per test, sharing the session's one loaded pipeline."""
from __future__ import annotations

import logging

import pytest

from api import create_app


@pytest.fixture
def make_app(pipeline):
    """Build an app with settings overriding the defaults, on the session's pipeline."""
    def make(config=None, **kwargs):
        return create_app({"TESTING": True, **(config or {})},
                          pipeline=kwargs.pop("pipeline", pipeline), **kwargs)
    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def api_log():
    """The records the ``api`` loggers write (they do not propagate to the root logger)."""
    handler = _Records()
    logger = logging.getLogger("api")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)

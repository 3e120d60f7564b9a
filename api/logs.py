"""Request ids and JSON-lines logs.

Every response carries ``X-Request-ID`` (the client's own if it sent a sane one) and
``X-Content-Type-Options: nosniff``, and every request is logged once as a JSON object: id,
method, path, status, duration and sizes. The article text is never logged.
"""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import traceback
import uuid
from datetime import datetime, timezone
from typing import Any

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# Browsers take every response as the media type it says it is (a problem document that
# echoes what the client sent is never run as a script or shown as a page).
NOSNIFF = ("X-Content-Type-Options", "nosniff")
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}")
_LOGGER_NAME = "api"
# LogRecord attributes that are not extra fields passed by the caller.
_STANDARD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

_access = logging.getLogger("api.access")

# What json.dumps leaves raw with ensure_ascii=False that still breaks a line for some
# readers (str.splitlines, editors, log shippers): NEL and the Unicode line and paragraph
# separators (the C0 controls are escaped already). Lone surrogates, which cannot be written
# as UTF-8 at all, are escaped too.
_UNSAFE_IN_A_LINE = re.compile("[\x85\u2028\u2029\ud800-\udfff]")


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc)
                            .isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        line = json.dumps(entry, default=str, ensure_ascii=False)
        # They can only be inside strings, where the escape stands for the same character.
        return _UNSAFE_IN_A_LINE.sub(_escaped, line)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


class _RequestIdFilter(logging.Filter):
    """Stamp records logged while serving a request with its id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and not hasattr(record, "request_id"):
            record.request_id = g.get("request_id")
        return True


def configure_logging(level: str) -> None:
    """Send the ``api`` loggers to standard error as JSON lines (once per process)."""
    logger = logging.getLogger(_LOGGER_NAME)
    logger.setLevel(level)
    if not any(getattr(handler, "_quotes_json", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLinesFormatter())
        handler.addFilter(_RequestIdFilter())
        handler._quotes_json = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.propagate = False


def _request_id() -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _start() -> None:
    g.request_id = _request_id()
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
    response.headers[NOSNIFF[0]] = NOSNIFF[1]
    return response


def _log_request(_exc: BaseException | None) -> None:
    started = g.get("started")
    if started is None:
        return
    response_status = g.get("response_status")
    _access.info("request", extra={
        "request_id": g.get("request_id"),
        "method": request.method,
        "path": request.path,
        "status": response_status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        "body_bytes": request.content_length,
        "text_chars": g.get("text_chars"),
        "pid": os.getpid(),
    })


def _remember_status(response: Response) -> Response:
    g.response_status = response.status_code
    return response


def init_app(app: Flask) -> None:
    """Give every request an id and log it when it is done."""
    configure_logging(app.config["QUOTES_LOG_LEVEL"])
    app.before_request(_start)
    app.after_request(_remember_status)
    app.after_request(_finish)
    app.teardown_request(_log_request)

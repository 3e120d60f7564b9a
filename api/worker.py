"""The gunicorn worker the Procfile runs: gunicorn's threaded worker, with a time limit on
reading each request and problem documents for the errors gunicorn answers itself.

Why threads. A synchronous worker reads a request and runs it on one thread, so a client that
sends half its headers, or a Content-Length it never finishes, holds the whole worker; two
such clients hold both workers and ``/healthz`` waits. Here each worker's main thread only
accepts connections and waits for data (gunicorn's own poller), and a pool of threads
(``QUOTES_THREADS``) reads and answers requests, so a stalled client holds one thread, not the
worker, and only until the read limit below.

The read limit. From the moment a thread starts on a request, the client has
``QUOTES_READ_TIMEOUT`` seconds to send the rest of its headers and body: a read that would
wait past that raises :class:`errors.RequestReadTimeout`. Before the application has the
request, the answer is a 408 problem written here; while the application reads the body, its
body reader answers 408 itself. Data already received is always read, so the limit never cuts
a request whose bytes are all there.

gunicorn's own errors (a malformed request line, headers over the limits, a bad chunk size
before the application runs) are answered as ``application/problem+json`` with a request id,
as the application answers its own, instead of gunicorn's HTML page; each is logged as a JSON
line and counted in the metrics.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid

from gunicorn.http import errors as http_errors
from gunicorn.workers.gthread import ThreadWorker
from werkzeug.http import HTTP_STATUS_CODES

from api import errors
from api.config import positive_seconds
from api.state import EXTENSION

_log = logging.getLogger("api.access")

READ_TIMEOUT_SETTING = "QUOTES_READ_TIMEOUT"
DEFAULT_READ_TIMEOUT = 30.0


def read_timeout_setting() -> float:
    """Seconds a client has to send a request's headers and body (``QUOTES_READ_TIMEOUT``)."""
    raw = os.environ.get(READ_TIMEOUT_SETTING, "")
    if not raw.strip():
        return DEFAULT_READ_TIMEOUT
    try:
        return positive_seconds(raw)
    except ValueError as exc:
        raise ValueError(f"{READ_TIMEOUT_SETTING}: {exc}") from None

# gunicorn's errors for a request it cannot read, and the status each gets.
_STATUS = (
    (errors.RequestReadTimeout, 408),
    (http_errors.LimitRequestLine, 414),
    (http_errors.LimitRequestHeaders, 431),
    (http_errors.UnsupportedTransferCoding, 501),
    (http_errors.ExpectationFailed, 417),
    (http_errors.ForbiddenProxyRequest, 403),
    (http_errors.ParseException, 400),
)


class ReadLimitedSocket(socket.socket):
    """A client socket whose reads give up at the request's read deadline.

    gunicorn switches a connection between blocking (a thread reading) and non-blocking (the
    poller waiting); here "blocking" means "blocking until the deadline"."""

    read_timeout: float = 30.0
    _deadline: float = float("inf")
    _write_timeout: float = 30.0
    sent: int = 0

    @classmethod
    def adopt(cls, sock: socket.socket, read_timeout: float) -> "ReadLimitedSocket":
        adopted = cls(sock.family, sock.type, sock.proto, fileno=sock.detach())
        adopted.read_timeout = read_timeout
        adopted._write_timeout = read_timeout
        return adopted

    def start_request(self) -> None:
        self._deadline = time.monotonic() + self.read_timeout
        self.sent = 0

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        self._wait_readable()
        return super().recv(bufsize, flags)

    def recv_into(self, buffer, nbytes: int = 0, flags: int = 0) -> int:
        self._wait_readable()
        return super().recv_into(buffer, nbytes, flags)

    def send(self, data, flags: int = 0) -> int:
        self.sent += 1
        return super().send(data, flags)

    def sendall(self, data, flags: int = 0) -> None:
        self.sent += 1
        if self.gettimeout() is None:  # blocking: a reader that stalls is let go in time
            super().settimeout(self._write_timeout)
            try:
                super().sendall(data, flags)
            finally:
                super().settimeout(None)
        else:
            super().sendall(data, flags)

    def _wait_readable(self) -> None:
        """In blocking mode, wait for data until the deadline (returning at once when some
        has come); past it, raise :class:`errors.RequestReadTimeout`."""
        if self.gettimeout() is not None:  # non-blocking: the poller's business
            return
        remaining = self._deadline - time.monotonic()
        super().settimeout(max(remaining, 0.0))
        try:
            super().recv(1, socket.MSG_PEEK)
        except (TimeoutError, BlockingIOError):
            raise errors.RequestReadTimeout(self.read_timeout) from None
        finally:
            super().settimeout(None)


class Worker(ThreadWorker):
    """gunicorn's threaded worker (``gthread``) with the read limit and problem documents."""

    read_timeout = DEFAULT_READ_TIMEOUT

    def init_process(self):
        self.read_timeout = read_timeout_setting()
        super().init_process()

    def load_wsgi(self):
        super().load_wsgi()
        state = self.wsgi.extensions.get(EXTENSION) if hasattr(self.wsgi, "extensions") else None
        if state is not None:
            state.analysing.listen(self._analysing)

    def _analysing(self, busy: bool) -> None:
        """While this worker analyses, it takes no new connection (gunicorn's main loop
        accepts while it has fewer connections than this), so that the next request goes to
        a worker that is free, as with synchronous workers; the connections it already has
        (a slow client's, a /healthz that came first) are still answered."""
        connections = 0 if busy else self.cfg.worker_connections
        self.method_queue.defer(setattr, self, "worker_connections", connections)

    def handle(self, conn):
        if not isinstance(conn.sock, ReadLimitedSocket):
            conn.sock = ReadLimitedSocket.adopt(conn.sock, self.read_timeout)
        conn.sock.start_request()
        return super().handle(conn)

    def handle_error(self, req, client, addr, exc):
        status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)
        if status == 500:
            self.log.exception("Error handling request")
        if isinstance(client, ReadLimitedSocket) and client.sent:
            return  # the response has begun: nothing more can be said on this connection
        request_id = uuid.uuid4().hex
        detail = (errors.MSG_REQUEST_READ_TIMEOUT.format(limit=exc.limit) if status == 408
                  else errors.MSG_INTERNAL if status == 500
                  else errors.MSG_UNREADABLE_REQUEST.format(reason=_reason(exc)))
        _log.info("request", extra={"request_id": request_id, "method": None, "path": None,
                                    "status": status, "duration_ms": None, "body_bytes": None,
                                    "text_chars": None, "error": type(exc).__name__})
        _count(status)
        problem_type = errors.REQUEST_TIMEOUT if status == 408 else errors.ABOUT_BLANK
        body = json.dumps({"type": problem_type, "title": HTTP_STATUS_CODES[status],
                           "status": status, "detail": detail,
                           "request_id": request_id}).encode()
        head = (f"HTTP/1.1 {status} {HTTP_STATUS_CODES[status]}\r\n"
                f"Content-Type: {errors.PROBLEM_MEDIA_TYPE}\r\n"
                f"Content-Length: {len(body)}\r\n"
                f"X-Request-ID: {request_id}\r\n"
                "X-Content-Type-Options: nosniff\r\n"
                "Connection: close\r\n\r\n").encode("latin-1")
        try:
            client.settimeout(1.0)
            client.sendall(head + body)
        except OSError:
            self.log.debug("could not send the error response")


def _reason(exc: Exception) -> str:
    """gunicorn's description of what it could not read, on one printable line."""
    text = " ".join(str(exc).split())[:200]
    return "".join(c if c.isprintable() else "?" for c in text) or type(exc).__name__


def _count(status: int) -> None:
    from api import metrics
    metrics.observe_unread_request(status)

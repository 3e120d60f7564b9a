"""gunicorn settings, read from the environment (see the README's configuration table).

The Procfile passes --preload, so the model loads once in the master and the workers share
it.
"""
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threaded workers (api/worker.py): a worker's main thread accepts connections and waits for
# their data, a pool of threads reads and answers requests, each within QUOTES_READ_TIMEOUT;
# a slow client holds one thread for at most that long, never the worker. One analysis runs
# at a time in a worker (api.state), so its memory stays that of one request.
worker_class = "api.worker.Worker"
threads = int(os.environ.get("QUOTES_THREADS", "16"))
# A connection carries one request, as with synchronous workers: a worker that is analysing
# takes no new connection (api/worker.py), so each request goes to a worker that is free; a
# kept-alive connection would tie its client to one worker whether it is busy or not.
keepalive = 0
# The master restarts a worker whose main thread stops answering for this long; requests run
# on other threads, under QUOTES_ANALYSIS_TIMEOUT, and do not reach it.
timeout = int(os.environ.get("QUOTES_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("QUOTES_GRACEFUL_TIMEOUT", "30"))
# Recycle workers now and then; the jitter keeps them from restarting together.
max_requests = int(os.environ.get("QUOTES_MAX_REQUESTS", "1000"))
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The application writes its own JSON access log; gunicorn's would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("QUOTES_LOG_LEVEL", "info").lower()
# gunicorn's own messages (workers booting, timing out, shutting down) as JSON lines too; its
# access logger stays silent.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "api.logs.JsonLinesFormatter"}},
    "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json",
                          "stream": "ext://sys.stderr"}},
    "root": {"level": "WARNING", "handlers": ["json"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["json"],
                           "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}

# Prometheus metrics (api/metrics.py): each worker writes its values to files in this folder
# and /metrics adds them up. It must be set before the application (and prometheus_client)
# is imported, which --preload does after reading this file; what a previous run left in a
# folder given by the environment is removed here, before the model's load time is recorded.
_OWN_METRICS_DIR = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _OWN_METRICS_DIR:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="quotes-metrics-")
for _stale in Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).glob("*.db"):
    _stale.unlink()


def child_exit(server, worker):
    """Drop an exited worker's live gauges; its counters stay in the totals."""
    from prometheus_client import multiprocess
    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _OWN_METRICS_DIR:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def when_ready(server):
    """Before the workers fork: move what the preloaded model allocated out of the garbage
    collector's reach, so that collections in a worker do not touch (and so copy) the pages
    it shares with the master."""
    import gc
    gc.collect()
    gc.freeze()


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def _malloc_functions():
    """glibc's malloc_trim and mallinfo2 (each None where the C library lacks it: musl,
    macOS, glibc before 2.33)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None, None
    trim = getattr(libc, "malloc_trim", None)
    info = getattr(libc, "mallinfo2", None)
    if info is not None:
        info.restype = _MallInfo2
    return trim, info


_TRIM, _MALLINFO = _malloc_functions()


# A body at least this large (a text of 100,000 characters or more, a large batch or page)
# leaves the heap a few hundred MB above a worker's usual working set.
_TRIM_AFTER_BYTES = 128 * 1024
# The free top of the heap the C library keeps after ordinary articles grows with the
# longest one so far (to 28 MB over PolNeAR dev's first 20, on a working set of 27 MB);
# over this, a worker trims after one request in twenty there.
_TRIM_ABOVE_TOP = 24 << 20


def post_request(worker, req, environ, resp):
    """After a large request, or once more than 24 MB at the top of the heap are free, give
    that memory back to the system: the C library keeps a worker's heap near its high-water
    mark. Not after every request: the pages given back must be faulted in again by the
    next one, which cost about 15% of a request's time when measured."""
    if _TRIM is not None and (_content_length(environ) >= _TRIM_AFTER_BYTES
                              or _free_top() > _TRIM_ABOVE_TOP):
        _TRIM(0)


def _free_top() -> int:
    """Bytes free at the top of the heap, which trimming gives back (0 where the C library
    cannot say). Not all the heap's free bytes: holes between live blocks, once given back,
    would still count, and every request would trim again. glibc counts the main arena's top
    only, where the sync workers of the Procfile allocate; threaded workers (``--threads``)
    allocate in other arenas too, and for them only the large-body rule applies."""
    return _MALLINFO().keepcost if _MALLINFO is not None else 0


def _content_length(environ) -> int:
    """The request's CONTENT_LENGTH (a WSGI variable, not a setting), 0 when absent."""
    try:
        return int(environ["CONTENT_LENGTH"] or 0)
    except (KeyError, ValueError):
        return 0

"""The real server: gunicorn started as the Procfile says, on a free loopback port, ready once
/readyz answers 200, stopped with SIGTERM.

The one launcher of the end-to-end tests (``tests/live_server.py``) and of the benchmark, load
and soak scripts. The scripts import it as ``_server`` (a script's own directory is on its
path); the tests as ``scripts._server`` (``python -m pytest``, run from the repository root as
``scripts/test`` runs it, has the root on the path). Neither patches ``sys.path``.
"""
from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTES_SHARED_DIR", REPO.parent / "shared"))
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 60


class ServerDidNotStart(AssertionError):
    """gunicorn exited, or was not ready (or short of workers) in time. ``exited`` tells which.

    An AssertionError, as the tests have always seen it; the scripts turn it into a message."""

    def __init__(self, message: str, *, exited: bool) -> None:
        super().__init__(message)
        self.exited = exited


@dataclass
class LiveServer:
    """A running gunicorn: its base URL, its combined log (None: discarded) and the master."""

    base: str
    log: Path | None
    process: subprocess.Popen

    def __getitem__(self, key: str):  # the older tests index it like a dict
        return getattr(self, key)

    def worker_pids(self) -> set[int]:
        return {child.pid for child in psutil.Process(self.process.pid).children()}

    def log_entries(self) -> list[dict]:
        """The JSON lines of the log so far."""
        entries = []
        for line in _log_text(self.log).splitlines():
            if line.startswith("{"):
                try:
                    entries.append(json.loads(line))
                except ValueError:
                    pass
        return entries


def _log_text(log: Path | None) -> str:
    return "(log discarded)" if log is None else log.read_text(encoding="utf-8", errors="replace")


def articles(limit: int = 0) -> list[str]:
    """The PolNeAR dev articles, else the seed articles: realistic prose to send."""
    corpus = SHARED / "corpora" / "polnear" / "dev.jsonl"
    if corpus.is_file():
        texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines()
                 if line.strip()]
    else:
        texts = [path.read_text("utf-8") for path in sorted((SHARED / "seeds").glob("*.txt"))]
    return texts[:limit] if limit else texts


def procfile_command(port: int) -> list[str]:
    """The Procfile's web command, bound to loopback, run with this interpreter."""
    for line in (REPO / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("web:"):
            words = shlex.split(line.removeprefix("web:").replace("$PORT", str(port)))
            break
    else:
        raise AssertionError("Procfile has no web process")
    assert words[0] == "gunicorn" and "--preload" in words
    words = [word.replace("0.0.0.0:", "127.0.0.1:") for word in words[1:]]
    return [sys.executable, "-m", "gunicorn", *words]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(base: str, process: subprocess.Popen, log: Path | None) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise ServerDidNotStart("gunicorn exited:\n" + _log_text(log), exited=True)
        try:
            if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            raise ServerDidNotStart("server not ready:\n" + _log_text(log), exited=False)
        time.sleep(0.2)


def wait_workers(server: LiveServer, count: int) -> None:
    """Wait until every worker has forked: the first one may answer /readyz before the
    master has started the others."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while len(server.worker_pids()) < count:
        if server.process.poll() is not None:
            raise ServerDidNotStart("gunicorn exited:\n" + _log_text(server.log), exited=True)
        if time.monotonic() > deadline:
            raise ServerDidNotStart(f"fewer than {count} workers:\n" + _log_text(server.log),
                                    exited=False)
        time.sleep(0.1)


def stop(process: subprocess.Popen, timeout_s: float = STOP_TIMEOUT_S) -> int:
    """SIGTERM the master and wait for it; SIGKILL if it does not stop."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return -9


@contextmanager
def live_server(directory: Path | None, env: Mapping[str, str] | None = None,
                *, check_exit: bool = True, log_name: str = "server.log",
                stop_timeout_s: float = STOP_TIMEOUT_S) -> Iterator[LiveServer]:
    """Run gunicorn (2 workers unless ``env`` says otherwise) until the block ends, once it
    answers /readyz and all its workers have forked.

    Its output goes to ``directory / log_name`` (``directory`` None: discarded). With
    ``check_exit`` the master must exit cleanly (status 0) on SIGTERM.
    """
    port = free_port()
    log_path = None if directory is None else directory / log_name
    full_env = {**os.environ, "WEB_CONCURRENCY": "2", **(env or {})}
    with (open(log_path, "wb") if log_path else open(os.devnull, "wb")) as log:
        process = subprocess.Popen(procfile_command(port), cwd=REPO, env=full_env, stdout=log,
                                   stderr=subprocess.STDOUT)
    server = LiveServer(base=f"http://127.0.0.1:{port}", log=log_path, process=process)
    try:
        wait_ready(server.base, process, log_path)
        wait_workers(server, int(full_env["WEB_CONCURRENCY"]))
        yield server
    finally:
        code = stop(process, stop_timeout_s)
    if check_exit:
        assert code == 0, _log_text(log_path)


@contextmanager
def gunicorn(env: Mapping[str, str], log_path: Path):
    """For the load and soak scripts: (base URL, master process) of a ready gunicorn logging to
    ``log_path``, SIGTERMed afterwards; the script exits with a message if it does not start."""
    with ExitStack() as stack:
        try:
            server = stack.enter_context(live_server(log_path.parent, env, check_exit=False,
                                                     log_name=log_path.name))
        except ServerDidNotStart:
            raise SystemExit(f"gunicorn did not start; see {log_path}") from None
        yield server.base, server.process

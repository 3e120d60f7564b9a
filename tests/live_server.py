"""The real server for end-to-end tests: gunicorn started as the Procfile says, on a free
loopback port, stopped with SIGTERM. Each test module that needs one starts its own, once."""
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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 60


@dataclass
class LiveServer:
    """A running gunicorn: its base URL, its combined log and the master process."""

    base: str
    log: Path
    process: subprocess.Popen

    def __getitem__(self, key: str):  # the older tests index it like a dict
        return getattr(self, key)

    def worker_pids(self) -> set[int]:
        return {child.pid for child in psutil.Process(self.process.pid).children()}

    def log_entries(self) -> list[dict]:
        """The JSON lines of the log so far."""
        entries = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    entries.append(json.loads(line))
                except ValueError:
                    pass
        return entries


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


def wait_ready(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise AssertionError("gunicorn exited:\n" + log.read_text(errors="replace"))
        try:
            if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("server not ready:\n" + log.read_text(errors="replace"))
        time.sleep(0.2)


def wait_workers(server: LiveServer, count: int) -> None:
    """Wait until every worker has forked: the first one may answer /readyz before the
    master has started the others."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while len(server.worker_pids()) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"fewer than {count} workers:\n"
                                 + server.log.read_text(errors="replace"))
        time.sleep(0.1)


def stop(process: subprocess.Popen) -> int:
    """SIGTERM the master and wait for it; SIGKILL if it does not stop."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return -9


@contextmanager
def live_server(directory: Path, env: Mapping[str, str] | None = None,
                *, check_exit: bool = True) -> Iterator[LiveServer]:
    """Run gunicorn (2 workers unless ``env`` says otherwise) until the block ends.

    With ``check_exit`` the master must exit cleanly (status 0) on SIGTERM.
    """
    port = free_port()
    log_path = directory / "server.log"
    full_env = {**os.environ, "WEB_CONCURRENCY": "2", **(env or {})}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(procfile_command(port), cwd=REPO, env=full_env, stdout=log,
                                   stderr=subprocess.STDOUT)
    server = LiveServer(base=f"http://127.0.0.1:{port}", log=log_path, process=process)
    try:
        wait_ready(server.base, process, log_path)
        wait_workers(server, int(full_env["WEB_CONCURRENCY"]))
        yield server
    finally:
        code = stop(process)
    if check_exit:
        assert code == 0, log_path.read_text(errors="replace")

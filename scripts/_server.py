"""A gunicorn for the load and soak scripts: the Procfile's command on a free loopback port."""
from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTES_SHARED_DIR", REPO.parent / "shared"))


def articles(limit: int = 0) -> list[str]:
    """The PolNeAR dev articles, else the seed articles: realistic prose to send."""
    corpus = SHARED / "corpora" / "polnear" / "dev.jsonl"
    if corpus.is_file():
        texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines()
                 if line.strip()]
    else:
        texts = [path.read_text("utf-8") for path in sorted((SHARED / "seeds").glob("*.txt"))]
    return texts[:limit] if limit else texts


@contextmanager
def gunicorn(env: dict[str, str], log_path: Path):
    """Yield (base URL, master process) of a ready gunicorn; SIGTERM it afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    line = next(line for line in (REPO / "Procfile").read_text().splitlines()
                if line.startswith("web:"))
    words = shlex.split(line.removeprefix("web:").replace("$PORT", str(port)))
    words = [word.replace("0.0.0.0:", "127.0.0.1:") for word in words[1:]]
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", *words], cwd=REPO,
                                   env={**os.environ, **env}, stdout=log,
                                   stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start; see {log_path}")
            try:
                if requests.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)

"""The real server: gunicorn started as the Procfile says, on a free loopback port."""
from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from contract import check_offsets, check_problem, check_response

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120
pytestmark = pytest.mark.e2e


def _procfile_command(port: int) -> list[str]:
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "WEB_CONCURRENCY": "2", "QUOTES_MAX_TEXT_CHARS": "5000",
           "QUOTES_MAX_BODY_BYTES": "65536"}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(_procfile_command(port), cwd=REPO, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail("gunicorn exited:\n" + log_path.read_text(errors="replace"))
            try:
                if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("server not ready:\n" + log_path.read_text(errors="replace"))
            time.sleep(0.2)
        yield {"base": base, "log": log_path}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, log_path.read_text(errors="replace")


@pytest.fixture(scope="module")
def http():
    with requests.Session() as session:
        yield session


def test_health_and_readiness(server, http):
    for path, schema_path in (("/healthz", "/healthz"), ("/readyz", "/readyz")):
        response = http.get(server["base"] + path, timeout=10)
        assert response.status_code == 200
        check_response("GET", schema_path, 200, response.headers["Content-Type"],
                       response.json())
        assert response.headers["X-Request-ID"]


def test_seed_articles(server, http, seed_texts):
    assert seed_texts
    for name, text in seed_texts.items():
        response = http.post(server["base"] + "/v1/quotes", json={"text": text, "id": name},
                             timeout=60)
        assert response.status_code == 200, response.text
        body = response.json()
        check_response("POST", "/v1/quotes", 200, response.headers["Content-Type"], body)
        check_offsets(text, body)
        assert body["id"] == name and body["meta"]["chars"] == len(text)


def test_seed_article_as_plain_text(server, http, seed_texts):
    name, text = next(iter(seed_texts.items()))
    response = http.post(server["base"] + "/v1/quotes", data=text.encode("utf-8"),
                         headers={"Content-Type": "text/plain; charset=utf-8"}, timeout=60)
    assert response.status_code == 200
    check_offsets(text, response.json())


@pytest.mark.parametrize("method, path, body, content_type, status", [
    ("POST", "/v1/quotes", b'{"text":', "application/json", 400),
    ("POST", "/v1/quotes", b"\xc3\x28", "text/plain; charset=utf-8", 400),
    ("POST", "/v1/quotes", b"x", "text/html", 415),
    ("POST", "/v1/quotes", b'{"text": "   "}', "application/json", 422),
    ("POST", "/v1/quotes", b'[]', "application/json", 422),
    ("POST", "/v1/quotes", json.dumps({"text": "a" * 5001}).encode(), "application/json", 413),
    ("POST", "/v1/quotes", b"a" * 70_000, "text/plain; charset=utf-8", 413),
    ("GET", "/v1/quotes", None, None, 405),
    ("GET", "/nowhere", None, None, 404),
])
def test_errors(server, http, method, path, body, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    response = http.request(method, server["base"] + path, data=body, headers=headers,
                            timeout=30)
    assert response.status_code == status
    check_problem(status, response.headers["Content-Type"], response.json(), method=method,
                  path=path)


def test_nul_bytes(server, http):
    text = "He said\x00 \"no\".\x00"
    response = http.post(server["base"] + "/v1/quotes", json={"text": text}, timeout=30)
    assert response.status_code == 200
    check_offsets(text, response.json())


def test_request_id_round_trip_and_json_logs(server, http):
    response = http.get(server["base"] + "/healthz", headers={"X-Request-ID": "e2e-probe-1"},
                        timeout=10)
    assert response.headers["X-Request-ID"] == "e2e-probe-1"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in server["log"].read_text().splitlines()
                 if line.startswith("{")]
        if any(entry.get("request_id") == "e2e-probe-1" for entry in lines):
            break
        time.sleep(0.1)
    entry = next(e for e in lines if e.get("request_id") == "e2e-probe-1")
    assert entry["path"] == "/healthz" and entry["status"] == 200


def test_docs_and_spec(server, http):
    page = http.get(server["base"] + "/docs", timeout=10)
    assert page.status_code == 200 and "swagger-ui" in page.text
    spec = http.get(server["base"] + "/openapi.yaml", timeout=10)
    assert spec.status_code == 200
    assert spec.text == (REPO / "openapi.yaml").read_text(encoding="utf-8")


def test_batch_of_seed_articles(server, http, seed_texts):
    documents = [{"id": name, "text": text} for name, text in seed_texts.items()]
    documents.insert(1, {"id": "blank", "text": " "})
    response = http.post(server["base"] + "/v1/quotes/batch", json={"documents": documents},
                         timeout=120)
    assert response.status_code == 200, response.text
    body = response.json()
    check_response("POST", "/v1/quotes/batch", 200, response.headers["Content-Type"], body)
    results = body["results"]
    assert [result["id"] for result in results] == [document["id"] for document in documents]
    assert results[1]["status"] == 422 and "quotes" not in results[1]
    for document, result in zip(documents, results):
        if document["id"] != "blank":
            check_offsets(document["text"], result)
            single = http.post(server["base"] + "/v1/quotes", json=document, timeout=60).json()
            assert result["quotes"] == single["quotes"]

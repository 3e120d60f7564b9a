"""The real server: gunicorn started as the Procfile says, on a free loopback port."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import requests

from contract import check_offsets, check_problem, check_response
from live_server import live_server

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("server"), {
            "QUOTES_MAX_TEXT_CHARS": "5000", "QUOTES_MAX_BODY_BYTES": "65536"}) as running:
        yield running


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
    ("POST", "/v1/quotes", b"x", "text/html; charset=klingon", 415),
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

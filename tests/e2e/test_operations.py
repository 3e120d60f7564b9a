"""What operators rely on, on the real server: metrics added up over the workers, JSON logs
without the article text, and a SIGTERM that lets the request in flight finish."""
from __future__ import annotations

import signal
import threading
import time

import pytest
import requests

from live_server import live_server

pytestmark = pytest.mark.e2e

SECRET = "Zanzibar-7731 told reporters the harbour would close."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("operations")) as running:
        yield running


def _samples(text: str, name: str) -> dict[str, float]:
    """The samples of one metric family: label set -> value."""
    found = {}
    for line in text.splitlines():
        if line.startswith(name) and not line.startswith("#"):
            key, value = line.rsplit(" ", 1)
            found[key] = float(value)
    return found


def test_metrics_add_up_every_worker(server):
    texts = [f"“We will see,” minister {n} said." for n in range(12)]
    for text in texts:  # new connections, so both workers serve some
        assert requests.post(server.base + "/v1/quotes", json={"text": text},
                             timeout=60).status_code == 200
    assert requests.get(server.base + "/nowhere", timeout=10).status_code == 404
    response = requests.get(server.base + "/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    body = response.text
    served = _samples(body, "quotes_http_requests_total")
    key = 'quotes_http_requests_total{endpoint="/v1/quotes",method="POST",status="200"}'
    assert served[key] >= len(texts)
    assert served['quotes_http_requests_total{endpoint="<unmatched>",method="GET",'
                  'status="404"}'] >= 1
    assert _samples(body, "quotes_text_characters_total")["quotes_text_characters_total"] \
        >= sum(len(text) for text in texts)
    assert _samples(body, "quotes_records_per_article_count")[
        "quotes_records_per_article_count"] >= len(texts)
    assert _samples(body, 'quotes_http_request_duration_seconds_count{endpoint="/v1/quotes"}')
    assert 0 < _samples(body, "quotes_model_load_seconds")["quotes_model_load_seconds"] < 300


def test_logs_say_what_happened_but_never_the_text(server):
    response = requests.post(server.base + "/v1/quotes", json={"text": SECRET},
                             headers={"X-Request-ID": "ops-log-1"}, timeout=60)
    assert response.status_code == 200
    refused = requests.post(server.base + "/v1/quotes", json={"text": SECRET, "x": SECRET},
                            headers={"X-Request-ID": "ops-log-2"}, timeout=60)
    assert refused.status_code == 422
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        entries = {entry.get("request_id"): entry for entry in server.log_entries()}
        if {"ops-log-1", "ops-log-2"} <= entries.keys():
            break
        time.sleep(0.1)
    ok, bad = entries["ops-log-1"], entries["ops-log-2"]
    assert ok["status"] == 200 and ok["text_chars"] == len(SECRET) and ok["duration_ms"] > 0
    assert ok["path"] == "/v1/quotes" and ok["level"] == "info"
    assert bad["status"] == 422
    assert "Zanzibar" not in server.log.read_text(encoding="utf-8", errors="replace")
    # gunicorn's own messages are JSON lines too.
    assert any(entry.get("logger") == "gunicorn.error" for entry in server.log_entries())


def test_sigterm_lets_the_request_in_flight_finish(tmp_path):
    # About 1-3 s of parsing: long enough to be in flight when the signal comes.
    text = "The minister said the plan would work, and the mayor disagreed. " * 60
    with live_server(tmp_path) as server:
        answer = {}

        def send():
            answer["response"] = requests.post(server.base + "/v1/quotes",
                                               json={"text": text}, timeout=120)

        client = threading.Thread(target=send)
        client.start()
        time.sleep(0.5)
        server.process.send_signal(signal.SIGTERM)
        client.join(timeout=120)
        assert answer["response"].status_code == 200
        assert answer["response"].json()["meta"]["chars"] == len(text)
        assert server.process.wait(timeout=60) == 0

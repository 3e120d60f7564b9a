"""Every request answered in bounded time, over HTTP to the real server: hostile patterns,
stalled clients and analyses past their time limit each get their answer, /healthz keeps
answering at once, and no worker is restarted."""
from __future__ import annotations

import json
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from contract import check_problem
from live_server import live_server

pytestmark = pytest.mark.e2e

READ_TIMEOUT_S = 3
ANALYSIS_TIMEOUT_S = 0.5
PROSE = ("The minister said the plan would work, according to officials in the capital. "
         "“It will not,” the mayor replied, adding that the council had voted against it. ")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {"QUOTES_READ_TIMEOUT": str(READ_TIMEOUT_S),
           "QUOTES_ANALYSIS_TIMEOUT": str(ANALYSIS_TIMEOUT_S)}
    with live_server(tmp_path_factory.mktemp("bounded-time"), env) as running:
        yield running


@pytest.fixture()
def workers(server):
    pids = server.worker_pids()
    assert len(pids) == 2
    yield pids
    assert server.worker_pids() == pids, "a worker was restarted"


def _healthz_seconds(base: str) -> float:
    started = time.monotonic()
    response = requests.get(f"{base}/healthz", timeout=30)
    assert response.status_code == 200
    return time.monotonic() - started


def _connect(base: str) -> socket.socket:
    address = urlsplit(base)
    return socket.create_connection((address.hostname, address.port), timeout=30)


def _read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            raise AssertionError(f"connection closed without an answer: {data!r}")
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip()
               for name, _, value in (line.partition(":") for line in lines[1:])}
    while len(body) < int(headers.get("content-length", 0)):
        piece = sock.recv(65536)
        if not piece:
            break
        body += piece
    return int(lines[0].split()[1]), headers, body


def test_two_runs_of_capitals_are_answered_at_once_and_health_stays_up(server, workers):
    answers: list[requests.Response] = []

    def post() -> None:
        answers.append(requests.post(f"{server.base}/v1/quotes", data="A" * 600,
                                     headers={"Content-Type": "text/plain"}, timeout=60))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    assert _healthz_seconds(server.base) < 1
    for thread in threads:
        thread.join()
    assert [answer.status_code for answer in answers] == [200, 200]
    assert all(answer.json()["quotes"] == [] for answer in answers)


def test_more_stalled_clients_than_workers_hold_no_worker(server, workers):
    stalled = []
    for _ in range(3):  # half the headers
        sock = _connect(server.base)
        sock.sendall(b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n")
        stalled.append(sock)
    for _ in range(3):  # a body shorter than its Content-Length
        sock = _connect(server.base)
        sock.sendall(b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                     b"Content-Length: 5000\r\n\r\nHe said")
        stalled.append(sock)
    time.sleep(0.5)
    assert _healthz_seconds(server.base) < 1
    answer = requests.post(f"{server.base}/v1/quotes", data=PROSE.encode(),
                           headers={"Content-Type": "text/plain"}, timeout=60)
    assert answer.status_code == 200 and answer.json()["quotes"]
    # each stalled client is let go with a 408 problem once its read time is spent
    started = time.monotonic()
    for sock in stalled:
        status, headers, body = _read_response(sock)
        sock.close()
        assert status == 408
        assert headers["content-type"] == "application/problem+json"
        problem = json.loads(body)
        assert problem["type"] == "urn:quotes:problem:request-timeout"
        assert problem["request_id"] == headers["x-request-id"]
    assert time.monotonic() - started < READ_TIMEOUT_S + 5


def test_an_analysis_past_its_time_limit_gets_its_problem_and_the_worker_goes_on(server,
                                                                                  workers):
    long_text = PROSE * 400  # about 70,000 characters: several seconds of CPU
    response = requests.post(f"{server.base}/v1/quotes", data=long_text.encode(),
                             headers={"Content-Type": "text/plain"}, timeout=120)
    problem = response.json()
    check_problem(413, response.headers["Content-Type"], problem, method="post",
                  path="/v1/quotes")
    assert problem["type"] == "urn:quotes:problem:analysis-timeout"
    assert problem["request_id"] == response.headers["X-Request-ID"]
    (entry,) = _log_entries(server, problem["request_id"])
    assert entry["status"] == 413
    # the worker that stopped it answers again (requests go to whichever worker is free)
    for attempt in range(40):
        answer = requests.post(f"{server.base}/v1/quotes", data=PROSE.encode(),
                               headers={"Content-Type": "text/plain",
                                        "X-Request-ID": f"after-timeout-{attempt}"}, timeout=60)
        assert answer.status_code == 200 and answer.json()["quotes"]
        (next_entry,) = _log_entries(server, f"after-timeout-{attempt}")
        if next_entry["pid"] == entry["pid"]:
            break
    else:
        raise AssertionError("the worker that stopped the analysis answered nothing after")
    metrics = requests.get(f"{server.base}/metrics", timeout=30).text
    assert any(line.startswith("quotes_analysis_timeouts_total ")
               and float(line.split()[1]) >= 1 for line in metrics.splitlines())


def _log_entries(server, request_id: str) -> list[dict]:
    """The access log's entries for ``request_id`` (a worker writes it as it answers)."""
    deadline = time.monotonic() + 10
    while True:
        entries = [entry for entry in server.log_entries()
                   if entry.get("request_id") == request_id and "pid" in entry]
        if entries or time.monotonic() > deadline:
            return entries
        time.sleep(0.05)


def test_a_batch_document_past_its_time_limit_gets_its_own_problem(server, workers):
    documents = [{"id": "short", "text": PROSE}, {"id": "long", "text": PROSE * 400},
                 {"id": "short-again", "text": PROSE}]
    response = requests.post(f"{server.base}/v1/quotes/batch", json={"documents": documents},
                             timeout=120)
    assert response.status_code == 200
    results = {result["id"]: result for result in response.json()["results"]}
    assert results["short"]["quotes"] and results["short-again"]["quotes"]
    assert results["long"]["type"] == "urn:quotes:problem:analysis-timeout"
    assert results["long"]["status"] == 413


@pytest.mark.parametrize("raw, status", [
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 120 + b"\r\n", 431),
    (b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
     b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400),
], ids=["request line", "long URI", "too many headers", "bad chunk size"])
def test_requests_the_server_cannot_read_get_a_problem_with_a_request_id(server, workers,
                                                                         raw, status):
    sock = _connect(server.base)
    sock.sendall(raw)
    got, headers, body = _read_response(sock)
    sock.close()
    assert got == status
    assert headers["content-type"] == "application/problem+json"
    assert headers["x-content-type-options"] == "nosniff"
    problem = json.loads(body)
    assert problem["status"] == status and problem["request_id"] == headers["x-request-id"]
    assert "<html" not in body.decode("utf-8").lower()


def test_a_body_refused_unread_closes_its_connection(server, workers):
    address = urlsplit(server.base)
    # refused from its Content-Length: the server answers before the 2.4 MB it will not use
    # are sent (so the client sends only the head and waits), and says it closes the connection
    head = (f"POST /v1/quotes HTTP/1.1\r\nHost: {address.hostname}\r\n"
            f"Content-Type: text/plain\r\nContent-Length: {2 * 1200 * 1024}\r\n\r\n")
    with socket.create_connection((address.hostname, address.port), timeout=60) as raw:
        raw.sendall(head.encode("ascii") + b"a " * 1024)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = raw.recv(65536)
            if not chunk:
                break
            answer += chunk
    status, *headers = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    assert status.split()[1] == "413"
    assert "connection: close" in [h.lower() for h in headers]
    small = requests.post(f"{server.base}/v1/quotes", json={"text": "x" * 10}, timeout=30)
    assert small.status_code == 200

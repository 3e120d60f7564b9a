"""What scrapers send by mistake, over HTTP to the real server: each gets the right answer,
a 4xx problem or a correct 200, in bounded time, and no worker dies of it."""
from __future__ import annotations

import json
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from contract import check_offsets, check_problem, check_response
from live_server import live_server

pytestmark = pytest.mark.e2e

# gunicorn's worker timeout (QUOTES_TIMEOUT): an answer later than this would have cost a
# worker, whatever the machine's load.
ANSWER_WITHIN_S = 60
JSON = "application/json"
TEXT = "text/plain; charset=utf-8"
PROSE = "The minister said the plan would work. “It will not,” the mayor replied. "


def _json(value) -> bytes:
    return json.dumps(value).encode()


# (name, path, content type, body, status, problem type or None for a 200)
CATALOGUE = [
    ("empty JSON body", "/v1/quotes", JSON, b"", 400, "malformed-json"),
    ("empty text body", "/v1/quotes", TEXT, b"", 422, "validation-failed"),
    ("no content type", "/v1/quotes", None, b"He said no.", 415, "unsupported-media-type"),
    ("wrong content type", "/v1/quotes", "application/xml", b"<a/>", 415,
     "unsupported-media-type"),
    ("charset not UTF-8", "/v1/quotes", "text/plain; charset=latin-1", b"caf\xe9", 415,
     "unsupported-media-type"),
    ("invalid JSON", "/v1/quotes", JSON, b'{"text": "unterminated', 400, "malformed-json"),
    ("NaN", "/v1/quotes", JSON, b'{"text": NaN}', 400, "malformed-json"),
    ("JSON array", "/v1/quotes", JSON, b'["He said no."]', 422, "validation-failed"),
    ("JSON string", "/v1/quotes", JSON, b'"He said no."', 422, "validation-failed"),
    ("JSON null", "/v1/quotes", JSON, b"null", 422, "validation-failed"),
    ("text a number", "/v1/quotes", JSON, _json({"text": 42}), 422, "validation-failed"),
    ("text null", "/v1/quotes", JSON, _json({"text": None}), 422, "validation-failed"),
    ("text a list", "/v1/quotes", JSON, _json({"text": ["He said no."]}), 422,
     "validation-failed"),
    ("unknown field", "/v1/quotes", JSON, _json({"text": "He said no.", "body": "x"}), 422,
     "validation-failed"),
    ("unpaired surrogate", "/v1/quotes", JSON, b'{"text": "He said \\ud800 no."}', 422,
     "validation-failed"),
    ("invalid UTF-8 text", "/v1/quotes", TEXT, b"He said \xff\xfe no.", 400,
     "invalid-encoding"),
    ("invalid UTF-8 JSON", "/v1/quotes", JSON, b'{"text": "\xc3\x28"}', 400,
     "invalid-encoding"),
    ("NUL bytes in JSON", "/v1/quotes", JSON, _json({"text": "He said\x00 “no.”\x00"}), 200,
     None),
    ("NUL bytes in text", "/v1/quotes", TEXT, "“No,”\x00 he said.".encode(), 200, None),
    ("oversize body", "/v1/quotes", TEXT, b"a " * (1536 * 1024), 413, None),
    ("oversize text", "/v1/quotes", JSON, _json({"text": "a" * 200_001}), 413,
     "text-too-long"),
    ("too many words", "/v1/quotes", TEXT, ("word " * 30_001).encode(), 413, "text-too-long"),
    ("deeply nested JSON", "/v1/quotes", JSON, b"[" * 100_000 + b"]" * 100_000, 400,
     "malformed-json"),
    ("200,000 characters without spaces", "/v1/quotes", TEXT, b"x" * 200_000, 200, None),
    ("50,000 quotation marks", "/v1/quotes", TEXT, b'"' * 50_000, 413, "text-too-long"),
    ("50,000 mixed quotation marks", "/v1/quotes", TEXT, "“”„«»‘’".encode() * 7_143, 413,
     "text-too-long"),
    ("thousands of lines", "/v1/quotes", TEXT, b"He said no.\n" * 1_000, 200, None),
    ("huge batch", "/v1/quotes/batch", JSON,
     _json({"documents": [{"id": str(n), "text": "He said no."} for n in range(101)]}), 413,
     "batch-too-large"),
    ("batch with too many words in all", "/v1/quotes/batch", JSON,
     _json({"documents": [{"id": str(n), "text": "word " * 9_000} for n in range(4)]}), 413,
     "batch-too-large"),
    # Shapes that once cost more than linear time (scripts/worst_case.py grows each to the
    # caps): each answered at once, with all its records or none.
    ("a line of 600 capitals", "/v1/quotes", TEXT, b"A" * 600, 200, None),
    ("capitals before a colon far away", "/v1/quotes", TEXT,
     b"AB CD EF " * 3_000 + b"GH: he said it would rain.", 200, None),
    ("emoji quoting emoji", "/v1/quotes", TEXT,
     'x 👩‍👩‍👧‍👦 said "🙂🙃" '.encode() * 2_000, 200, None),
    ("the spokesman of the spokesman of ...", "/v1/quotes", TEXT,
     b"The " + b"spokesman of the " * 3_000 + b"ministry said it.", 200, None),
    ("'said' over and over", "/v1/quotes", TEXT, b"said " * 20_000, 200, None),
    ("thousands of clauses in one sentence", "/v1/quotes", TEXT,
     ", ".join(f"Minister{n} said taxes would rise" for n in range(2_000)).encode(), 200,
     None),
    ("attributions nested thousands deep", "/v1/quotes", TEXT,
     " ".join(f"Officer{n} said that" for n in range(3_000)).encode() + b" it rained.", 200,
     None),
    ("compare with a thousand quotes a version", "/v1/compare", JSON, _json({
        "a": {"text": " ".join(f'Officer{n} said: "Road {n} is closed."' for n in range(1_000))},
        "b": {"text": " ".join(f'Officer{n} said: "Road {n} is shut."' for n in range(1_000))}}),
     200, None),
    ("batch not an object", "/v1/quotes/batch", JSON, b"[]", 422, "validation-failed"),
    ("batch of nothing", "/v1/quotes/batch", JSON, _json({"documents": []}), 422,
     "validation-failed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # The service's default limits, so the catalogue checks what is deployed.
    with live_server(tmp_path_factory.mktemp("bad-input")) as running:
        yield running


@pytest.fixture(scope="module")
def workers(server):
    pids = server.worker_pids()
    assert len(pids) == 2
    return pids


@pytest.mark.parametrize("name, path, content_type, body, status, problem",
                         CATALOGUE, ids=[row[0] for row in CATALOGUE])
def test_bad_input(server, workers, name, path, content_type, body, status, problem):
    headers = {"Content-Type": content_type} if content_type else {}
    started = time.monotonic()
    # A fresh connection each time: a refused body may close the one it came on.
    response = requests.post(server.base + path, data=body, headers=headers,
                             timeout=ANSWER_WITHIN_S)
    assert time.monotonic() - started < ANSWER_WITHIN_S
    assert response.status_code == status, response.text[:500]
    if status == 200:
        check_response("POST", path, 200, response.headers["Content-Type"], response.json())
        # the answer stays in proportion to what was sent: a record costs some 650 bytes
        # however short its text, so lines of "He said no." answer with 55 bytes a character
        assert len(response.content) <= 100 * len(body) + 4_000
        if path == "/v1/compare":
            for side in ("a", "b"):
                check_offsets(json.loads(body)[side]["text"], response.json()[side])
        else:
            check_offsets(body.decode("utf-8") if content_type == TEXT
                          else json.loads(body)["text"], response.json())
    else:
        check_problem(status, response.headers["Content-Type"], response.json(),
                      method="POST", path=path)
        if problem is not None:
            assert response.json()["type"] == f"urn:quotes:problem:{problem}"
        assert response.json()["request_id"] == response.headers["X-Request-ID"]
    assert requests.get(server.base + "/healthz", timeout=10).status_code == 200
    assert server.worker_pids() == workers, "a worker was restarted"


# Bodies sent with Transfer-Encoding: chunked, on a raw socket (requests would not send a bad
# chunk). The default limits: 2 MiB for a body, 5 MiB for a page.
BODY_LIMIT = 2 * 1024 * 1024
HTML_LIMIT = 5 * 1024 * 1024
PAGE_PARAGRAPH = ("<p>“The bridge will close in May,” the engineer said, adding that the "
                  "detour would add twenty minutes to the commute for most drivers.</p>\n")


def _chunks(body: bytes, size: int = 64 * 1024) -> bytes:
    """``body`` in chunked transfer coding, ending with the last chunk."""
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def _page(size: int) -> bytes:
    """An article page of at least ``size`` bytes, its last paragraph marked."""
    paragraphs = PAGE_PARAGRAPH * (size // len(PAGE_PARAGRAPH.encode()) + 1)
    return ("<html><head><title>Bridge</title></head><body><article>" + paragraphs
            + "<p>“This is the last paragraph,” she said.</p></article></body></html>"
            ).encode()


# (name, path, content type, chunked body as sent, status, problem type or None for a 200)
CHUNKED = [
    ("chunked JSON that fits", "/v1/quotes", JSON, _chunks(_json({"text": PROSE})), 200,
     None),
    ("bad chunk size", "/v1/quotes", JSON,
     b"zz\r\n" + _json({"text": PROSE}) + b"\r\n0\r\n\r\n", 400, "malformed-body"),
    ("bad chunk size after a good chunk", "/v1/quotes", TEXT,
     b"5\r\nHe sa\r\n-1\r\nid no.\r\n0\r\n\r\n", 400, "malformed-body"),
    ("chunk without its CRLF", "/v1/quotes/batch", JSON, b"5\r\n{\"doc\"!!0\r\n\r\n", 400,
     "malformed-body"),
    ("bad chunk size in a page", "/v1/quotes", "text/html", b"1x\r\n<p>a</p>\r\n0\r\n\r\n",
     400, "malformed-body"),
    # Once read up to the limit and no further: the JSON cut there was "malformed", the page
    # cut there was answered 200 without its last paragraph.
    ("chunked JSON over the body limit", "/v1/quotes", JSON,
     _chunks(_json({"text": "word " * (BODY_LIMIT // 5 + 1000)})), 413, None),
    ("chunked page over the page limit", "/v1/quotes", "text/html",
     _chunks(_page(HTML_LIMIT + 300_000)), 413, None),
]


def _send(sock: socket.socket, data: bytes) -> None:
    try:
        sock.sendall(data)
    except OSError:
        pass  # the server answered and closed before reading it all: the answer counts


def _raw_post(base: str, path: str, content_type: str, chunked_body: bytes
              ) -> tuple[int, dict[str, str], bytes]:
    """POST ``chunked_body`` as is; the status, headers and body of the answer."""
    address = urlsplit(base)
    head = (f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\n"
            f"Content-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n"
            "Connection: close\r\n\r\n").encode()
    with socket.create_connection((address.hostname, address.port),
                                  timeout=ANSWER_WITHIN_S) as sock:
        # Sent from another thread, read here: the answer to a body over the limit may come
        # before the whole body is sent.
        sender = threading.Thread(target=_send, args=(sock, head + chunked_body), daemon=True)
        sender.start()
        received = bytearray()
        while True:
            try:
                piece = sock.recv(65536)
            except ConnectionResetError:
                break
            if not piece:
                break
            received += piece
            head_end = received.find(b"\r\n\r\n")
            if head_end >= 0:
                length = _content_length(bytes(received[:head_end]))
                if length is not None and len(received) >= head_end + 4 + length:
                    break
        sender.join(timeout=ANSWER_WITHIN_S)
    head_bytes, _, body = bytes(received).partition(b"\r\n\r\n")
    status_line, *header_lines = head_bytes.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return None


@pytest.mark.parametrize("name, path, content_type, body, status, problem",
                         CHUNKED, ids=[row[0] for row in CHUNKED])
def test_chunked_bodies(server, workers, name, path, content_type, body, status, problem):
    started = time.monotonic()
    code, headers, answer = _raw_post(server.base, path, content_type, body)
    assert time.monotonic() - started < ANSWER_WITHIN_S
    assert code == status, answer[:500]
    document = json.loads(answer)
    if status == 200:
        check_response("POST", path, 200, headers["content-type"], document)
    else:
        check_problem(status, headers["content-type"], document, method="POST", path=path)
        if problem is not None:
            assert document["type"] == f"urn:quotes:problem:{problem}"
        assert document["request_id"] == headers["x-request-id"]
    assert headers["x-content-type-options"] == "nosniff"
    assert requests.get(server.base + "/healthz", timeout=10).status_code == 200
    assert server.worker_pids() == workers, "a worker was restarted"

"""The error catalogue: every client mistake gets its status and a problem document."""
from __future__ import annotations

import io
import json
import re

import pytest
import yaml

from contract import SPEC_PATH, check_problem

QUOTES = "/v1/quotes"
JSON = "application/json"
TEXT = "text/plain; charset=utf-8"

# (case, method, path, body, content type, status, problem type or None, fields with errors)
CATALOGUE = [
    ("malformed json", "POST", QUOTES, b'{"text": ', JSON, 400,
     "urn:quotes:problem:malformed-json", None),
    ("empty json body", "POST", QUOTES, b"", JSON, 400, "urn:quotes:problem:malformed-json",
     None),
    ("NaN is not json", "POST", QUOTES, b'{"text": NaN}', JSON, 400,
     "urn:quotes:problem:malformed-json", None),
    ("json nested too deeply", "POST", QUOTES, b"[" * 3000, JSON, 400,
     "urn:quotes:problem:malformed-json", None),
    ("json not utf-8", "POST", QUOTES, b'{"text": "caf\xe9"}', JSON, 400,
     "urn:quotes:problem:invalid-encoding", None),
    ("text/plain not utf-8", "POST", QUOTES, b"\xff\xfe\x00", TEXT, 400,
     "urn:quotes:problem:invalid-encoding", None),
    ("truncated utf-8 sequence", "POST", QUOTES, "caf\u00e9".encode()[:-1], TEXT, 400,
     "urn:quotes:problem:invalid-encoding", None),
    ("no content type", "POST", QUOTES, b"He said so.", None, 415,
     "urn:quotes:problem:unsupported-media-type", None),
    ("html in an unknown charset", "POST", QUOTES, b"<p>He said so.</p>",
     "text/html; charset=klingon", 415, "urn:quotes:problem:unsupported-media-type", None),
    ("form", "POST", QUOTES, b"text=He+said+so.", "application/x-www-form-urlencoded", 415,
     "urn:quotes:problem:unsupported-media-type", None),
    ("latin-1 text", "POST", QUOTES, b"He said so.", "text/plain; charset=iso-8859-1", 415,
     "urn:quotes:problem:unsupported-media-type", None),
    ("json array", "POST", QUOTES, b'["He said so."]', JSON, 422,
     "urn:quotes:problem:validation-failed", {"_schema"}),
    ("json string", "POST", QUOTES, b'"He said so."', JSON, 422,
     "urn:quotes:problem:validation-failed", {"_schema"}),
    ("json null", "POST", QUOTES, b"null", JSON, 422, "urn:quotes:problem:validation-failed",
     {"_schema"}),
    ("missing text", "POST", QUOTES, b'{"id": "a1"}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("empty text", "POST", QUOTES, b'{"text": ""}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("whitespace text", "POST", QUOTES, b'{"text": " \\n\\t\\u00a0"}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("null text", "POST", QUOTES, b'{"text": null}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("number text", "POST", QUOTES, b'{"text": 42}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("list text", "POST", QUOTES, b'{"text": ["He said so."]}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("unpaired surrogate", "POST", QUOTES, b'{"text": "He said \\ud800 so."}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("unknown field", "POST", QUOTES, b'{"text": "He said so.", "lang": "en"}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"lang"}),
    ("non-string id", "POST", QUOTES, b'{"text": "He said so.", "id": 7}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"id"}),
    ("empty text/plain", "POST", QUOTES, b"", TEXT, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("whitespace text/plain", "POST", QUOTES, b"  \r\n ", TEXT, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("separator control text/plain", "POST", QUOTES, b"\x1f", TEXT, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("byte order mark text", "POST", QUOTES, b'{"text": "\\ufeff "}', JSON, 422,
     "urn:quotes:problem:validation-failed", {"text"}),
    ("text over limit (json)", "POST", QUOTES,
     json.dumps({"text": "a" * 1001}).encode(), JSON, 413, "urn:quotes:problem:text-too-long",
     None),
    ("text over limit (plain)", "POST", QUOTES, "é".encode() * 1001, TEXT, 413,
     "urn:quotes:problem:text-too-long", None),
    ("body over byte limit", "POST", QUOTES, b"a" * 5000, TEXT, 413, "about:blank", None),
    ("GET quotes", "GET", QUOTES, None, None, 405, "about:blank", None),
    ("PUT quotes", "PUT", QUOTES, b"{}", JSON, 405, "about:blank", None),
    ("POST healthz", "POST", "/healthz", b"", JSON, 405, "about:blank", None),
    ("unknown path", "GET", "/v1/nothing", None, None, 404, "about:blank", None),
    ("unknown version", "POST", "/v2/quotes", b'{"text": "x"}', JSON, 404, "about:blank",
     None),
    ("unknown docs asset", "GET", "/docs/assets/index.html", None, None, 404, "about:blank",
     None),
]

# Small limits so the size cases stay small.
LIMITS = {"QUOTES_MAX_TEXT_CHARS": 1000, "MAX_CONTENT_LENGTH": 4096}


@pytest.mark.parametrize(
    "method, path, body, content_type, status, problem_type, fields",
    [case[1:] for case in CATALOGUE], ids=[case[0] for case in CATALOGUE])
def test_error_catalogue(make_app, method, path, body, content_type, status, problem_type,
                         fields):
    client = make_app(LIMITS).test_client()
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.open(path, method=method, data=body, headers=headers)

    assert response.status_code == status
    document = response.get_json(force=True)
    check_problem(status, response.content_type, document, method=method, path=path)
    assert document["type"] == problem_type
    assert document["title"] and document["detail"]
    assert document["request_id"] == response.headers["X-Request-ID"]
    if fields is None:
        assert "errors" not in document
    else:
        assert set(document["errors"]) == fields


def test_method_not_allowed_names_the_allowed_methods(client):
    response = client.get("/v1/quotes")
    assert "POST" in response.headers["Allow"]


def test_all_errors_of_one_body_are_reported_together(client):
    response = client.post("/v1/quotes", json={"text": 1, "id": 2, "extra": 3})
    assert set(response.get_json()["errors"]) == {"text", "id", "extra"}


def test_text_limit_counts_characters_not_bytes(make_app):
    client = make_app({"QUOTES_MAX_TEXT_CHARS": 1000, "MAX_CONTENT_LENGTH": 10_000}).test_client()
    text = "é" * 999 + "."  # 1000 characters, 1999 bytes
    response = client.post("/v1/quotes", data=text.encode(), headers={"Content-Type": TEXT})
    assert response.status_code == 200


def test_unexpected_fault_is_a_bare_500_logged_with_the_request_id(make_app, monkeypatch,
                                                                   api_log):
    import nlp

    def explode(pipeline, text):
        raise RuntimeError("internal detail: /secret/path")

    monkeypatch.setattr(nlp, "analyze", explode)
    app = make_app({"TESTING": False})
    response = app.test_client().post("/v1/quotes", json={"text": "He said so."},
                                      headers={"X-Request-ID": "trace-500"})

    assert response.status_code == 500
    document = response.get_json(force=True)
    check_problem(500, response.content_type, document, method="POST", path="/v1/quotes")
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert document["request_id"] == "trace-500"
    errors = [r for r in api_log if r.levelname == "ERROR"]
    assert errors and errors[0].request_id == "trace-500" and errors[0].exc_info


# What Python's str.isspace() and what JSON Schema's \s (ECMAScript) count as white space.
PYTHON_SPACE = [chr(c) for c in range(0x3001) if chr(c).isspace()]
ECMA_SPACE = list("\t\n\v\f\r \xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") + [
    chr(c) for c in range(0x2000, 0x200b)]


def test_the_spec_and_the_server_draw_the_same_line_between_blank_and_text(client):
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    pattern = re.compile(spec["components"]["schemas"]["Article"]["properties"]["text"]["pattern"])
    for text in sorted(set(PYTHON_SPACE + ECMA_SPACE)) + ["\x00", "a", " a ", "\u00e9"]:
        response = client.post("/v1/quotes", json={"text": text})
        accepted_by_spec = pattern.search(text) is not None
        assert response.status_code == (200 if accepted_by_spec else 422), repr(text)
        visible = text.strip("".join(PYTHON_SPACE + ECMA_SPACE)) != ""
        assert accepted_by_spec == visible, repr(text)


# A body without a Content-Length, as a server that decodes chunked transfer coding hands it
# to the application (gunicorn, werkzeug's own server: they set wsgi.input_terminated).
CHUNKED = {"Transfer-Encoding": "chunked"}
TERMINATED = {"wsgi.input_terminated": True}


class _BrokenStream:
    """A request body that fails part way, as gunicorn's ChunkedReader does on a malformed
    chunk: ``good`` bytes, then ``error``. (It says it is empty to the test client, which
    measures a stream by seeking.)"""

    def __init__(self, good: bytes, error: Exception):
        self._good, self._error = good, error

    def tell(self):
        return 0

    def seek(self, offset, whence=0):
        return 0

    def read(self, size=-1):
        if self._good:
            size = len(self._good) if size is None or size < 0 else size
            piece, self._good = self._good[:size], self._good[size:]
            return piece
        raise self._error


def _chunked_post(client, path, stream, content_type):
    return client.post(path, input_stream=stream,
                       headers={"Content-Type": content_type, **CHUNKED},
                       environ_overrides=TERMINATED)


@pytest.mark.parametrize("path, content_type, body", [
    (QUOTES, JSON, json.dumps({"text": "“We won,” she said."}).encode()),
    (QUOTES, TEXT, "“We won,” she said.".encode()),
    ("/v1/quotes/batch", JSON, json.dumps({"documents": [{"text": "He said so."}]}).encode()),
], ids=["json", "text", "batch"])
def test_a_chunked_body_over_the_limit_is_413_not_cut(make_app, path, content_type, body):
    # Once read up to the limit and no further: JSON cut there was "malformed", text cut
    # there was analysed without its end. Trailing white space pads the bodies to size.
    client = make_app({"MAX_CONTENT_LENGTH": 4096, "QUOTES_MAX_BATCH_BYTES": 4096}
                      ).test_client()
    over = body + b" " * (4097 - len(body))
    response = _chunked_post(client, path, io.BytesIO(over), content_type)
    assert response.status_code == 413, response.get_json()
    check_problem(413, response.content_type, response.get_json(), method="POST", path=path)
    assert "4096 bytes" in response.get_json()["detail"]
    # One that just fits is read whole.
    response = _chunked_post(client, path, io.BytesIO(over[:4096]), content_type)
    assert response.status_code == 200, response.get_json()


def test_a_batch_body_may_be_larger_than_an_article_body(make_app):
    client = make_app({"MAX_CONTENT_LENGTH": 1024, "QUOTES_MAX_BATCH_BYTES": 8192}
                      ).test_client()
    body = json.dumps({"documents": [{"text": "He said so. " * 50}] * 4}).encode()
    assert 1024 < len(body) < 8192
    assert _chunked_post(client, "/v1/quotes/batch", io.BytesIO(body), JSON
                         ).status_code == 200
    assert client.post("/v1/quotes/batch", data=body, content_type=JSON).status_code == 200
    response = client.post("/v1/quotes", data=body, content_type=JSON)
    assert response.status_code == 413 and "1024 bytes" in response.get_json()["detail"]


def _gunicorn_errors():
    from gunicorn.http.errors import ChunkMissingTerminator, InvalidChunkSize, NoMoreData
    return [InvalidChunkSize(b"zz"), ChunkMissingTerminator(b"xx"), NoMoreData(b""),
            OSError("connection reset"), ValueError("odd")]


@pytest.mark.parametrize("error", _gunicorn_errors(), ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("path, content_type", [
    (QUOTES, JSON), (QUOTES, TEXT), (QUOTES, "text/html"), ("/v1/quotes/batch", JSON)])
def test_a_body_the_server_cannot_read_is_400_malformed_body(make_app, api_log, error, path,
                                                             content_type):
    # gunicorn's ChunkedReader raises its own exceptions (not OSError) for a malformed chunk:
    # they once escaped as 500s.
    client = make_app({"TESTING": False}).test_client()
    response = _chunked_post(client, path, _BrokenStream(b'{"text": "He sa', error),
                             content_type)
    assert response.status_code == 400, response.get_json()
    document = response.get_json()
    check_problem(400, response.content_type, document, method="POST", path=path)
    assert document["type"] == "urn:quotes:problem:malformed-body"
    assert not [r for r in api_log if r.levelname == "ERROR"]


@pytest.mark.parametrize("method, path, kwargs", [
    ("GET", "/healthz", {}),
    ("POST", QUOTES, {"json": {"text": "He said so."}}),
    ("POST", QUOTES, {"data": b"{", "content_type": JSON}),
    ("GET", "/v1/nothing", {}),
    ("FOOBAR", QUOTES, {}),
    ("GET", "/metrics", {}),
    ("GET", "/openapi.yaml", {}),
    ("GET", "/docs", {}),
    ("GET", "/review", {}),
])
def test_every_response_says_nosniff(client, method, path, kwargs):
    response = client.open(path, method=method, **kwargs)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_500_says_nosniff_too(make_app, monkeypatch):
    import nlp

    def explode(pipeline, text):
        raise RuntimeError("boom")

    monkeypatch.setattr(nlp, "analyze", explode)
    response = make_app({"TESTING": False}).test_client().post("/v1/quotes",
                                                                json={"text": "He said so."})
    assert response.status_code == 500
    assert response.headers["X-Content-Type-Options"] == "nosniff"

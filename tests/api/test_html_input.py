"""POST /v1/quotes (and the batch) with web pages: the article's quotes, nothing from the page
furniture, offsets into the returned text, and problems for pages that are no article."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from contract import check_offsets, check_problem, check_response
from pages import wrap

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
HTML = "text/html"
FIXTURES = ["wordpress", "jsonld", "amp", "pullquote", "readmore", "cp1252"]


def _records(document):
    return sorted((q["type"], " ".join(q["text"].split()), q["cue"] and q["cue"]["text"],
                   q["speaker"] and q["speaker"]["name"], q["stance"]["label"])
                  for q in document["quotes"])


def _ok(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    check_response("POST", "/v1/quotes", 200, response.content_type, body)
    check_offsets(body["text"], body)  # text[start:end] is exact, for every offset
    assert body["meta"]["chars"] == len(body["text"])
    return body


@pytest.mark.parametrize("name", FIXTURES)
def test_a_page_gives_the_quotes_of_its_article(client, name):
    plain = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    page = _ok(client.post("/v1/quotes", data=(PAGES / f"{name}.html").read_bytes(),
                           headers={"Content-Type": HTML}))
    as_text = client.post("/v1/quotes", json={"text": plain}).get_json()
    assert page["quotes"], "every fixture has quotes"
    assert _records(page) == _records(as_text)
    # Nothing comes from furniture: every quote, cue and speaker mention is article text.
    for quote in page["quotes"]:
        assert " ".join(quote["text"].split()) in " ".join(plain.split())
        assert quote["sentence"]["text"].split("\n")[0] in plain
    assert page["title"] and page["title"] not in page["text"]
    assert as_text["text"] is None


def test_html_in_json_with_id_and_title(client):
    html = (PAGES / "jsonld.html").read_text(encoding="utf-8")
    body = _ok(client.post("/v1/quotes", json={"html": html, "id": "p-1", "title": "Mine"}))
    assert body["id"] == "p-1" and body["title"] == "Mine"
    assert body["text"].startswith("More than 600 nurses")


def test_charset_from_the_content_type(client):
    raw = (PAGES / "cp1252.html").read_bytes().replace(b"charset=windows-1252", b"charset=x")
    body = _ok(client.post("/v1/quotes", data=raw,
                           headers={"Content-Type": "text/html; charset=windows-1252"}))
    assert "“People come here" in body["text"]


def test_seeds_wrapped_in_a_page_give_the_records_of_their_plain_text(client, seed_texts):
    for name, text in seed_texts.items():
        page, _ = wrap(text)
        body = _ok(client.post("/v1/quotes", data=page.encode(), headers={"Content-Type": HTML}))
        plain = client.post("/v1/quotes", json={"text": text}).get_json()
        assert _records(body) == _records(plain), name


def test_batch_takes_pages(client):
    html = (PAGES / "amp.html").read_text(encoding="utf-8")
    response = client.post("/v1/quotes/batch", json={"documents": [
        {"id": "page", "html": html}, {"id": "text", "text": "He said so."},
        {"id": "empty", "html": "<html><body><nav>Home</nav></body></html>"},
        {"id": "both", "html": html, "text": "x"}]})
    assert response.status_code == 200
    results = response.get_json()["results"]
    check_response("POST", "/v1/quotes/batch", 200, response.content_type,
                   response.get_json())
    check_offsets(results[0]["text"], results[0])
    assert results[0]["title"] == "Drought forces farmers to sell cattle early"
    assert results[1]["text"] is None
    assert results[2]["status"] == 422 and results[2]["type"].endswith("no-article-text")
    assert results[3]["status"] == 422


LIMITS = {"QUOTES_MAX_HTML_BYTES": 2000, "MAX_CONTENT_LENGTH": 4096}
PAGE = ("<html><body><article><p>“We will win,” said the mayor, speaking to reporters "
        "outside city hall on Tuesday evening after the vote.</p></article></body></html>")


@pytest.mark.parametrize("body, content_type, status, problem_type", [
    (b"<p>caf\xe9</p>", "text/html; charset=utf-8", 400, "invalid-encoding"),
    (b"<meta charset=utf-8><p>caf\xe9</p>", HTML, 400, "invalid-encoding"),
    (b"<p>\x81</p>", "text/html; charset=windows-1252", 400, "invalid-encoding"),
    (b"<p>x</p>", "text/html; charset=klingon", 415, "unsupported-media-type"),
    (b"<p>x</p>", "text/html; charset=punycode", 415, "unsupported-media-type"),
    (b"<p>x</p>", "text/html; charset=undefined", 415, "unsupported-media-type"),
    (b"<p>xn--abc-</p>", "text/html; charset=idna", 415, "unsupported-media-type"),
    (b"<p>+AGEAYgBj-</p>", "text/html; charset=utf-7", 415, "unsupported-media-type"),
    (b"<p>\\u0041</p>", "text/html; charset=unicode_escape", 415, "unsupported-media-type"),
    (b"<p>x</p>", "text/html; charset=cp037", 415, "unsupported-media-type"),
    (b"<p>x</p>", "text/html; charset=x-user-defined", 415, "unsupported-media-type"),
    ("<p>\u00e9</p>".encode("utf-16-le") + b"\x00", "text/html; charset=utf-16le", 400,
     "invalid-encoding"),
    (b"<p>\x81 </p>", "text/html; charset=shift_jis", 400, "invalid-encoding"),
    (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", HTML, 422,
     "no-article-text"),
    (b"", HTML, 422, "validation-failed"),
    (PAGE.encode() + b" " * 3000, HTML, 413, "about:blank"),
    (('{"html": "' + "x" * 2100 + '"}').encode(), "application/json", 413, "html-too-large"),
    (('{"html": "' + PAGE.replace('"', '\\"') + '", "text": "x"}').encode(),
     "application/json", 422, "validation-failed"),
    (b'{"html": ""}', "application/json", 422, "validation-failed"),
    (b'{"id": "x"}', "application/json", 422, "validation-failed"),
], ids=["bad utf-8 declared", "bad utf-8 in meta", "bad windows-1252", "unknown charset",
        "punycode", "undefined", "idna", "utf-7", "unicode_escape", "cp037", "x-user-defined",
        "odd utf-16", "bad shift_jis",
        "no article", "empty", "page over the limit", "json html over the limit",
        "text and html", "empty html", "neither"])
def test_bad_pages_are_problems(make_app, body, content_type, status, problem_type):
    response = make_app(LIMITS).test_client().post(
        "/v1/quotes", data=body, headers={"Content-Type": content_type})
    document = response.get_json(force=True)
    assert response.status_code == status, document
    check_problem(status, response.content_type, document, method="POST", path="/v1/quotes")
    assert document["type"].endswith(problem_type)


@pytest.mark.parametrize("label", ["punycode", "undefined", "idna", "utf-7", "cp037",
                                   "no-such-charset"])
def test_a_charset_in_the_page_outside_the_list_is_ignored(make_app, label):
    # As a browser ignores it: the page is read as UTF-8 (the default), never as the codec.
    page = PAGE.replace("<html>", f"<html><head><meta charset={label}></head>")
    page = page.replace("vote.", "vote, caf\u00e9 xn--abc-.")
    response = make_app(LIMITS).test_client().post(
        "/v1/quotes", data=page.encode("utf-8"), headers={"Content-Type": HTML})
    assert response.status_code == 200, response.get_json()
    assert "caf\u00e9 xn--abc-" in response.get_json()["text"]


def test_a_page_over_the_limit_names_the_page_limit(make_app):
    response = make_app(LIMITS).test_client().post(
        "/v1/quotes", data=PAGE.encode() + b" " * 3000, headers={"Content-Type": HTML})
    assert response.status_code == 413
    assert "2000 bytes" in response.get_json()["detail"]


def _chunked(client, body, content_type):
    """``body`` sent without a Content-Length, as a server that decodes chunked transfer
    coding hands it over (gunicorn sets wsgi.input_terminated)."""
    return client.post("/v1/quotes", input_stream=io.BytesIO(body),
                       headers={"Content-Type": content_type, "Transfer-Encoding": "chunked"},
                       environ_overrides={"wsgi.input_terminated": True})


def test_a_chunked_page_over_the_limit_is_refused_not_cut(make_app):
    # Over QUOTES_MAX_HTML_BYTES (2000), under MAX_CONTENT_LENGTH (4096): once cut silently
    # at the limit and answered 200 without its last paragraph.
    body = PAGE.replace("</article>", "<p>" + "Padding words here. " * 100 + "</p></article>")
    client = make_app(LIMITS).test_client()
    response = _chunked(client, body.encode(), HTML)
    assert response.status_code == 413, response.get_json()
    check_problem(413, response.content_type, response.get_json(), method="POST",
                  path="/v1/quotes")
    assert "2000 bytes" in response.get_json()["detail"]
    assert _chunked(client, PAGE.encode(), HTML).status_code == 200

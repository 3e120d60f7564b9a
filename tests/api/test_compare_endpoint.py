"""``POST /v1/compare`` and the ``/review`` page, through the Flask test client."""
from __future__ import annotations

import re

import pytest
from contract import check_offsets, check_problem, check_response

PATH = "/v1/compare"
ORIGINAL = ('Mayor Ann Lee opened the bridge on Monday. "It will carry 40,000 cars a day," '
            "Lee said.\n\nThe council said that the work had cost less than planned.")
REWRITE = ('Mayor Ann Lee opened the bridge on Monday. "It will carry 14,000 cars a day," '
           "Lee said.")


def test_compares_two_versions(client):
    response = client.post(PATH, json={"a": {"text": ORIGINAL, "id": "wire"},
                                       "b": {"text": REWRITE}})
    assert response.status_code == 200
    body = response.get_json()
    check_response("POST", PATH, 200, response.content_type, body)
    check_offsets(ORIGINAL, body["a"])
    check_offsets(REWRITE, body["b"])
    assert body["a"]["id"] == "wire" and body["b"]["id"] is None
    [pair] = body["pairs"]
    assert pair["quoted_words"] == "altered"
    assert {"op": "replace", "a": "40,000", "b": "14,000"} in pair["diff"]
    assert [alarm["kind"] for alarm in body["alarms"]] == ["misquote", "fact_changed"]
    [fact] = body["alarms"][1]["facts"]
    assert (fact["kind"], fact["a"], fact["b"]) == ("number", "40,000", "14,000")
    [where_a], [where_b] = fact["a_spans"], fact["b_spans"]
    assert ORIGINAL[where_a["start"]:where_a["end"]] == "40,000"
    assert REWRITE[where_b["start"]:where_b["end"]] == "14,000"
    council = [q["id"] for q in body["a"]["quotes"] if "cost less" in q["text"]]
    assert council and set(council) <= set(body["only_a"])
    assert body["only_b"] == []


@pytest.mark.parametrize("body, field", [
    ({"a": {"text": ORIGINAL}}, "b"),
    ({"a": {"text": ORIGINAL}, "b": {"text": "  "}}, "b.text"),
    ({"a": {"text": ORIGINAL}, "b": {"text": REWRITE, "title": "x"}}, "b.title"),
    ({"a": {"text": ORIGINAL}, "b": {"text": REWRITE}, "c": {}}, "c"),
    ({"a": {"html": "<p>Hi</p>", "text": ORIGINAL}, "b": {"text": REWRITE}}, "a._schema"),
    ({"a": {"id": "x"}, "b": {"text": REWRITE}}, "a.text"),
    ({"a": "text", "b": {"text": REWRITE}}, "a._schema"),
    ([], "_schema"),
])
def test_invalid_versions_are_422(client, body, field):
    response = client.post(PATH, json=body)
    check_problem(422, response.content_type, response.get_json(), method="POST", path=PATH)
    assert field in response.get_json()["errors"], response.get_json()["errors"]


def test_a_version_may_come_as_html(client):
    page = ("<html><head><title>Talks</title></head><body><article><h1>Talks</h1>"
            + "".join(f"<p>{paragraph}</p>" for paragraph in ORIGINAL.split("\n\n") if paragraph)
            + "</article></body></html>")
    response = client.post(PATH, json={"a": {"html": page}, "b": {"text": REWRITE}})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    text = body["a"]["text"]
    assert text and body["b"]["text"] is None
    for quote in body["a"]["quotes"]:
        assert text[quote["span"]["start"]:quote["span"]["end"]] == quote["text"]
    assert body["pairs"]


def test_a_text_over_the_limit_is_413(make_app):
    client = make_app({"QUOTES_MAX_TEXT_CHARS": 100}).test_client()
    response = client.post(PATH, json={"a": {"text": REWRITE[:90]}, "b": {"text": ORIGINAL}})
    check_problem(413, response.content_type, response.get_json(), method="POST", path=PATH)
    assert response.get_json()["type"] == "urn:quotes:problem:text-too-long"
    assert "version b" in response.get_json()["detail"]


@pytest.mark.parametrize("data, content_type, status", [
    ("a=b", "text/plain", 415),
    ("{", "application/json", 400),
    (b"\xff", "application/json", 400),
])
def test_not_json_is_refused(client, data, content_type, status):
    response = client.post(PATH, data=data, content_type=content_type)
    check_problem(status, response.content_type, response.get_json(), method="POST", path=PATH)


def test_review_page_has_its_hooks_and_only_local_assets(client):
    response = client.get("/review")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for hook in ('name="a"', 'name="b"', 'type="submit"', 'id="results"'):
        assert hook in html
    assets = re.findall(r'(?:src|href)="([^"#]+)"', html)
    assert assets and all(url.startswith("/") for url in assets), assets
    for url in assets:
        asset = client.get(url)
        asset.close()
        assert asset.status_code == 200, url
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_versions_with_too_many_words_are_413(make_app):
    client = make_app({"QUOTES_MAX_TEXT_TOKENS": 20, "QUOTES_MAX_BATCH_TOKENS": 30}).test_client()
    for a, b in [("word " * 21, "short"), ("word " * 16, "word " * 16)]:
        response = client.post(PATH, json={"a": {"text": a}, "b": {"text": b}})
        assert response.status_code == 413
        check_problem(413, response.content_type, response.get_json(), method="POST", path=PATH)

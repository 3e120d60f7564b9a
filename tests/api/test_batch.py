"""POST /v1/quotes/batch: results in input order, per-document problems, limits."""
from __future__ import annotations

import pytest

from contract import check_offsets, check_problem, check_response

PATH = "/v1/quotes/batch"
FIRST = '"We will not back down," said Maria Lopez, the union\'s president.'
SECOND = "The company said it would study the proposal."
NONE = "The river rose overnight and the bridge was closed."


def _results(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    check_response("POST", PATH, 200, response.content_type, body)
    return body["results"]


def test_results_are_the_single_endpoint_answers_in_input_order(client):
    texts = {"b": SECOND, "a": FIRST, "c": NONE}
    results = _results(client.post(PATH, json={"documents": [
        {"id": doc_id, "text": text} for doc_id, text in texts.items()]}))
    assert [result["id"] for result in results] == ["b", "a", "c"]
    for result, (doc_id, text) in zip(results, texts.items()):
        single = client.post("/v1/quotes", json={"text": text, "id": doc_id}).get_json()
        check_offsets(text, result)
        assert result["quotes"] == single["quotes"]
        assert result["speakers"] == single["speakers"]
        assert {**result["meta"], "elapsed_ms": 0} == {**single["meta"], "elapsed_ms": 0}
    assert results[1]["quotes"] and results[1]["quotes"][0]["speaker"]["name"]
    assert results[2]["quotes"] == []


@pytest.mark.parametrize("document, status, field", [
    ({"id": "x"}, 422, "text"),
    ({"id": "x", "text": "   "}, 422, "text"),
    ({"id": "x", "text": 7}, 422, "text"),
    ({"text": FIRST}, 422, "id"),
    ({"id": "x", "text": FIRST, "title": "T"}, 422, "title"),
    ("just a string", 422, "_schema"),
    ({"id": "x", "text": "a" * 101}, 413, None),
], ids=["no-text", "blank", "not-a-string", "no-id", "unknown-field", "not-an-object",
        "text-too-long"])
def test_a_bad_document_fails_alone(make_app, document, status, field):
    client = make_app({"QUOTES_MAX_TEXT_CHARS": 100}).test_client()
    results = _results(client.post(PATH, json={"documents": [
        {"id": "ok-1", "text": FIRST}, document, {"id": "ok-2", "text": SECOND}]}))
    assert [result["id"] for result in (results[0], results[2])] == ["ok-1", "ok-2"]
    assert "quotes" in results[0] and "quotes" in results[2]
    problem = results[1]
    assert problem["status"] == status and "quotes" not in problem
    assert problem["id"] == (document.get("id") if isinstance(document, dict) else None)
    if field is not None:
        assert field in problem["errors"]


@pytest.mark.parametrize("config, documents", [
    ({"QUOTES_MAX_BATCH_DOCS": 2}, [{"id": str(i), "text": SECOND} for i in range(3)]),
    ({"QUOTES_MAX_BATCH_CHARS": 60}, [{"id": "a", "text": FIRST}, {"id": "b", "text": SECOND}]),
], ids=["too-many-documents", "too-many-characters"])
def test_over_the_batch_limits_is_413(make_app, config, documents):
    response = make_app(config).test_client().post(PATH, json={"documents": documents})
    check_problem(413, response.content_type, response.get_json(), method="POST", path=PATH)
    assert response.get_json()["type"] == "urn:quotes:problem:batch-too-large"


def test_batch_body_has_its_own_size_limit(make_app):
    client = make_app({"MAX_CONTENT_LENGTH": 1000, "QUOTES_MAX_BATCH_BYTES": 4000}).test_client()
    documents = [{"id": str(i), "text": SECOND} for i in range(20)]  # ~1.2 kB
    assert client.post(PATH, json={"documents": documents}).status_code == 200
    response = client.post(PATH, json={"documents": documents * 4})
    check_problem(413, response.content_type, response.get_json(), method="POST", path=PATH)


@pytest.mark.parametrize("body, content_type, status", [
    (b'{"documents": []}', "application/json", 422),
    (b'{"documents": {"id": "a"}}', "application/json", 422),
    (b'{}', "application/json", 422),
    (b'{"documents": [], "extra": 1}', "application/json", 422),
    (b'[]', "application/json", 422),
    (b'{"documents": [', "application/json", 400),
    (b'{"documents": [{"id": "a", "text": "b"}]}', "text/plain", 415),
], ids=["empty", "not-a-list", "missing", "unknown-field", "not-an-object", "malformed",
        "plain-text"])
def test_not_a_batch(client, body, content_type, status):
    response = client.post(PATH, data=body, headers={"Content-Type": content_type})
    check_problem(status, response.content_type, response.get_json(), method="POST", path=PATH)

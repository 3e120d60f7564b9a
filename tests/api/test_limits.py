"""Texts that would take too long to analyse are refused before the model sees them."""
from __future__ import annotations

import pytest

from api.limits import count_tokens
from contract import check_problem


@pytest.mark.parametrize("text, tokens", [
    ("", 0),
    ("He said no.", 4),
    ('"No," he said.', 7),
    ('"' * 50, 50),
    ("a" * 1000, 1),
    ("“«»„”", 5),
    ("don't", 3),  # never below spaCy's count (do, n't)
])
def test_count_tokens(text, tokens):
    assert count_tokens(text) == tokens


@pytest.mark.parametrize("text, status", [
    ('"' * 20, 200),
    ('"' * 21, 413),
    ("word " * 20, 200),
    ("word " * 21, 413),
    ("x" * 500, 200),  # one long token is cheap
])
def test_single_text_token_limit(make_app, text, status):
    client = make_app({"QUOTES_MAX_TEXT_TOKENS": 20}).test_client()
    response = client.post("/v1/quotes", json={"text": text})
    assert response.status_code == status
    if status == 413:
        check_problem(413, response.content_type, response.json, method="POST",
                      path="/v1/quotes")
        assert response.json["type"] == "urn:quotes:problem:text-too-long"
        assert "words and marks" in response.json["detail"]


def test_batch_document_and_total_token_limits(make_app):
    client = make_app({"QUOTES_MAX_TEXT_TOKENS": 20,
                       "QUOTES_MAX_BATCH_TOKENS": 30}).test_client()
    response = client.post("/v1/quotes/batch", json={"documents": [
        {"id": "ok", "text": "He said no."}, {"id": "long", "text": '"' * 21}]})
    assert response.status_code == 200
    ok, long = response.json["results"]
    assert "quotes" in ok and long["status"] == 413 and long["id"] == "long"
    response = client.post("/v1/quotes/batch", json={"documents": [
        {"id": str(n), "text": "word " * 15} for n in range(3)]})
    assert response.status_code == 413
    assert response.json["type"] == "urn:quotes:problem:batch-too-large"

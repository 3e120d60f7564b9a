"""POST /v1/quotes: the successful answers."""
from __future__ import annotations

import pytest

from contract import check_offsets, check_response

TEXT = "text/plain; charset=utf-8"
ARTICLE = ('"We will not back down," said Maria Lopez, the union\'s president. '
           "The company said it would study the proposal.")


def _ok(response, text):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type == "application/json"
    body = response.get_json()
    check_response("POST", "/v1/quotes", 200, response.content_type, body)
    check_offsets(text, body)
    assert body["meta"]["chars"] == len(text)
    return body


def test_json_article(client):
    body = _ok(client.post("/v1/quotes", json={"text": ARTICLE, "id": "a-1", "title": "T"}),
               ARTICLE)
    assert body["id"] == "a-1"
    assert body["meta"]["model"] and body["meta"]["version"]
    assert body["meta"]["elapsed_ms"] >= 0


def test_id_is_null_when_not_sent(client):
    assert _ok(client.post("/v1/quotes", json={"text": ARTICLE}), ARTICLE)["id"] is None


def test_plain_text_article(client):
    response = client.post("/v1/quotes", data=ARTICLE.encode(), headers={"Content-Type": TEXT})
    _ok(response, ARTICLE)


def test_plain_text_without_charset_is_read_as_utf8(client):
    text = "“Ça va,” dit-elle. " + ARTICLE
    response = client.post("/v1/quotes", data=text.encode(),
                           headers={"Content-Type": "text/plain"})
    assert _ok(response, text)["meta"]["chars"] == len(text)


def test_json_and_plain_text_give_the_same_records(client):
    as_json = client.post("/v1/quotes", json={"text": ARTICLE}).get_json()
    as_text = client.post("/v1/quotes", data=ARTICLE.encode(),
                          headers={"Content-Type": TEXT}).get_json()
    assert as_json["quotes"] == as_text["quotes"]
    assert as_json["speakers"] == as_text["speakers"]


@pytest.mark.parametrize("text", [
    "He said \x00 so.\x00",
    "\x00" * 20,
    "Astral plane 😀 before: “I agree,” she said. 😀😀",
    "Tabs\tand\r\nCRLF lines: \"Yes,\" he said.\r\n",
], ids=["nul", "only-nul", "astral", "crlf"])
def test_unusual_characters_keep_offsets(client, text):
    _ok(client.post("/v1/quotes", json={"text": text}), text)


def test_byte_order_mark_is_not_part_of_the_text(client):
    response = client.post("/v1/quotes", data=b"\xef\xbb\xbf" + ARTICLE.encode(),
                           headers={"Content-Type": TEXT})
    assert _ok(response, ARTICLE)["meta"]["chars"] == len(ARTICLE)


def test_seed_articles(client, seed_texts):
    for name, text in seed_texts.items():
        body = _ok(client.post("/v1/quotes", json={"text": text, "id": name}), text)
        assert body["id"] == name


def test_acts_ask_for_some_attributions_only(client):
    text = ("Officials believe the minister said the plan would work. A new poll showed that "
            "voters trust the governor.")
    every = client.post("/v1/quotes", json={"text": text}).get_json()
    assert {q["act"] for q in every["quotes"]} == {"thought", "speech", "evidence"}
    speech = client.post("/v1/quotes", json={"text": text, "acts": ["speech"]}).get_json()
    assert [q["act"] for q in speech["quotes"]] == ["speech"]
    kept = speech["quotes"][0]
    assert kept["id"] in {q["id"] for q in every["quotes"]} and kept["parent_id"] is None
    check_response("POST", "/v1/quotes", 200, "application/json", speech)
    check_offsets(text, speech)
    assert all(set(entity["quote_ids"]) == {kept["id"]} for entity in speech["speakers"])


@pytest.mark.parametrize("acts", [["gossip"], [], "speech", [1]])
def test_acts_must_be_a_list_of_known_acts(client, acts):
    response = client.post("/v1/quotes", json={"text": "He said no.", "acts": acts})
    assert response.status_code == 422
    assert "acts" in response.get_json()["errors"] or any(
        key.startswith("acts") for key in response.get_json()["errors"])


def test_a_batch_and_a_compare_take_acts_too(client):
    text = "Officials believe the minister said the plan would work."
    batch = client.post("/v1/quotes/batch", json={
        "documents": [{"id": "a", "text": text}], "acts": ["thought"]}).get_json()
    assert [q["act"] for q in batch["results"][0]["quotes"]] == ["thought"]
    compared = client.post("/v1/compare", json={
        "a": {"text": text}, "b": {"text": text}, "acts": ["speech"]}).get_json()
    assert [q["act"] for q in compared["a"]["quotes"]] == ["speech"]
    assert len(compared["pairs"]) == 1


def test_a_floating_quotation_is_a_piece_with_its_own_confidence(client):
    text = ("Harry Kazianis, director of defence studies, said the plan would fail.\n\n"
            "\"In fact, the talks never started.\"")
    (quote,) = _ok(client.post("/v1/quotes", json={"text": text}), text)["quotes"]
    first, second = quote["spans"]
    assert (first["floating"], second["floating"]) == (False, True)
    assert text[second["start"]:second["end"]] == "\"In fact, the talks never started.\""
    assert first["confidence"] == quote["confidence"]
    assert 0 < second["confidence"] < quote["confidence"]
    assert quote["speaker"]["name"] == "Harry Kazianis"

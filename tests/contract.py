"""Checks that responses keep the contract: ``openapi.yaml`` and the offsets invariant.

Used by the unit tests (Flask test client) and the end-to-end tests (real server).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS31Validator

REPO = Path(__file__).resolve().parent.parent
SPEC_PATH = REPO / "openapi.yaml"


@cache
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def check_response(method: str, path: str, status: int, content_type: str, body: Any) -> None:
    """Fail unless ``spec()`` documents this status and media type for the operation and the
    (parsed JSON) ``body`` validates against the documented schema."""
    operation = spec()["paths"][path][method.lower()]
    documented = operation["responses"]
    assert str(status) in documented, f"{method} {path} -> {status} is not in the spec"
    content = documented[str(status)]["content"]
    media_type = _media_type(content_type)
    assert media_type in content, f"{media_type} not documented for {method} {path} {status}"
    schema = {**content[media_type]["schema"], "components": spec()["components"]}
    errors = sorted(OAS31Validator(schema).iter_errors(body), key=str)
    assert not errors, "response does not match the spec:\n" + "\n".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def check_problem(status: int, content_type: str, body: Any, *, method: str | None = None,
                  path: str | None = None) -> None:
    """Fail unless ``body`` is a problem document for ``status``."""
    assert _media_type(content_type) == "application/problem+json"
    schema = {"$ref": "#/components/schemas/Problem", "components": spec()["components"]}
    errors = list(OAS31Validator(schema).iter_errors(body))
    assert not errors, [e.message for e in errors]
    assert body["status"] == status
    if method is not None and method.lower() in spec()["paths"].get(path or "", {}):
        check_response(method, path, status, content_type, body)


def check_offsets(text: str, analysis: dict[str, Any]) -> None:
    """Fail unless every offset in ``analysis`` points at the text it reports."""
    def piece(offsets: dict[str, int]) -> str:
        assert 0 <= offsets["start"] <= offsets["end"] <= len(text), offsets
        return text[offsets["start"]:offsets["end"]]

    for quote in analysis["quotes"]:
        assert piece(quote["span"]) == quote["text"], quote["id"]
        for part in quote["spans"]:
            piece(part)
            assert quote["span"]["start"] <= part["start"] <= part["end"] <= quote["span"]["end"]
        if quote["cue"] is not None:
            assert piece(quote["cue"]["span"]) == quote["cue"]["text"], quote["id"]
        speaker = quote["speaker"]
        if speaker is not None and speaker["mention_span"] is not None:
            assert piece(speaker["mention_span"]) == speaker["mention"], quote["id"]
        sentence = quote["sentence"]
        assert sentence["text"] is None or piece(sentence) == sentence["text"], quote["id"]
    ids = {quote["id"] for quote in analysis["quotes"]}
    for quote in analysis["quotes"]:
        assert quote["parent_id"] is None or quote["parent_id"] in ids
    for entity in analysis["speakers"]:
        assert set(entity["quote_ids"]) <= ids, entity["entity_id"]

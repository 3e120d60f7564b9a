"""openapi.yaml is valid and is exactly what the schemas generate.

On failure, regenerate it: ``python -m api.spec > openapi.yaml``.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from openapi_spec_validator import validate

from api import create_app
from api.spec import spec_yaml

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"


def test_committed_spec_is_generated_from_the_code():
    assert SPEC_PATH.read_text(encoding="utf-8") == spec_yaml(), (
        "openapi.yaml is out of date: run `python -m api.spec > openapi.yaml`")


def test_spec_is_valid_openapi():
    validate(yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8")))


def test_every_route_is_documented(pipeline):
    app = create_app(pipeline=pipeline)
    documented = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))["paths"]
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"static", "docs.docs_asset", "docs.favicon"}:
            continue
        path = str(rule).replace("<", "{").replace(">", "}")
        assert path in documented, path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in documented[path], f"{method} {path}"


def test_the_spec_has_the_value_sets_of_the_records():
    # nlp.compare spells each verdict and alarm kind as a constant; the schemas (and so the
    # spec's enums) must list exactly those until nlp exports the sets themselves.
    from nlp import compare
    from quotes_schemas.compare import ALARM_KINDS, VERDICTS

    assert VERDICTS == (compare.IDENTICAL, compare.MINOR, compare.ALTERED)
    assert ALARM_KINDS == (compare.MISQUOTE, compare.MISATTRIBUTION,
                           compare.PARAPHRASE_TO_QUOTE, compare.QUOTE_TO_PARAPHRASE,
                           compare.FACT_CHANGED)
    schemas = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))["components"]["schemas"]
    assert schemas["Alarm"]["properties"]["kind"]["enum"] == list(ALARM_KINDS)

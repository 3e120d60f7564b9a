"""The comparison document: two versions of a story, their analyses, what pairs and what
changed. Shared by the HTTP layer (``POST /v1/compare``) and ``quotes compare --json``; it
imports neither Flask nor spaCy.
"""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from quotes_schemas import AnalysisSchema, OffsetsSchema

VERDICTS = ("identical", "minor", "altered")
CHANGE_FIELDS = ("wording", "speaker", "cue", "type", "stance")
DIFF_OPS = ("equal", "replace", "delete", "insert")
ALARM_KINDS = ("misquote", "misattribution", "paraphrase_to_quote", "quote_to_paraphrase",
               "fact_changed")
FACT_KINDS = ("entity", "number", "date", "negation")


class ChangeSchema(Schema):
    """Something that differs between two paired records."""

    field = fields.String(required=True, validate=validate.OneOf(CHANGE_FIELDS), metadata={
        "description": "What changed: the `wording` of the content, the `speaker`, the `cue`, "
                       "the record's `type` or its `stance` label."})
    a = fields.String(required=True, allow_none=True, metadata={"description": "In `a`."})
    b = fields.String(required=True, allow_none=True, metadata={"description": "In `b`."})


class DiffOpSchema(Schema):
    """One step of a word-level diff."""

    op = fields.String(required=True, validate=validate.OneOf(DIFF_OPS),
                       metadata={"description": "What the step does to the words."})
    a = fields.String(required=True, metadata={"description": "The words of `a` (may be empty)."})
    b = fields.String(required=True, metadata={"description": "The words of `b` (may be empty)."})


class PairSchema(Schema):
    """A record of `a` and a record of `b` that report the same utterance."""

    a = fields.String(required=True, metadata={"description": "Quote id in `a`."})
    b = fields.String(required=True, metadata={"description": "Quote id in `b`."})
    similarity = fields.Float(required=True, metadata={
        "description": "Content similarity, 0 to 1 (share of content lemmas in common)."})
    quoted_words = fields.String(required=True, allow_none=True,
                                 validate=validate.OneOf(VERDICTS), metadata={
        "description": "The words inside quotation marks compared: `identical` (after case, "
                       "spacing, punctuation and quote-mark style), `minor` (function words "
                       "only), `altered` (a content word, number, name or negation); null "
                       "unless both records quote."})
    changes = fields.List(fields.Nested(ChangeSchema), required=True,
                          metadata={"description": "What differs between the two records."})
    diff = fields.List(fields.Nested(DiffOpSchema), required=True, metadata={
        "description": "Word-level diff of the quoted words, or of the contents when the two "
                       "records do not both quote."})


class FactChangeSchema(Schema):
    """A fact of a reported content that the other version states otherwise."""

    kind = fields.String(required=True, validate=validate.OneOf(FACT_KINDS), metadata={
        "description": "`entity`: a person, organisation, place or nationality replaced by "
                       "another of its kind; `number`: a number, amount or percentage; "
                       "`date`; `negation`: a negation added or removed. Another spelling of "
                       "one name or number, or a name only dropped or added, is no change."})
    a = fields.String(required=True, metadata={"description": "The words in version `a`."})
    b = fields.String(required=True, metadata={"description": "The words in version `b`."})
    a_spans = fields.List(fields.Nested(OffsetsSchema), required=True, metadata={
        "description": "Where they are in `a`'s text."})
    b_spans = fields.List(fields.Nested(OffsetsSchema), required=True, metadata={
        "description": "Where they are in `b`'s text."})


class AlarmSchema(Schema):
    """A change an editor must look at."""

    kind = fields.String(required=True, validate=validate.OneOf(ALARM_KINDS), metadata={
        "description": "`misquote`: quoted words altered; `misattribution`: the speakers are "
                       "different people or organisations; `paraphrase_to_quote`: `b` quotes "
                       "what `a` paraphrased; `quote_to_paraphrase`: the reverse; "
                       "`fact_changed`: a fact of what was reported, quoted or not, is stated "
                       "otherwise (`facts` says which)."})
    a = fields.String(required=True, allow_none=True, metadata={"description": "Quote id in `a`."})
    b = fields.String(required=True, allow_none=True, metadata={"description": "Quote id in `b`."})
    detail = fields.String(required=True, metadata={"description": "What changed, to read."})
    facts = fields.List(fields.Nested(FactChangeSchema), required=True, metadata={
        "description": "For `fact_changed`: each fact stated otherwise (empty for the other "
                       "kinds)."})


class ComparisonSchema(Schema):
    """Two versions of a story compared."""

    a = fields.Nested(AnalysisSchema, required=True,
                      metadata={"description": "The analysis of `a`, as `POST /v1/quotes`."})
    b = fields.Nested(AnalysisSchema, required=True,
                      metadata={"description": "The analysis of `b`, as `POST /v1/quotes`."})
    pairs = fields.List(fields.Nested(PairSchema), required=True,
                        metadata={"description": "Records reporting the same utterance."})
    only_a = fields.List(fields.String(), required=True,
                         metadata={"description": "Quote ids of `a` with no pair in `b`."})
    only_b = fields.List(fields.String(), required=True,
                         metadata={"description": "Quote ids of `b` with no pair in `a`."})
    alarms = fields.List(fields.Nested(AlarmSchema), required=True, metadata={
        "description": "Misquotes first, then misattributions, then changes of quoting."})


_COMPARISON = ComparisonSchema()


def comparison_document(comparison: Any, a: dict[str, Any], b: dict[str, Any]
                        ) -> dict[str, Any]:
    """An :class:`nlp.compare.Comparison` as the JSON-ready document, with the analysis
    documents ``a`` and ``b`` of the two versions."""
    return _COMPARISON.dump({"a": a, "b": b, "pairs": comparison.pairs,
                             "only_a": comparison.only_a, "only_b": comparison.only_b,
                             "alarms": comparison.alarms})

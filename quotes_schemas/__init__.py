"""The article and analysis documents, as marshmallow schemas: the contract.

The HTTP layer validates and serialises with them (and the spec is made from them); the
command-line tool writes the same documents with them. This package imports neither Flask nor
spaCy, so both can use it.
"""
from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate


QUOTE_TYPES = ("direct", "indirect", "mixed")
SPEAKER_KINDS = ("person", "organization", "place", "anonymous", "unknown")
POLARITIES = ("positive", "negative", "neutral")

# Validation messages (the HTTP layer's other messages are in api/errors.py).
MSG_NOT_BLANK = "Must contain at least one non-space character."
MSG_SURROGATES = "Must not contain unpaired surrogate code points."


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError(MSG_NOT_BLANK)


def _no_surrogates(value: str) -> None:
    # JSON can spell an unpaired surrogate (\ud800); no text can be made of one.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(MSG_SURROGATES) from exc


class ArticleSchema(Schema):
    """An article to analyse."""

    class Meta:
        unknown = RAISE

    text = fields.String(required=True, validate=[validate.Length(min=1), _not_blank,
                                                  _no_surrogates], metadata={
        "description": "The article body as plain text. Offsets in the response are Python "
                       "code-point offsets into exactly this string. Longer than the "
                       "configured limit (default 200,000 characters) gets 413."})
    id = fields.String(validate=[validate.Length(max=256), _no_surrogates], metadata={
        "description": "Your identifier for the article, echoed in the response."})
    title = fields.String(validate=[validate.Length(max=2000), _no_surrogates], metadata={
        "description": "The headline. Informational: it is not analysed."})


class DocumentSchema(Schema):
    """One article of a batch or an archive: an identifier and the text."""

    class Meta:
        unknown = RAISE

    id = fields.String(required=True, validate=[validate.Length(min=1, max=256),
                                                _no_surrogates], metadata={
        "description": "Your identifier for the article, echoed in its result."})
    text = fields.String(required=True, validate=[validate.Length(min=1), _not_blank,
                                                  _no_surrogates], metadata={
        "description": "The article body as plain text; offsets in its result are Python "
                       "code-point offsets into exactly this string."})


class OffsetsSchema(Schema):
    """A half-open range ``[start, end)`` of code points in the submitted text."""

    start = fields.Integer(required=True, metadata={"description": "First code point."})
    end = fields.Integer(required=True, metadata={"description": "One past the last."})


class CueSchema(Schema):
    """The word(s) that introduce the report: said, told, according to, ..."""

    text = fields.String(required=True, metadata={"description": "The cue as written."})
    lemma = fields.String(required=True, metadata={"description": "Its base form."})
    span = fields.Nested(OffsetsSchema, required=True,
                         metadata={"description": "Where the cue is."})


class SpeakerSchema(Schema):
    """Who a quote is attributed to, as written and as resolved."""

    entity_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The speaker entity in `speakers`, if resolved."})
    name = fields.String(required=True, metadata={"description": "Canonical name."})
    mention = fields.String(required=True, metadata={
        "description": "How this sentence refers to the speaker (may be a pronoun)."})
    mention_span = fields.Nested(OffsetsSchema, required=True, allow_none=True,
                                 metadata={"description": "Where the mention is."})
    kind = fields.String(required=True, validate=validate.OneOf(SPEAKER_KINDS),
                         metadata={"description": "What sort of speaker it is."})
    role = fields.String(required=True, allow_none=True, metadata={
        "description": "Title or function, e.g. `spokesman`."})


class StanceSchema(Schema):
    """The speaker's stance in the quote."""

    label = fields.String(required=True, metadata={"description": "Stance label."})
    polarity = fields.String(required=True, validate=validate.OneOf(POLARITIES),
                             metadata={"description": "Overall polarity."})
    score = fields.Float(required=True, metadata={"description": "Strength of the polarity."})
    target = fields.String(required=True, allow_none=True,
                           metadata={"description": "What the stance is about."})
    framing = fields.String(required=True, metadata={
        "description": "How the reporter frames the quote (through the cue)."})
    evidence = fields.List(fields.String(), required=True,
                           metadata={"description": "Words the stance rests on."})


class SentenceSchema(Schema):
    """The sentence a quote's cue is in."""

    index = fields.Integer(required=True, metadata={"description": "0-based sentence number."})
    text = fields.String(required=True, metadata={"description": "The sentence."})
    start = fields.Integer(required=True, metadata={"description": "Its first code point."})
    end = fields.Integer(required=True, metadata={"description": "One past its last."})


class QuoteSchema(Schema):
    """One attribution: who reported what, through which cue."""

    id = fields.String(required=True, metadata={"description": "Id within this response."})
    type = fields.String(required=True, validate=validate.OneOf(QUOTE_TYPES), metadata={
        "description": "`direct` (in quotation marks), `indirect` (reported speech) or "
                       "`mixed` (both)."})
    text = fields.String(required=True, metadata={"description": "The reported content."})
    span = fields.Nested(OffsetsSchema, required=True,
                         metadata={"description": "From the content's start to its end."})
    spans = fields.List(fields.Nested(OffsetsSchema), required=True, metadata={
        "description": "The content's pieces when the cue interrupts it."})
    cue = fields.Nested(CueSchema, required=True, allow_none=True)
    speaker = fields.Nested(SpeakerSchema, required=True, allow_none=True)
    stance = fields.Nested(StanceSchema, required=True)
    sentence = fields.Nested(SentenceSchema, required=True)
    parent_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The quote this one is reported inside, for nested attribution."})
    confidence = fields.Float(required=True, metadata={"description": "From 0 to 1."})


class SpeakerEntitySchema(Schema):
    """A speaker: every name that stands for them and the quotes they gave."""

    entity_id = fields.String(required=True, metadata={"description": "Id within the response."})
    name = fields.String(required=True, metadata={"description": "Canonical name."})
    kind = fields.String(required=True, validate=validate.OneOf(SPEAKER_KINDS),
                         metadata={"description": "What sort of speaker it is."})
    role = fields.String(required=True, allow_none=True,
                         metadata={"description": "Title or function."})
    aliases = fields.List(fields.String(), required=True,
                          metadata={"description": "Other names used for the speaker."})
    quote_ids = fields.List(fields.String(), required=True,
                            metadata={"description": "Ids of the speaker's quotes."})


class MetaSchema(Schema):
    """How the response was made."""

    model = fields.String(required=True, metadata={"description": "The spaCy model."})
    version = fields.String(required=True, metadata={"description": "The model's version."})
    chars = fields.Integer(required=True,
                           metadata={"description": "Length of the text, in code points."})
    elapsed_ms = fields.Float(required=True,
                              metadata={"description": "Time spent on the analysis."})


class AnalysisSchema(Schema):
    """The attributions found in an article."""

    id = fields.String(required=True, allow_none=True,
                       metadata={"description": "The article's `id`, as sent."})
    quotes = fields.List(fields.Nested(QuoteSchema), required=True,
                         metadata={"description": "Every attribution, in text order."})
    speakers = fields.List(fields.Nested(SpeakerEntitySchema), required=True,
                           metadata={"description": "Every speaker entity."})
    meta = fields.Nested(MetaSchema, required=True)


_ANALYSIS = AnalysisSchema()  # stateless when dumping: one instance serves every call


def analysis_document(analysis: Any, *, doc_id: str | None, meta: dict[str, Any]
                      ) -> dict[str, Any]:
    """An :class:`nlp.Analysis` as the JSON-ready document the API answers with.

    ``meta`` holds the model's ``model`` and ``version``, the text's ``chars`` and the
    ``elapsed_ms`` spent on it.
    """
    return _ANALYSIS.dump({"id": doc_id, "quotes": analysis.quotes,
                           "speakers": analysis.speakers, "meta": meta})

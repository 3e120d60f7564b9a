"""The article and analysis documents, as marshmallow schemas: the contract.

The HTTP layer validates and serialises with them (and the spec is made from them); the
command-line tool writes the same documents with them. This package imports neither Flask nor
spaCy, so both can use it.
"""
from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema


from nlp.types import ACTS  # noqa: E402  (nlp.types loads no spaCy)

QUOTE_TYPES = ("direct", "indirect", "mixed")
SPEAKER_KINDS = ("person", "organization", "place", "anonymous", "unknown")
POLARITIES = ("positive", "negative", "neutral")

# Validation messages (the HTTP layer's other messages are in api/errors.py).
MSG_NOT_BLANK = "Must contain at least one non-space character."
MSG_SURROGATES = "Must not contain unpaired surrogate code points."
MSG_TEXT_OR_HTML = "Send exactly one of `text` (plain text) and `html` (a web page)."


# A text must hold one character that is not white space. White space here is what Python's
# str.isspace() and what JSON Schema patterns (ECMAScript's \s) call white space, so that the
# server and the spec (``pattern``) draw the same line: "\x1f" or "\ufeff" alone is blank.
VISIBLE_PATTERN = (r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
                   r"\u205f\u3000\ufeff]")
_VISIBLE = re.compile(VISIBLE_PATTERN)


def _not_blank(value: str) -> None:
    if not _VISIBLE.search(value):
        raise ValidationError(MSG_NOT_BLANK)


def _no_surrogates(value: str) -> None:
    # JSON can spell an unpaired surrogate (\ud800); no text can be made of one.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(MSG_SURROGATES) from exc


def exactly_one_of_text_and_html(data: dict[str, Any]) -> None:
    """An article comes as `text` or as `html`, never both, never neither."""
    if "text" in data and "html" in data:
        raise ValidationError(MSG_TEXT_OR_HTML)
    if "text" not in data and "html" not in data:
        raise ValidationError(MSG_TEXT_OR_HTML, field_name="text")


def text_field(*, required: bool = True) -> fields.String:
    """The field of an article's plain text."""
    return fields.String(required=required, validate=[validate.Length(min=1), _not_blank,
                                                      _no_surrogates], metadata={
        "pattern": VISIBLE_PATTERN,
        "description": "The article body as plain text. Offsets in the response are Python "
                       "code-point offsets into exactly this string. Longer than the "
                       "configured limit (default 200,000 characters) gets 413."})


def acts_field() -> fields.List:
    """The acts a request asks for (all when left out)."""
    return fields.List(fields.String(validate=validate.OneOf(ACTS)),
                       validate=validate.Length(min=1), metadata={
        "description": "Report only attributions of these acts (`speech`, `thought`, "
                       "`intention`, `evidence`; default all four): `[\"speech\"]` gives who "
                       "said what. The records keep their ids; one whose parent is left out "
                       "points at its nearest ancestor kept."})


def html_field() -> fields.String:
    """The field of an article sent as the web page it is on."""
    return fields.String(validate=[validate.Length(min=1), _not_blank, _no_surrogates],
                         metadata={
        "pattern": VISIBLE_PATTERN,
        "description": "The web page the article is on, as HTML, instead of `text`. Only "
                       "the article is analysed (no navigation, teasers, captions, comments); "
                       "the response's `text` is its plain text, which every offset then "
                       "refers to, and its `title` the headline. A page of more than the "
                       "configured limit (default 5 MB as UTF-8) gets 413; one without "
                       "article text, 422."})


class ArticleSchema(Schema):
    """An article to analyse: its plain `text`, or the `html` of its page."""

    class Meta:
        unknown = RAISE

    text = text_field(required=False)
    html = html_field()
    id = fields.String(validate=[validate.Length(max=256), _no_surrogates], metadata={
        "description": "Your identifier for the article, echoed in the response."})
    title = fields.String(validate=[validate.Length(max=2000), _no_surrogates], metadata={
        "description": "The headline. Informational: it is not analysed."})
    acts = acts_field()

    @validates_schema
    def _text_or_html(self, data: dict[str, Any], **_: Any) -> None:
        exactly_one_of_text_and_html(data)


class DocumentSchema(Schema):
    """One article of a batch or an archive: an identifier and the text (or the page)."""

    class Meta:
        unknown = RAISE

    id = fields.String(required=True, validate=[validate.Length(min=1, max=256),
                                                _no_surrogates], metadata={
        "description": "Your identifier for the article, echoed in its result."})
    text = fields.String(validate=[validate.Length(min=1), _not_blank,
                                   _no_surrogates], metadata={
        "pattern": VISIBLE_PATTERN,
        "description": "The article body as plain text; offsets in its result are Python "
                       "code-point offsets into exactly this string."})
    html = html_field()

    @validates_schema
    def _text_or_html(self, data: dict[str, Any], **_: Any) -> None:
        exactly_one_of_text_and_html(data)


class OffsetsSchema(Schema):
    """A half-open range ``[start, end)`` of code points in the submitted text."""

    start = fields.Integer(required=True, metadata={"description": "First code point."})
    end = fields.Integer(required=True, metadata={"description": "One past the last."})


class PieceSchema(OffsetsSchema):
    """A piece of a quote's content."""

    floating = fields.Boolean(required=True, metadata={
        "description": "A quotation with no cue of its own that stands alone, as a whole "
                       "sentence or paragraph, right after the attribution it continues, and "
                       "is taken to be that speaker's ('... Kazianis said in a statement.' "
                       "then '\"In fact, ...\"')."})
    confidence = fields.Float(required=True, metadata={
        "description": "From 0 to 1: the quote's own for the pieces its cue reports; for a "
                       "floating piece, the quote's times how often such a piece lies in the "
                       "annotated content of a record that is right, on PolNeAR train (0.7 "
                       "where too few were seen to tell)."})


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
                             metadata={"description": (
                                 "The speaker's attitude: negative where the speaker "
                                 "criticises, warns, denies, is concerned or demands; positive "
                                 "where they support or praise; neutral for a report with no "
                                 "evaluation. Scored by a model trained on labelled "
                                 "attributions, from the act, the tone and the content; on a "
                                 "spaCy model other than the default, by rules: the act where "
                                 "it carries one, else the tone of the content (or of the "
                                 "cue).")})
    score = fields.Float(required=True, metadata={"description": (
        "The content's tone, from -1 to 1 (VADER's compound score), one of what the "
        "polarity is decided from.")})
    target = fields.String(required=True, allow_none=True,
                           metadata={"description": "What the stance is about."})
    framing = fields.String(required=True, metadata={
        "description": "How the reporter frames the quote (through the cue)."})
    evidence = fields.List(fields.String(), required=True,
                           metadata={"description": "Words the stance rests on."})


class SentenceSchema(Schema):
    """The sentence a quote's cue is in."""

    index = fields.Integer(required=True, metadata={"description": "0-based sentence number."})
    text = fields.String(required=True, allow_none=True, metadata={
        "description": "The sentence; null where repeating it for every quote in it would "
                       "pass 20,000 characters (a sentence of thousands of clauses): "
                       "`start` and `end` still give it."})
    start = fields.Integer(required=True, metadata={"description": "Its first code point."})
    end = fields.Integer(required=True, metadata={"description": "One past its last."})


class QuoteSchema(Schema):
    """One attribution: who reported what, through which cue."""

    id = fields.String(required=True, metadata={"description": "Id within this response."})
    type = fields.String(required=True, validate=validate.OneOf(QUOTE_TYPES), metadata={
        "description": "`direct` (in quotation marks), `indirect` (reported speech) or "
                       "`mixed` (both)."})
    act = fields.String(required=True, validate=validate.OneOf(ACTS), metadata={
        "description": "What is reported: `speech` (said, told, wrote, announced, a "
                       "statement), `thought` (believes, thinks, knows, feels), `intention` "
                       "(wants, plans, hopes, intends, is expected to) or `evidence` (a poll "
                       "showed, a study found, records indicate, data suggest): from the cue "
                       "and whether the source is a thing rather than a person or an "
                       "organisation."})
    text = fields.String(required=True, metadata={"description": "The reported content."})
    span = fields.Nested(OffsetsSchema, required=True,
                         metadata={"description": "From the content's start to its end."})
    spans = fields.List(fields.Nested(PieceSchema), required=True, metadata={
        "description": "The content's pieces: more than one when the cue interrupts it, or "
                       "when a floating quotation continues it."})
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
    tagger = fields.String(required=True, metadata={
        "description": "The trained attribution tagger run after the model, as name and "
                       "version, or `off` (rules only)."})
    chars = fields.Integer(required=True,
                           metadata={"description": "Length of the text, in code points."})
    elapsed_ms = fields.Float(required=True,
                              metadata={"description": "Time spent on the analysis."})


class AnalysisSchema(Schema):
    """The attributions found in an article."""

    id = fields.String(required=True, allow_none=True,
                       metadata={"description": "The article's `id`, as sent."})
    title = fields.String(required=True, allow_none=True, metadata={
        "description": "The headline: as sent, or for `html` the page's."})
    text = fields.String(required=True, allow_none=True, metadata={
        "description": "For `html`: the article's plain text, which every offset here refers "
                       "to. Null for plain text: offsets refer to the text as sent."})
    quotes = fields.List(fields.Nested(QuoteSchema), required=True,
                         metadata={"description": "Every attribution, in text order."})
    speakers = fields.List(fields.Nested(SpeakerEntitySchema), required=True,
                           metadata={"description": "Every speaker entity."})
    meta = fields.Nested(MetaSchema, required=True)


class Stopwatch:
    """Times analyses for their ``meta``: :meth:`lap` is the time since it was started or
    since the previous lap (a batch parsed together credits each document with the time
    since the one before)."""

    def __init__(self) -> None:
        self._started = time.perf_counter()

    def lap(self) -> float:
        """Milliseconds since the start or the previous lap; starts the next lap."""
        now = time.perf_counter()
        elapsed, self._started = (now - self._started) * 1000, now
        return elapsed


def meta(info: Mapping[str, str], chars: int, elapsed_ms: float) -> dict[str, Any]:
    """The ``meta`` of an analysis document: the model's ``info``
    (:func:`nlp.pipeline_info`), the text's length in ``chars`` and the time spent on it."""
    return {**info, "chars": chars, "elapsed_ms": round(elapsed_ms, 3)}


_ANALYSIS = AnalysisSchema()  # stateless when dumping: one instance serves every call


def analysis_document(analysis: Any, *, doc_id: str | None, meta: dict[str, Any],
                      title: str | None = None, text: str | None = None) -> dict[str, Any]:
    """An :class:`nlp.Analysis` as the JSON-ready document the API answers with.

    ``meta`` is made by :func:`meta`: the model's ``model``, ``version`` and ``tagger``,
    the text's ``chars`` and the ``elapsed_ms`` spent on it. ``text`` is given for an
    article that came as HTML: the text the offsets refer to.
    """
    return _ANALYSIS.dump({"id": doc_id, "title": title, "text": text,
                           "quotes": analysis.quotes, "speakers": analysis.speakers,
                           "meta": meta})

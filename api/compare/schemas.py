"""Request and response schemas for ``/v1/compare``; the response documents are shared with
the command line in :mod:`quotes_schemas.compare`."""
from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, validates_schema

from quotes_schemas import (ArticleSchema, exactly_one_of_text_and_html, html_field,
                            text_field)
from quotes_schemas.compare import (AlarmSchema, ChangeSchema, ComparisonSchema, DiffOpSchema,
                                    PairSchema, comparison_document)

__all__ = ["AlarmSchema", "ChangeSchema", "CompareRequestSchema", "ComparisonSchema",
           "DiffOpSchema", "PairSchema", "VersionSchema", "comparison_document"]


class VersionSchema(Schema):
    """One version of the story: its plain `text`, or the `html` of its page."""

    class Meta:
        unknown = RAISE

    text = text_field(required=False)
    html = html_field()
    id = ArticleSchema._declared_fields["id"]

    @validates_schema
    def _text_or_html(self, data: dict[str, Any], **_: Any) -> None:
        exactly_one_of_text_and_html(data)


class CompareRequestSchema(Schema):
    """Two versions of one story: the earlier (or original) `a` and the later `b`."""

    class Meta:
        unknown = RAISE

    a = fields.Nested(VersionSchema, required=True, metadata={
        "description": "The first version, e.g. the wire original."})
    b = fields.Nested(VersionSchema, required=True, metadata={
        "description": "The second version: a rewrite, an update, a translation."})

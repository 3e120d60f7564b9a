"""Request and response schemas for ``/v1/compare``; the response documents are shared with
the command line in :mod:`quotes_schemas.compare`."""
from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load

from api import errors
from quotes_schemas import ArticleSchema, text_field
from quotes_schemas.compare import (AlarmSchema, ChangeSchema, ComparisonSchema, DiffOpSchema,
                                    PairSchema, comparison_document)

__all__ = ["AlarmSchema", "ChangeSchema", "CompareRequestSchema", "ComparisonSchema",
           "DiffOpSchema", "PairSchema", "VersionSchema", "comparison_document"]


class VersionSchema(Schema):
    """One version of the story."""

    class Meta:
        unknown = RAISE

    text = text_field()
    id = ArticleSchema._declared_fields["id"]

    @pre_load
    def _no_html(self, data: Any, **_: Any) -> Any:
        if isinstance(data, dict) and "html" in data:
            raise ValidationError({"html": [errors.MSG_HTML_UNSUPPORTED]})
        return data


class CompareRequestSchema(Schema):
    """Two versions of one story: the earlier (or original) `a` and the later `b`."""

    class Meta:
        unknown = RAISE

    a = fields.Nested(VersionSchema, required=True, metadata={
        "description": "The first version, e.g. the wire original."})
    b = fields.Nested(VersionSchema, required=True, metadata={
        "description": "The second version: a rewrite, an update, a translation."})

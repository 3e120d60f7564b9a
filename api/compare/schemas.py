"""The request schemas of ``/v1/compare``: the HTTP layer's own. The response document is
shared with the command line in :mod:`quotes_schemas.compare`."""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields

from quotes_schemas import ArticleSchema, acts_field

__all__ = ["CompareRequestSchema", "VersionSchema"]


class VersionSchema(ArticleSchema):
    """One version of the story: its plain `text`, or the `html` of its page, and an `id`."""

    class Meta:
        unknown = RAISE
        exclude = ("title", "acts")


class CompareRequestSchema(Schema):
    """Two versions of one story: the earlier (or original) `a` and the later `b`."""

    class Meta:
        unknown = RAISE

    a = fields.Nested(VersionSchema, required=True, metadata={
        "description": "The first version, e.g. the wire original."})
    b = fields.Nested(VersionSchema, required=True, metadata={
        "description": "The second version: a rewrite, an update, a translation."})
    acts = acts_field()

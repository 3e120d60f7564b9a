"""The batch envelope of ``/v1/quotes/batch`` and its per-document problem: the HTTP layer's
own schemas. The article and analysis documents are :mod:`quotes_schemas`'s, which the
command-line tool shares; the spec is made from both.
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from quotes_schemas import acts_field

__all__ = ["BatchRequestSchema", "BatchResultsSchema", "DocumentProblemSchema"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


class BatchRequestSchema(Schema):
    """Several articles to analyse in one request."""

    class Meta:
        unknown = RAISE

    # Each document is validated on its own, so that one bad document fails alone; the
    # envelope only needs a non-empty list.
    documents = fields.List(fields.Raw(metadata={"allOf": [_ref("Document")]}), required=True,
                            validate=validate.Length(min=1), metadata={
        "description": "The articles, each `{id, text}`. At most the configured number "
                       "(default 100) and total characters (default 2,000,000), else 413."})
    acts = acts_field()


class DocumentProblemSchema(Schema):
    """Why one document of a batch has no analysis (RFC 9457 members, plus its `id`)."""

    id = fields.String(required=True, allow_none=True, metadata={
        "description": "The document's `id`, when it had a usable one."})
    type = fields.String(required=True, metadata={"description": "URI naming the problem."})
    title = fields.String(required=True, metadata={"description": "Short summary."})
    status = fields.Integer(required=True, metadata={
        "description": "The status this document would have had on its own."})
    detail = fields.String(required=True, metadata={"description": "What went wrong."})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), metadata={
        "description": "Validation problems only: messages per field of the document."})


class BatchResultsSchema(Schema):
    """One result per document, in the order they were sent."""

    results = fields.List(fields.Raw(metadata={
        "oneOf": [_ref("Analysis"), _ref("DocumentProblem")]}), required=True, metadata={
        "description": "The analysis of each document, as `POST /v1/quotes` answers it, or "
                       "a problem for a document that could not be analysed."})

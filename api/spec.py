"""The OpenAPI document, generated from the schemas.

``openapi.yaml`` at the top of the repository is this module's output, committed; a test
fails when they differ. Regenerate it with::

    python -m api.spec > openapi.yaml
"""
from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from api.compare.schemas import CompareRequestSchema, VersionSchema
from api.errors import PROBLEM_MEDIA_TYPE, ProblemSchema
from api.health import HealthSchema, ReadySchema
from api.quotes.schemas import BatchRequestSchema, BatchResultsSchema, DocumentProblemSchema
from articles.charsets import ENCODINGS
from quotes_schemas import VISIBLE_PATTERN, AnalysisSchema, ArticleSchema, DocumentSchema
from quotes_schemas.compare import ComparisonSchema

API_TITLE = "Quote attribution API"
API_VERSION = "1.0.0"
OPENAPI_VERSION = "3.1.0"
SPEC_MEDIA_TYPE = "application/yaml"

_DESCRIPTION = "\n\n".join([
    "Finds the quotes in a news article and who they are attributed to: direct quotes in "
    "quotation marks, reported (indirect) speech and mixed quotes, each with its cue, its "
    "speaker resolved to an entity, a stance and the sentence it is in. Every offset is a "
    "Python code-point offset into the submitted text.",
    "Errors are RFC 9457 problem details (`application/problem+json`). Every response "
    "carries an `X-Request-ID` header: the client's own, if it sent a sane one, or a new one.",
])


_READ_TIMEOUT = ("The request's headers and body did not all arrive within "
                 "`QUOTES_READ_TIMEOUT` seconds (`urn:quotes:problem:request-timeout`).")
_ANALYSIS_TIMEOUT = ("the analysis took more than `QUOTES_ANALYSIS_TIMEOUT` CPU seconds and was "
                     "stopped (`urn:quotes:problem:analysis-timeout`): shorten or split the "
                     "text, sending it again will not help")


def _ok(description: str, media_type: str, schema: Any) -> dict[str, Any]:
    request_id = {"$ref": "#/components/headers/X-Request-ID"}
    return {"description": description, "headers": {"X-Request-ID": request_id},
            "content": {media_type: {"schema": schema}}}


def _problem(description: str) -> dict[str, Any]:
    return _ok(description, PROBLEM_MEDIA_TYPE, "Problem")


# The charsets a page may come in, from the allow-list itself.
_PAGE_CHARSETS = (
    "The page, in the charset of the Content-Type, else of its `<meta charset>`, else UTF-8 "
    "(a byte order mark overrides both). A charset is a label of the WHATWG Encoding "
    "Standard for one of " + ", ".join(ENCODINGS) + " (as browsers read them: `iso-8859-1` "
    "and `us-ascii` are windows-1252). Any other charset in the Content-Type is refused "
    "with 415; any other in `<meta charset>` is ignored, and the page read as UTF-8.")
_BODY_UNREADABLE = ("a body that cannot be read, its chunked transfer coding malformed "
                    "(`urn:quotes:problem:malformed-body`)")


def _paths() -> dict[str, dict[str, Any]]:
    return {
        "/v1/quotes": {"post": {
            "operationId": "extractQuotes",
            "summary": "Find who said what in an article",
            "description": "Send the article as JSON, as the plain-text body, or as the web "
                           "page it is on (a `text/html` body, or `html` in the JSON): of a "
                           "page only the article is analysed, and the response carries its "
                           "plain `text`, which the offsets then refer to, and its `title`.",
            "tags": ["quotes"],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": "Article"},
                "text/plain; charset=utf-8": {"schema": {
                    "type": "string", "minLength": 1, "pattern": VISIBLE_PATTERN,
                    "description": "The article text itself, UTF-8."}},
                "text/html": {"schema": {
                    "type": "string", "minLength": 1, "pattern": VISIBLE_PATTERN,
                    "description": _PAGE_CHARSETS}},
            }},
            "responses": {
                "200": _ok("The attributions in the article.", "application/json", "Analysis"),
                "400": _problem("Malformed JSON (`urn:quotes:problem:malformed-json`), a body "
                                "that is not valid UTF-8 (a page: not valid in its charset; "
                                "`urn:quotes:problem:invalid-encoding`), or "
                                + _BODY_UNREADABLE + "."),
                "408": _problem(_READ_TIMEOUT),
                "413": _problem("The body (chunked or not), the page or the text is larger "
                                "than the configured limit, or " + _ANALYSIS_TIMEOUT + "."),
                "415": _problem("Not application/json, text/plain; charset=utf-8 or "
                                "text/html in a charset of the WHATWG Encoding Standard "
                                "(`urn:quotes:problem:unsupported-media-type`)."),
                "422": _problem("The article fails validation (`errors` says where), or the "
                                "page has no article text."),
                "500": _problem("An unexpected fault on our side."),
            },
        }},
        "/v1/quotes/batch": {"post": {
            "operationId": "extractQuotesBatch",
            "summary": "Find who said what in several articles",
            "description": "One result per document, in the order sent: its analysis, as "
                           "`POST /v1/quotes` answers it, or a problem for that document "
                           "alone (the others are still analysed). The documents are parsed "
                           "together, which costs less than one request each. Each document "
                           "has `QUOTES_ANALYSIS_TIMEOUT` CPU seconds (documents parsed "
                           "together share theirs); one that runs over gets the problem "
                           "`urn:quotes:problem:analysis-timeout` (413) as its result.",
            "tags": ["quotes"],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": "BatchRequest"}}},
            "responses": {
                "200": _ok("The results, in input order.", "application/json",
                           "BatchResults"),
                "400": _problem("Malformed JSON, a body that is not valid UTF-8, or "
                                + _BODY_UNREADABLE + "."),
                "408": _problem(_READ_TIMEOUT),
                "413": _problem("Too many documents, too many characters in all, or a body "
                                "(chunked or not) larger than the configured limit."),
                "415": _problem("Not application/json."),
                "422": _problem("Not a batch: `documents` missing, empty or not a list."),
                "500": _problem("An unexpected fault on our side."),
            },
        }},
        "/v1/compare": {"post": {
            "operationId": "compareVersions",
            "summary": "Compare the attributions of two versions of a story",
            "description": "Analyses both versions as `POST /v1/quotes` does, pairs the records "
                           "that report the same utterance (one to one; nested records with "
                           "nested records), compares the words inside quotation marks and "
                           "raises alarms for misquotes, misattributions and quotes that became "
                           "paraphrases or the reverse. Each text has the same limit as an "
                           "article.",
            "tags": ["quotes"],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": "CompareRequest"}}},
            "responses": {
                "200": _ok("The two analyses and their comparison.", "application/json",
                           "Comparison"),
                "400": _problem("Malformed JSON, a body that is not valid UTF-8, or "
                                + _BODY_UNREADABLE + "."),
                "408": _problem(_READ_TIMEOUT),
                "413": _problem("A text or the body is larger than the configured limit, or "
                                + _ANALYSIS_TIMEOUT + " (both versions and their pairing "
                                "together)."),
                "415": _problem("Not application/json."),
                "422": _problem("The versions fail validation (`html` is not accepted yet); "
                                "`errors` says where."),
                "500": _problem("An unexpected fault on our side."),
            },
        }},
        "/review": {"get": {
            "operationId": "review", "summary": "Review page for editors",
            "tags": ["operations"],
            "responses": {"200": _ok("An HTML page to paste one article, or two versions to "
                                     "compare, and see the quotes highlighted; it loads "
                                     "nothing from other hosts.", "text/html",
                                     {"type": "string"})},
        }},
        "/healthz": {"get": {
            "operationId": "liveness", "summary": "Liveness", "tags": ["operations"],
            "responses": {"200": _ok("The process is up.", "application/json", "Health")},
        }},
        "/readyz": {"get": {
            "operationId": "readiness", "summary": "Readiness", "tags": ["operations"],
            "responses": {
                "200": _ok("The model is loaded.", "application/json", "Ready"),
                "503": _problem("The model is not loaded yet."),
            },
        }},
        "/metrics": {"get": {
            "operationId": "metrics", "summary": "Prometheus metrics", "tags": ["operations"],
            "description": "Requests by endpoint and status, their latency, characters "
                           "analysed, records per article and the model's load time, in "
                           "Prometheus's text exposition format, added up over every worker.",
            "responses": {"200": _ok("The metrics.", "text/plain", {"type": "string"})},
        }},
        "/openapi.yaml": {"get": {
            "operationId": "openapi", "summary": "This document", "tags": ["operations"],
            "responses": {"200": _ok("The OpenAPI document.", SPEC_MEDIA_TYPE,
                                     {"type": "object"})},
        }},
        "/docs": {"get": {
            "operationId": "docs", "summary": "Human-readable API reference",
            "tags": ["operations"],
            "responses": {"200": _ok("An HTML page rendering this document; it loads "
                                     "nothing from other hosts.", "text/html",
                                     {"type": "string"})},
        }},
    }


def build_spec() -> APISpec:
    """The API's OpenAPI document."""
    spec = APISpec(title=API_TITLE, version=API_VERSION, openapi_version=OPENAPI_VERSION,
                   plugins=[MarshmallowPlugin()],
                   info={"description": _DESCRIPTION})
    spec.tag({"name": "quotes", "description": "Attribution extraction."})
    spec.tag({"name": "operations", "description": "Health, readiness and documentation."})
    for schema in (ArticleSchema, AnalysisSchema, DocumentSchema, BatchRequestSchema,
                   BatchResultsSchema, DocumentProblemSchema, ProblemSchema, HealthSchema,
                   ReadySchema, VersionSchema, CompareRequestSchema, ComparisonSchema):
        # An article, a document or a version is its text or its page, never both (the
        # schemas check it in code; the spec says it with oneOf).
        one_of = {"oneOf": [{"required": ["text"]}, {"required": ["html"]}]} \
            if schema in (ArticleSchema, DocumentSchema, VersionSchema) else None
        spec.components.schema(schema.__name__.removesuffix("Schema"), one_of, schema=schema)
    spec.components.header("X-Request-ID", {
        "description": "Identifies the request in the service's logs.",
        "schema": {"type": "string"}})
    for path, operations in _paths().items():
        spec.path(path=path, operations=operations)
    return spec


def spec_yaml() -> str:
    """The document as YAML, exactly as committed in ``openapi.yaml``."""
    return build_spec().to_yaml()


if __name__ == "__main__":
    print(spec_yaml(), end="")

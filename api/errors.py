"""One error shape for every HTTP error: RFC 9457 problem details.

Views raise :class:`ApiProblem` (or let Flask/werkzeug raise their own ``HTTPException``);
one handler turns any of them into ``application/problem+json``. Anything else that escapes a
view is a fault of ours: it is logged with the request id and answered with a bare 500.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g, json
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_MEDIA_TYPE = "application/problem+json"
ABOUT_BLANK = "about:blank"

# Problem types a client may want to tell apart; plain HTTP errors use about:blank.
MALFORMED_JSON = "urn:quotes:problem:malformed-json"
MALFORMED_BODY = "urn:quotes:problem:malformed-body"
INVALID_ENCODING = "urn:quotes:problem:invalid-encoding"
UNSUPPORTED_MEDIA_TYPE = "urn:quotes:problem:unsupported-media-type"
VALIDATION_FAILED = "urn:quotes:problem:validation-failed"
TEXT_TOO_LONG = "urn:quotes:problem:text-too-long"
MODEL_UNAVAILABLE = "urn:quotes:problem:model-unavailable"
BATCH_TOO_LARGE = "urn:quotes:problem:batch-too-large"
HTML_TOO_LARGE = "urn:quotes:problem:html-too-large"
NO_ARTICLE_TEXT = "urn:quotes:problem:no-article-text"
ANALYSIS_TIMEOUT = "urn:quotes:problem:analysis-timeout"
REQUEST_TIMEOUT = "urn:quotes:problem:request-timeout"

# Messages, in one place.
MSG_MALFORMED_JSON = "The request body is not valid JSON: {reason}."
MSG_INVALID_UTF8 = "The request body is not valid UTF-8 (byte {position})."
MSG_UNSUPPORTED_MEDIA_TYPE = ("Send the article as application/json, as "
                              "text/plain; charset=utf-8 or as text/html (got {got}).")
MSG_MALFORMED_BODY = ("The request body could not be read: its chunked transfer coding is "
                      "malformed, or it ended before its length.")
MSG_UNSUPPORTED_CHARSET = "Only UTF-8 is accepted (got charset={charset})."
MSG_UNKNOWN_CHARSET = ("The page's charset is not one we accept (got charset={charset}); "
                       "a page may come in the charsets of the WHATWG Encoding Standard, "
                       "such as utf-8, windows-1252, iso-8859-2 or shift_jis.")
MSG_INVALID_CHARSET = "The page is not valid {charset} (byte {position})."
MSG_HTML_TOO_LARGE = "The page is larger than {limit} bytes."
MSG_PAGE_TOO_COMPLEX = "The page has {elements} elements; at most {limit} are looked through."
MSG_NO_ARTICLE_TEXT = "No article text was found in the page."
MSG_VALIDATION = "The article does not pass validation; see errors."
MSG_TEXT_TOO_LONG = "The text has {chars} characters; at most {limit} are accepted."
MSG_BODY_TOO_LARGE = "The request body is larger than {limit} bytes."
MSG_INTERNAL = "An unexpected error occurred. Quote the request id when reporting it."
MSG_MODEL_UNAVAILABLE = "The language model is not loaded yet; try again shortly."
MSG_REQUEST_READ_TIMEOUT = ("The request did not arrive in full within {limit:g} s; send it "
                            "again.")
MSG_UNREADABLE_REQUEST = "The request could not be read: {reason}."
MSG_ANALYSIS_TIMEOUT = ("The analysis took longer than {limit:g} s and was stopped; send a "
                        "shorter text or split it.")
MSG_BATCH_TOO_MANY = "The batch has {count} documents; at most {limit} are accepted."
MSG_TOO_MANY_TOKENS = ("The text has {tokens} words and marks; at most {limit} are accepted "
                       "(a longer text would take too long to analyse).")
MSG_BATCH_TOO_MANY_TOKENS = ("The batch's texts have {tokens} words and marks in all; at most "
                             "{limit} are accepted.")
MSG_BATCH_TOO_LONG = ("The batch's texts have {chars} characters in all; at most {limit} are "
                      "accepted.")
MSG_DOCUMENT_INVALID = "The document does not pass validation; see errors."
MSG_BATCH_MEDIA_TYPE = "Send the batch as application/json (got {got})."
MSG_COMPARE_MEDIA_TYPE = "Send the two versions as application/json (got {got})."
MSG_COMPARE_TEXT_TOO_LONG = ("The text of version {side} has {chars} characters; at most {limit} "
                             "are accepted.")
# Validation messages for the documents themselves are beside their schemas, in
# quotes_schemas.

class RequestReadTimeout(Exception):
    """The client did not send its whole request in the time it has
    (``QUOTES_READ_TIMEOUT``); raised by the server's socket (:mod:`api.worker`)."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"the request was not received within {limit:g} s")
        self.limit = limit


class ApiProblem(HTTPException):
    """An HTTP error with a problem type and, for validation, per-field errors."""

    def __init__(self, status: int, detail: str, *, problem_type: str = ABOUT_BLANK,
                 errors: dict[str, Any] | None = None) -> None:
        super().__init__(description=detail)
        self.code = status
        self.problem_type = problem_type
        self.errors = errors


class ProblemSchema(Schema):
    """An RFC 9457 problem details document."""

    type = fields.String(required=True, metadata={
        "description": "URI naming the kind of problem; about:blank for plain HTTP errors."})
    title = fields.String(required=True, metadata={
        "description": "Short summary of the kind of problem (the HTTP reason phrase)."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    detail = fields.String(required=True, metadata={
        "description": "What went wrong with this request, for a person to read."})
    request_id = fields.String(required=True, metadata={
        "description": "The request id, also sent in the X-Request-ID header."})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), metadata={
        "description": "Validation problems only: messages per field of the request "
                       "(`_schema` for the document as a whole)."})


def problem_response(status: int, title: str, detail: str, *, problem_type: str = ABOUT_BLANK,
                     errors: dict[str, Any] | None = None) -> Response:
    """A ``application/problem+json`` response."""
    body: dict[str, Any] = {"type": problem_type, "title": title, "status": status,
                            "detail": detail, "request_id": g.get("request_id", "")}
    if errors is not None:
        body["errors"] = errors
    return current_app.response_class(json.dumps(body), status=status,
                                      mimetype=PROBLEM_MEDIA_TYPE)


def _handle_http_exception(exc: HTTPException) -> Response:
    if isinstance(exc, InternalServerError):
        return _handle_internal_error(exc)
    status = exc.code or 500
    detail = exc.description or exc.name
    if isinstance(exc, RequestEntityTooLarge) and not isinstance(exc, ApiProblem):
        detail = MSG_BODY_TOO_LARGE.format(limit=current_app.config["MAX_CONTENT_LENGTH"])
    response = problem_response(status, exc.name, detail,
                                problem_type=getattr(exc, "problem_type", ABOUT_BLANK),
                                errors=getattr(exc, "errors", None))
    # Keep what the exception adds, such as Allow on a 405 or Retry-After on a 503.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _handle_internal_error(exc: InternalServerError) -> Response:
    # Flask has logged the exception with its traceback (app.logger, with the request id);
    # the client gets neither.
    return problem_response(500, HTTP_STATUS_CODES[500], MSG_INTERNAL)


def register_error_handlers(app: Flask) -> None:
    """Send every HTTP error, and every unexpected fault, as a problem document."""
    app.register_error_handler(HTTPException, _handle_http_exception)
    # Flask hands exceptions no other handler takes to the 500 handler, wrapped.
    app.register_error_handler(InternalServerError, _handle_internal_error)

"""Reading an article out of a request body: JSON, plain UTF-8 text or an HTML page."""
from __future__ import annotations

import json
import logging
from typing import Any

from flask import Request, current_app
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

import articles
from api import errors
from api.quotes.schemas import ArticleSchema, BatchRequestSchema
from articles import charsets

JSON = "application/json"
TEXT = "text/plain"
HTML = "text/html"
ACCEPTED_MEDIA_TYPES = (JSON, TEXT, HTML)
# A body is read in pieces of at most this many bytes.
_READ_STEP = 1 << 20

_log = logging.getLogger("api.body")


def read_article(request: Request, max_chars: int, max_html_bytes: int) -> dict[str, Any]:
    """The article in ``request``, validated, as ``{"text", "id"?, "title"?, "page"}``:
    ``page`` is true when it came as HTML and ``text`` is the article taken from the page.

    Raises :class:`errors.ApiProblem` for a body that is not an acceptable article.
    """
    mimetype = request.mimetype
    if mimetype not in ACCEPTED_MEDIA_TYPES:
        raise errors.ApiProblem(415, errors.MSG_UNSUPPORTED_MEDIA_TYPE.format(
            got=mimetype or "no Content-Type"), problem_type=errors.UNSUPPORTED_MEDIA_TYPE)
    if mimetype == HTML:
        document = {"html": _decode_page(read_body(request, max_html_bytes),
                                         request.mimetype_params.get("charset"))}
    else:
        charset = request.mimetype_params.get("charset", "utf-8")
        if charsets.codec(charset) != charsets.UTF_8:
            raise errors.ApiProblem(415, errors.MSG_UNSUPPORTED_CHARSET.format(
                charset=charset), problem_type=errors.UNSUPPORTED_MEDIA_TYPE)
        body = _decode(read_body(request, current_app.config["MAX_CONTENT_LENGTH"]))
        document = _parse_json(body) if mimetype == JSON else {"text": body}
    try:
        article = ArticleSchema().load(document)
    except ValidationError as exc:
        raise errors.ApiProblem(422, errors.MSG_VALIDATION, errors=_flat(exc.messages),
                                problem_type=errors.VALIDATION_FAILED) from None
    article["page"] = "html" in article
    if article["page"]:
        page = page_article(article.pop("html"), max_html_bytes)
        article["text"] = page.text
        article.setdefault("title", page.title)
    if len(article["text"]) > max_chars:
        raise errors.ApiProblem(413, errors.MSG_TEXT_TOO_LONG.format(
            chars=len(article["text"]), limit=max_chars), problem_type=errors.TEXT_TOO_LONG)
    return article


def read_batch(request: Request, *, max_docs: int, max_chars: int, max_bytes: int
               ) -> list[Any]:
    """The documents of a batch in ``request``, each still to be validated on its own.

    Raises :class:`errors.ApiProblem` for a body that is not a batch, or a batch over the
    limits (413).
    """
    if request.mimetype != JSON:
        raise errors.ApiProblem(415, errors.MSG_BATCH_MEDIA_TYPE.format(
            got=request.mimetype or "no Content-Type"),
            problem_type=errors.UNSUPPORTED_MEDIA_TYPE)
    # A batch may be larger than one article.
    body = _parse_json(_decode(read_body(request, max_bytes)))
    try:
        documents = BatchRequestSchema().load(body)["documents"]
    except ValidationError as exc:
        raise errors.ApiProblem(422, errors.MSG_VALIDATION, errors=_flat(exc.messages),
                                problem_type=errors.VALIDATION_FAILED) from None
    if len(documents) > max_docs:
        raise errors.ApiProblem(413, errors.MSG_BATCH_TOO_MANY.format(
            count=len(documents), limit=max_docs), problem_type=errors.BATCH_TOO_LARGE)
    chars = sum(len(document["text"]) for document in documents
                if isinstance(document, dict) and isinstance(document.get("text"), str))
    if chars > max_chars:
        raise errors.ApiProblem(413, errors.MSG_BATCH_TOO_LONG.format(
            chars=chars, limit=max_chars), problem_type=errors.BATCH_TOO_LARGE)
    return documents


def read_body(request: Request, limit: int) -> bytes:
    """The body of ``request``, however it comes (with a Content-Length or chunked), when it
    has at most ``limit`` bytes. Every view reads its body through here.

    Raises :class:`errors.ApiProblem`: 413 for a larger body (at once when its Content-Length
    says so, else as soon as one byte more than ``limit`` has come), 400 for a body the
    server cannot read (a malformed chunked transfer coding, a body that ends early).
    """
    length = request.content_length
    if length is not None and length > limit:
        raise _body_too_large(limit)
    # Without a Content-Length (chunked), werkzeug reads a body only up to a maximum, and
    # stops there without a word: one byte over the limit tells a body that is too large
    # from one that just fits. The stream is werkzeug's, not request.stream, whose maximum
    # would be whatever the first to touch it set.
    cap = limit + 1
    body = bytearray()
    try:
        stream = get_input_stream(request.environ, max_content_length=cap)
        while len(body) < cap:
            piece = stream.read(min(_READ_STEP, cap - len(body)))
            if not piece:
                break
            body += piece
    except RequestEntityTooLarge:
        raise _body_too_large(limit) from None
    except errors.RequestReadTimeout as exc:
        raise errors.ApiProblem(408, errors.MSG_REQUEST_READ_TIMEOUT.format(limit=exc.limit),
                                problem_type=errors.REQUEST_TIMEOUT) from None
    except Exception as exc:
        # Whatever the server's stream raises: gunicorn's own (InvalidChunkSize,
        # ChunkMissingTerminator, NoMoreData, ...) or werkzeug's ClientDisconnected. The
        # body cannot be read, which is the client's doing, not a fault of ours.
        _log.info("unreadable request body", extra={"error": type(exc).__name__})
        raise errors.ApiProblem(400, errors.MSG_MALFORMED_BODY,
                                problem_type=errors.MALFORMED_BODY) from None
    if len(body) > limit:
        raise _body_too_large(limit)
    return bytes(body)


def _body_too_large(limit: int) -> errors.ApiProblem:
    return errors.ApiProblem(413, errors.MSG_BODY_TOO_LARGE.format(limit=limit))


def page_article(html: str, max_bytes: int) -> articles.Article:
    """The article of the page ``html``.

    Raises :class:`errors.ApiProblem`: 413 for a page over ``max_bytes`` (as UTF-8) or with
    too many elements, 422 for a page without article text.
    """
    if len(html) > max_bytes or len(html.encode("utf-8")) > max_bytes:
        raise errors.ApiProblem(413, errors.MSG_HTML_TOO_LARGE.format(limit=max_bytes),
                                problem_type=errors.HTML_TOO_LARGE)
    try:
        return articles.from_html(html)
    except articles.PageTooComplex as exc:
        raise errors.ApiProblem(413, errors.MSG_PAGE_TOO_COMPLEX.format(
            elements=exc.elements, limit=articles.MAX_ELEMENTS),
            problem_type=errors.HTML_TOO_LARGE) from None
    except articles.NoArticleText:
        raise errors.ApiProblem(422, errors.MSG_NO_ARTICLE_TEXT,
                                problem_type=errors.NO_ARTICLE_TEXT) from None


def _decode_page(raw: bytes, charset: str | None) -> str:
    try:
        return articles.decode_html(raw, charset)
    except articles.UnknownCharset as exc:
        raise errors.ApiProblem(415, errors.MSG_UNKNOWN_CHARSET.format(charset=exc.charset),
                                problem_type=errors.UNSUPPORTED_MEDIA_TYPE) from None
    except articles.UndecodableHtml as exc:
        raise errors.ApiProblem(400, errors.MSG_INVALID_CHARSET.format(
            charset=exc.charset, position=exc.position),
            problem_type=errors.INVALID_ENCODING) from None


def flat_messages(messages: Any) -> dict[str, list[str]]:
    """marshmallow's messages as ``{field: [message, ...]}``."""
    return _flat(messages)


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.ApiProblem(400, errors.MSG_INVALID_UTF8.format(position=exc.start),
                                problem_type=errors.INVALID_ENCODING) from None
    # A byte order mark is an encoding artefact, not part of the article.
    return text.removeprefix("\ufeff")


def _parse_json(body: str) -> Any:
    try:
        return json.loads(body, parse_constant=_reject_constant)
    except RecursionError:
        reason = "nested too deeply"
    except ValueError as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
    raise errors.ApiProblem(400, errors.MSG_MALFORMED_JSON.format(reason=reason),
                            problem_type=errors.MALFORMED_JSON)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _flat(messages: Any) -> dict[str, list[str]]:
    """marshmallow's messages as ``{field: [message, ...]}``."""
    if isinstance(messages, list):
        return {"_schema": [str(message) for message in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        if isinstance(value, dict):
            for sub_key, sub_value in _flat(value).items():
                flat[f"{key}.{sub_key}"] = sub_value
        else:
            flat[str(key)] = [str(message) for message in value]
    return flat

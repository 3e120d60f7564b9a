"""Reading a request body, for every resource that takes one: its bytes within a limit,
UTF-8, JSON, a document validated by its schema, and the article text of a validated document
(its plain text, or the article of its page) within the character limit.

``POST /v1/quotes`` takes JSON, plain UTF-8 text or an HTML page (:func:`read_article`); a
batch and a comparison take JSON (:func:`read_json`); each then turns its documents into
article text with :func:`article_text`.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

import articles
from api import errors
from api.limits import Limits
from articles import charsets
from quotes_schemas import ArticleSchema

JSON = "application/json"
TEXT = "text/plain"
HTML = "text/html"
ACCEPTED_MEDIA_TYPES = (JSON, TEXT, HTML)
# A body is read in pieces of at most this many bytes.
_READ_STEP = 1 << 20

_log = logging.getLogger("api.body")


@dataclass(frozen=True)
class ArticleText:
    """The text to analyse of one document, with its title."""

    text: str
    title: str | None
    page: bool  # it came as `html`: ``text`` is the article taken from the page


def read_article(request: Request, limits: Limits) -> dict[str, Any]:
    """The article in ``request`` (JSON, plain text or an HTML page), validated by
    :class:`ArticleSchema`: ``text`` or ``html``, and ``id`` and ``title`` if sent.

    Raises :class:`errors.ApiProblem` for a body that is not an acceptable article.
    """
    mimetype = request.mimetype
    if mimetype not in ACCEPTED_MEDIA_TYPES:
        raise errors.ApiProblem(415, errors.MSG_UNSUPPORTED_MEDIA_TYPE.format(
            got=mimetype or "no Content-Type"), problem_type=errors.UNSUPPORTED_MEDIA_TYPE)
    if mimetype == HTML:
        document = {"html": _decode_page(read_body(request, limits.max_html_bytes),
                                         request.mimetype_params.get("charset"))}
    else:
        charset = request.mimetype_params.get("charset", "utf-8")
        if charsets.codec(charset) != charsets.UTF_8:
            raise errors.ApiProblem(415, errors.MSG_UNSUPPORTED_CHARSET.format(
                charset=charset), problem_type=errors.UNSUPPORTED_MEDIA_TYPE)
        body = decode(read_body(request, limits.max_body_bytes))
        document = parse_json(body) if mimetype == JSON else {"text": body}
    return validated(ArticleSchema(), document)


def read_json(request: Request, limit: int, media_type_message: str) -> Any:
    """The JSON body of ``request``, of at most ``limit`` bytes.

    Raises :class:`errors.ApiProblem`: 415 (``media_type_message``, formatted with what came)
    for a body that is not ``application/json``, and as :func:`read_body`, :func:`decode`
    and :func:`parse_json` do.
    """
    if request.mimetype != JSON:
        raise errors.ApiProblem(415, media_type_message.format(
            got=request.mimetype or "no Content-Type"),
            problem_type=errors.UNSUPPORTED_MEDIA_TYPE)
    return parse_json(decode(read_body(request, limit)))


def validated(schema: Schema, document: Any, message: str = errors.MSG_VALIDATION) -> Any:
    """``document`` loaded by ``schema``.

    Raises :class:`errors.ApiProblem`: 422 with ``message`` and the messages per field.
    """
    try:
        return schema.load(document)
    except ValidationError as exc:
        raise errors.ApiProblem(422, message, errors=flat_messages(exc.messages),
                                problem_type=errors.VALIDATION_FAILED) from None


def article_text(document: Mapping[str, Any], limits: Limits, *, side: str | None = None
                 ) -> ArticleText:
    """The text to analyse of a validated ``document``: its ``text``, or the article of
    its ``html`` page (whose headline is the title unless the document has its own).

    Raises :class:`errors.ApiProblem`: as :func:`_page_article` does, and 413 for a text of
    more than ``limits.max_text_chars`` characters (naming version ``side`` of a
    comparison). The words and marks are counted apart (:mod:`api.limits`): a comparison
    reads both versions before it counts them.
    """
    if "html" in document:
        page = _page_article(document["html"], limits.max_html_bytes)
        article = ArticleText(page.text, document.get("title", page.title), page=True)
    else:
        article = ArticleText(document["text"], document.get("title"), page=False)
    chars, limit = len(article.text), limits.max_text_chars
    if chars > limit:
        message = errors.MSG_TEXT_TOO_LONG.format(chars=chars, limit=limit) if side is None \
            else errors.MSG_COMPARE_TEXT_TOO_LONG.format(side=side, chars=chars, limit=limit)
        raise errors.ApiProblem(413, message, problem_type=errors.TEXT_TOO_LONG)
    return article


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


def _page_article(html: str, max_bytes: int) -> articles.Article:
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


def decode(raw: bytes) -> str:
    """``raw`` as UTF-8, without a byte order mark.

    Raises :class:`errors.ApiProblem`: 400 for bytes that are not UTF-8.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.ApiProblem(400, errors.MSG_INVALID_UTF8.format(position=exc.start),
                                problem_type=errors.INVALID_ENCODING) from None
    # A byte order mark is an encoding artefact, not part of the article.
    return text.removeprefix("\ufeff")


def parse_json(body: str) -> Any:
    """The JSON document ``body``: strictly JSON (no NaN or Infinity).

    Raises :class:`errors.ApiProblem`: 400 for a body that is not JSON.
    """
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


def flat_messages(messages: Any) -> dict[str, list[str]]:
    """marshmallow's messages as ``{field: [message, ...]}``."""
    if isinstance(messages, list):
        return {"_schema": [str(message) for message in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        if isinstance(value, dict):
            for sub_key, sub_value in flat_messages(value).items():
                flat[f"{key}.{sub_key}"] = sub_value
        else:
            flat[str(key)] = [str(message) for message in value]
    return flat

"""``POST /v1/compare``: two versions of a story compared; ``GET /review``: the editors' page
that calls it (and ``/v1/quotes`` for a single article)."""
from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, current_app, g, render_template, request
from marshmallow import ValidationError

import nlp
from api import errors, limits, metrics
from api.compare.schemas import CompareRequestSchema, comparison_document
# The body is read as the quotes resource reads its own: same encoding and JSON rules.
from api.quotes.body import JSON, _decode, _parse_json, flat_messages, page_article, read_body
from api.quotes.schemas import analysis_document
from api.state import get_state
from nlp.compare import compare, prepare

bp = Blueprint("compare", __name__)

# The page's script and style are served by the service itself; nothing from other origins.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'")


@bp.get("/review")
def review_page():
    """Paste one article, or two versions, and see the quotes highlighted in place."""
    response = current_app.make_response(render_template("review.html"))
    response.headers["Content-Security-Policy"] = _CSP
    return response


@bp.post("/v1/compare")
def post_compare():
    """Pair the attributions of two versions of a story and say what changed."""
    versions = _read_versions(current_app.config["QUOTES_MAX_TEXT_CHARS"])
    g.text_chars = sum(len(v["text"]) for v in versions.values())
    state = get_state(current_app)
    pipeline = state.load()
    prepared, documents = {}, {}
    try:
        # one limit for the whole comparison: both analyses and the pairing
        with state.analysing, nlp.time_limit(current_app.config["QUOTES_ANALYSIS_TIMEOUT"]):
            for side, version in versions.items():
                started = time.perf_counter()
                prepared[side] = prepare(pipeline, version["text"])
                documents[side] = analysis_document(
                    prepared[side].analysis, doc_id=version.get("id"),
                    title=version.get("title"),
                    text=version["text"] if version.get("page") else None,
                    meta={**state.info, "chars": len(version["text"]),
                          "elapsed_ms": round((time.perf_counter() - started) * 1000, 3)})
            comparison = compare(prepared["a"], prepared["b"])
    except nlp.AnalysisTimeout as exc:
        metrics.observe_timeout()
        raise limits.timeout_problem(exc) from None
    return comparison_document(comparison, documents["a"], documents["b"])


def _read_versions(max_chars: int) -> dict[str, dict[str, Any]]:
    if request.mimetype != JSON:
        raise errors.ApiProblem(415, errors.MSG_COMPARE_MEDIA_TYPE.format(
            got=request.mimetype or "no Content-Type"),
            problem_type=errors.UNSUPPORTED_MEDIA_TYPE)
    body = _parse_json(_decode(read_body(request, current_app.config["MAX_CONTENT_LENGTH"])))
    try:
        versions = CompareRequestSchema().load(body)
    except ValidationError as exc:
        raise errors.ApiProblem(422, errors.MSG_VALIDATION, errors=flat_messages(exc.messages),
                                problem_type=errors.VALIDATION_FAILED) from None
    for side in ("a", "b"):
        version = versions[side]
        version["page"] = "html" in version
        if version["page"]:  # the article of the page, as /v1/quotes takes it
            page = page_article(version.pop("html"), current_app.config["QUOTES_MAX_HTML_BYTES"])
            version["text"], version["title"] = page.text, page.title
        chars = len(version["text"])
        if chars > max_chars:
            raise errors.ApiProblem(413, errors.MSG_COMPARE_TEXT_TOO_LONG.format(
                side=side, chars=chars, limit=max_chars), problem_type=errors.TEXT_TOO_LONG)
    # The words and marks bound the time, as for a batch: both versions in one request.
    texts = [versions[side]["text"] for side in ("a", "b")]
    too_much = (limits.text_problem(texts[0], current_app.config["QUOTES_MAX_TEXT_TOKENS"])
                or limits.text_problem(texts[1], current_app.config["QUOTES_MAX_TEXT_TOKENS"])
                or limits.batch_problem(texts, current_app.config["QUOTES_MAX_BATCH_TOKENS"]))
    if too_much is not None:
        raise too_much
    return versions

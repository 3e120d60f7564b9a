"""``POST /v1/compare``: two versions of a story compared."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, current_app, g, request

import nlp
from api import body, errors
from api.body import ArticleText
from api.compare.schemas import CompareRequestSchema
from api.limits import Limits, batch_problem, stopped_at_time_limit, text_problem
from api.state import get_state
from quotes_schemas import Stopwatch, analysis_document, meta
from quotes_schemas.compare import comparison_document

bp = Blueprint("compare", __name__)

SIDES = ("a", "b")


@bp.post("/v1/compare")
def post_compare():
    """Pair the attributions of two versions of a story and say what changed."""
    state = get_state(current_app)
    versions, articles = _read_versions(state.limits)
    g.text_chars = sum(len(article.text) for article in articles.values())
    pipeline = state.load()
    prepared, documents = {}, {}
    # one limit for the whole comparison: both analyses and the pairing
    with stopped_at_time_limit(), state.analysing, \
            nlp.time_limit(state.limits.analysis_timeout):
        for side, article in articles.items():
            watch = Stopwatch()
            prepared[side] = nlp.compare.prepare(pipeline, article.text)
            if versions.get("acts") is not None:
                prepared[side] = replace(prepared[side], analysis=prepared[side].analysis.only(
                    versions["acts"]))
            documents[side] = analysis_document(
                prepared[side].analysis, doc_id=versions[side].get("id"), title=article.title,
                text=article.text if article.page else None,
                meta=meta(state.info, len(article.text), watch.lap()))
        comparison = nlp.compare.compare(prepared["a"], prepared["b"])
    return comparison_document(comparison, documents["a"], documents["b"])


def _read_versions(limits: Limits) -> tuple[dict[str, dict[str, Any]], dict[str, ArticleText]]:
    """The validated versions and their article texts.

    Raises :class:`errors.ApiProblem` as reading any body does; 413 when a text, or both
    together, have more words and marks than their limits (counted once both are read).
    """
    versions = body.validated(CompareRequestSchema(), body.read_json(
        request, limits.max_body_bytes, errors.MSG_COMPARE_MEDIA_TYPE))
    articles = {side: body.article_text(versions[side], limits, side=side) for side in SIDES}
    # The words and marks bound the time, as for a batch: both versions in one request.
    texts = [articles[side].text for side in SIDES]
    too_much = (text_problem(texts[0], limits.max_text_tokens)
                or text_problem(texts[1], limits.max_text_tokens)
                or batch_problem(texts, limits.max_batch_tokens))
    if too_much is not None:
        raise too_much
    return versions, articles

"""``POST /v1/quotes`` and ``POST /v1/quotes/batch``."""
from __future__ import annotations

from flask import Blueprint, current_app, g, request

import nlp
from api import body, limits, metrics
from api.quotes.batch import analyze_batch, read_batch
from api.quotes.schemas import BatchResultsSchema
from api.state import get_state
from quotes_schemas import Stopwatch, analysis_document, meta

bp = Blueprint("quotes", __name__, url_prefix="/v1")


@bp.post("/quotes")
def post_quotes():
    """Find who said what in an article."""
    state = get_state(current_app)
    document = body.read_article(request, state.limits)
    article = body.article_text(document, state.limits)
    g.text_chars = len(article.text)
    too_much = limits.text_problem(article.text, state.limits.max_text_tokens)
    if too_much is not None:
        raise too_much
    watch = Stopwatch()
    pipeline = state.load()
    with limits.stopped_at_time_limit(), state.analysing:
        analysis = nlp.analyze(pipeline, article.text, time_limit=state.limits.analysis_timeout)
    elapsed_ms = watch.lap()
    if document.get("acts") is not None:
        analysis = analysis.only(document["acts"])
    metrics.observe_article(len(article.text), len(analysis.quotes))
    return analysis_document(analysis, doc_id=document.get("id"), title=article.title,
                             text=article.text if article.page else None,
                             meta=meta(state.info, len(article.text), elapsed_ms))


@bp.post("/quotes/batch")
def post_quotes_batch():
    """Find who said what in each of several articles."""
    state = get_state(current_app)
    documents, acts = read_batch(request, state.limits)
    pipeline = state.load()
    with state.analysing:
        results = analyze_batch(pipeline, state.info, documents, state.limits, acts)
    analysed = [result for result in results if "quotes" in result]
    g.text_chars = sum(result["meta"]["chars"] for result in analysed)
    for result in analysed:
        metrics.observe_article(result["meta"]["chars"], len(result["quotes"]))
    return BatchResultsSchema().dump({"results": results})

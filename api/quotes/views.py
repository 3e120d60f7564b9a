"""``POST /v1/quotes`` and ``POST /v1/quotes/batch``."""
from __future__ import annotations

import time

from flask import Blueprint, current_app, g, request

import nlp
from api import limits, metrics
from api.quotes.batch import analyze_batch
from api.quotes.body import read_article, read_batch
from api.quotes.schemas import BatchResultsSchema, analysis_document
from api.state import get_state

bp = Blueprint("quotes", __name__, url_prefix="/v1")


@bp.post("/quotes")
def post_quotes():
    """Find who said what in an article."""
    article = read_article(request, current_app.config["QUOTES_MAX_TEXT_CHARS"],
                           current_app.config["QUOTES_MAX_HTML_BYTES"])
    text = article["text"]
    g.text_chars = len(text)
    too_much = limits.text_problem(text, current_app.config["QUOTES_MAX_TEXT_TOKENS"])
    if too_much is not None:
        raise too_much
    state = get_state(current_app)
    started = time.perf_counter()
    pipeline = state.load()
    try:
        with state.analysing:
            analysis = nlp.analyze(pipeline, text,
                                   time_limit=current_app.config["QUOTES_ANALYSIS_TIMEOUT"])
    except nlp.AnalysisTimeout as exc:
        metrics.observe_timeout()
        raise limits.timeout_problem(exc) from None
    elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
    metrics.observe_article(len(text), len(analysis.quotes))
    return analysis_document(analysis, doc_id=article.get("id"), title=article.get("title"),
                             text=text if article["page"] else None, meta={
        **state.info, "chars": len(text), "elapsed_ms": elapsed_ms})


@bp.post("/quotes/batch")
def post_quotes_batch():
    """Find who said what in each of several articles."""
    config = current_app.config
    documents = read_batch(request, max_docs=config["QUOTES_MAX_BATCH_DOCS"],
                           max_chars=config["QUOTES_MAX_BATCH_CHARS"],
                           max_bytes=config["QUOTES_MAX_BATCH_BYTES"])
    state = get_state(current_app)
    pipeline = state.load()
    with state.analysing:
        results = analyze_batch(pipeline, state.info, documents,
                                max_chars=config["QUOTES_MAX_TEXT_CHARS"],
                                max_html_bytes=config["QUOTES_MAX_HTML_BYTES"],
                                max_tokens=config["QUOTES_MAX_TEXT_TOKENS"],
                                max_batch_tokens=config["QUOTES_MAX_BATCH_TOKENS"],
                                time_limit=config["QUOTES_ANALYSIS_TIMEOUT"])
    analysed = [result for result in results if "quotes" in result]
    g.text_chars = sum(result["meta"]["chars"] for result in analysed)
    for result in analysed:
        metrics.observe_article(result["meta"]["chars"], len(result["quotes"]))
    return BatchResultsSchema().dump({"results": results})

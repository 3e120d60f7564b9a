"""``POST /v1/quotes``."""
from __future__ import annotations

import time

from flask import Blueprint, current_app, g, request

import nlp
from api.quotes.body import read_article
from api.quotes.schemas import AnalysisSchema
from api.state import get_state

bp = Blueprint("quotes", __name__, url_prefix="/v1")


@bp.post("/quotes")
def post_quotes():
    """Find who said what in an article."""
    article = read_article(request, current_app.config["QUOTES_MAX_TEXT_CHARS"])
    text = article["text"]
    g.text_chars = len(text)
    state = get_state(current_app)
    started = time.perf_counter()
    analysis = nlp.analyze(state.load(), text)
    elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
    return AnalysisSchema().dump({
        "id": article.get("id"), "quotes": analysis.quotes, "speakers": analysis.speakers,
        "meta": {**state.info, "chars": len(text), "elapsed_ms": elapsed_ms}})

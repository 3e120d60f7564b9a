"""Analysing the documents of a batch: each validated alone, the valid ones parsed together."""
from __future__ import annotations

import time
from typing import Any

from marshmallow import ValidationError
from werkzeug.http import HTTP_STATUS_CODES

import nlp
from api import errors, limits, metrics
from api.quotes.body import flat_messages, page_article
from api.quotes.schemas import DocumentSchema, analysis_document

# Documents handed to spaCy's nlp.pipe at a time.
PIPE_BATCH_SIZE = 16


def analyze_batch(pipeline: Any, info: dict[str, str], documents: list[Any], *,
                  max_chars: int, max_html_bytes: int, max_tokens: int,
                  max_batch_tokens: int, time_limit: float | None = None
                  ) -> list[dict[str, Any]]:
    """One result per document, in order: its analysis, or a problem saying why not (also
    for a document whose analysis ran past ``time_limit`` CPU seconds).

    A document sent as ``html`` is analysed as its article's text, which its result carries.
    """
    results: list[dict[str, Any] | None] = [None] * len(documents)
    valid: list[tuple[int, dict[str, str]]] = []
    schema = DocumentSchema()
    for index, raw in enumerate(documents):
        try:
            document = schema.load(raw)
        except ValidationError as exc:
            results[index] = _problem(
                422, errors.VALIDATION_FAILED, errors.MSG_DOCUMENT_INVALID, doc_id=_id_of(raw),
                field_errors=flat_messages(exc.messages))
            continue
        if "html" in document:
            try:
                page = page_article(document.pop("html"), max_html_bytes)
            except errors.ApiProblem as exc:
                results[index] = _problem(exc.code, exc.problem_type, exc.description,
                                          doc_id=document["id"])
                continue
            document.update(text=page.text, title=page.title, page=True)
        chars = len(document["text"])
        if chars > max_chars:
            results[index] = _problem(413, errors.TEXT_TOO_LONG, errors.MSG_TEXT_TOO_LONG.format(
                chars=chars, limit=max_chars), doc_id=document["id"])
            continue
        too_much = limits.text_problem(document["text"], max_tokens)
        if too_much is not None:
            results[index] = _problem(413, too_much.problem_type, too_much.description,
                                      doc_id=document["id"])
            continue
        valid.append((index, document))
    # The whole batch runs in one request, inside one worker timeout.
    too_much = limits.batch_problem([document["text"] for _, document in valid],
                                    max_batch_tokens)
    if too_much is not None:
        raise too_much

    texts = (document["text"] for _, document in valid)
    started = time.perf_counter()
    # nlp.pipe parses in batches, so a document's own time is not observable: each one is
    # credited with the time since the previous result.
    for (index, document), analysis in zip(valid, nlp.analyze_many(
            pipeline, texts, PIPE_BATCH_SIZE, time_limit=time_limit)):
        now = time.perf_counter()
        if isinstance(analysis, nlp.AnalysisTimeout):
            metrics.observe_timeout()
            problem = limits.timeout_problem(analysis)
            results[index] = _problem(problem.code, problem.problem_type, problem.description,
                                      doc_id=document["id"])
            started = now
            continue
        page = document.get("page", False)
        results[index] = analysis_document(
            analysis, doc_id=document["id"], title=document.get("title"),
            text=document["text"] if page else None, meta={
                **info, "chars": len(document["text"]),
                "elapsed_ms": round((now - started) * 1000, 3)})
        started = now
    return results  # type: ignore[return-value]  # every slot is filled above


def _problem(status: int, problem_type: str, detail: str, *, doc_id: str | None,
             field_errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    problem: dict[str, Any] = {"id": doc_id, "type": problem_type,
                               "title": HTTP_STATUS_CODES[status], "status": status,
                               "detail": detail}
    if field_errors is not None:
        problem["errors"] = field_errors
    return problem


def _id_of(raw: Any) -> str | None:
    doc_id = raw.get("id") if isinstance(raw, dict) else None
    return doc_id if isinstance(doc_id, str) and doc_id.isprintable() and len(doc_id) <= 256 \
        else None

"""Reading a batch and analysing its documents: each validated alone, the valid ones parsed
together."""
from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.http import HTTP_STATUS_CODES

import nlp
from api import body, errors, metrics
from api.limits import Limits, batch_problem, text_problem, timeout_problem
from api.quotes.schemas import BatchRequestSchema
from quotes_schemas import DocumentSchema, Stopwatch, analysis_document, meta

# Documents handed to spaCy's nlp.pipe at a time.
PIPE_BATCH_SIZE = 16


def read_batch(request: Request, limits: Limits) -> tuple[list[Any], list[str] | None]:
    """The documents of a batch in ``request``, each still to be validated on its own, and
    the acts it asks for (None: all).

    Raises :class:`errors.ApiProblem` for a body that is not a batch, or a batch over the
    limits (413).
    """
    # A batch may be larger than one article.
    batch = body.validated(BatchRequestSchema(), body.read_json(
        request, limits.max_batch_bytes, errors.MSG_BATCH_MEDIA_TYPE))
    documents = batch["documents"]
    if len(documents) > limits.max_batch_docs:
        raise errors.ApiProblem(413, errors.MSG_BATCH_TOO_MANY.format(
            count=len(documents), limit=limits.max_batch_docs),
            problem_type=errors.BATCH_TOO_LARGE)
    chars = sum(len(document["text"]) for document in documents
                if isinstance(document, dict) and isinstance(document.get("text"), str))
    if chars > limits.max_batch_chars:
        raise errors.ApiProblem(413, errors.MSG_BATCH_TOO_LONG.format(
            chars=chars, limit=limits.max_batch_chars), problem_type=errors.BATCH_TOO_LARGE)
    return documents, batch.get("acts")


def analyze_batch(pipeline: Any, info: dict[str, str], documents: list[Any], limits: Limits,
                  acts: list[str] | None = None) -> list[dict[str, Any]]:
    """One result per document, in order: its analysis, or a problem saying why not (also
    for a document whose analysis ran past ``limits.analysis_timeout`` CPU seconds).

    A document sent as ``html`` is analysed as its article's text, which its result carries.
    """
    results: list[dict[str, Any] | None] = [None] * len(documents)
    valid: list[tuple[int, str, body.ArticleText]] = []
    schema = DocumentSchema()
    for index, raw in enumerate(documents):
        doc_id = _id_of(raw)
        try:
            document = body.validated(schema, raw, errors.MSG_DOCUMENT_INVALID)
            doc_id = document["id"]
            article = body.article_text(document, limits)
            too_much = text_problem(article.text, limits.max_text_tokens)
            if too_much is not None:
                raise too_much
        except errors.ApiProblem as exc:
            results[index] = _problem(exc, doc_id=doc_id)
            continue
        valid.append((index, doc_id, article))
    # The whole batch runs in one request, inside one worker timeout.
    too_much = batch_problem([article.text for _, _, article in valid],
                             limits.max_batch_tokens)
    if too_much is not None:
        raise too_much

    texts = (article.text for _, _, article in valid)
    watch = Stopwatch()
    # nlp.pipe parses in batches, so a document's own time is not observable: each one is
    # credited with the time since the previous result.
    for (index, doc_id, article), analysis in zip(valid, nlp.analyze_many(
            pipeline, texts, PIPE_BATCH_SIZE, time_limit=limits.analysis_timeout)):
        elapsed_ms = watch.lap()
        if isinstance(analysis, nlp.AnalysisTimeout):
            metrics.observe_timeout()
            results[index] = _problem(timeout_problem(analysis), doc_id=doc_id)
            continue
        if acts is not None:
            analysis = analysis.only(acts)
        results[index] = analysis_document(
            analysis, doc_id=doc_id, title=article.title,
            text=article.text if article.page else None,
            meta=meta(info, len(article.text), elapsed_ms))
    return results  # type: ignore[return-value]  # every slot is filled above


def _problem(problem: errors.ApiProblem, *, doc_id: str | None) -> dict[str, Any]:
    """``problem`` as the result of the document ``doc_id``."""
    result: dict[str, Any] = {"id": doc_id, "type": problem.problem_type,
                              "title": HTTP_STATUS_CODES[problem.code], "status": problem.code,
                              "detail": problem.description}
    if problem.errors is not None:
        result["errors"] = problem.errors
    return result


def _id_of(raw: Any) -> str | None:
    doc_id = raw.get("id") if isinstance(raw, dict) else None
    return doc_id if isinstance(doc_id, str) and doc_id.isprintable() and len(doc_id) <= 256 \
        else None

"""The unit of work every runner ships to its workers: a chunk of documents -> documents out.

Workers (processes of a pool, Dask workers) load the model the first time they need it and
keep it: :func:`nlp.shared_pipeline` caches it per process, keyed by the model's name.
"""
from __future__ import annotations

from typing import Any

import nlp
from quotes_schemas import Stopwatch, analysis_document, meta

# Documents handed to spaCy's nlp.pipe at a time.
PIPE_BATCH_SIZE = 16


def load_model(model: str) -> None:
    """Load ``model`` into this process now (a pool's initializer), not on the first chunk."""
    nlp.shared_pipeline(model)


# CPU seconds one document's analysis may take, as the service's QUOTES_ANALYSIS_TIMEOUT.
DEFAULT_TIME_LIMIT = 30.0


def analyze_chunk(model: str, documents: list[tuple[str, ...]],
                  time_limit: float | None = DEFAULT_TIME_LIMIT,
                  acts: list[str] | None = None) -> list[dict[str, Any]]:
    """The analysis document of each ``(id, text)`` in ``documents``, in order, exactly as
    ``POST /v1/quotes`` answers it; ``(id, text, title)`` is the article of a page. A
    document whose analysis ran past ``time_limit`` CPU seconds gets
    ``{"id": ..., "skipped": reason}`` instead (see :func:`is_skipped`). With ``acts``, only
    the attributions of those acts are kept."""
    pipeline = nlp.shared_pipeline(model)
    info = nlp.pipeline_info(pipeline)
    results = []
    watch = Stopwatch()
    texts = (document[1] for document in documents)
    # nlp.pipe parses in batches: each document is credited with the time since the last one.
    for (doc_id, text, *page), analysis in zip(documents, nlp.analyze_many(
            pipeline, texts, PIPE_BATCH_SIZE, time_limit=time_limit)):
        elapsed_ms = watch.lap()
        if isinstance(analysis, nlp.AnalysisTimeout):
            results.append({"id": doc_id, "skipped": str(analysis)})
            continue
        if acts is not None:
            analysis = analysis.only(acts)
        results.append(analysis_document(
            analysis, doc_id=doc_id, title=page[0] or None if page else None,
            text=text if page else None, meta=meta(info, len(text), elapsed_ms)))
    return results


def is_skipped(result: dict[str, Any]) -> bool:
    """Whether ``result`` says its document was not analysed (its time limit ran out)."""
    return "skipped" in result and "quotes" not in result

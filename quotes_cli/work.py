"""The unit of work every runner ships to its workers: a chunk of documents -> documents out.

Workers (processes of a pool, Dask workers) load the model the first time they need it and
keep it: :func:`nlp.shared_pipeline` caches it per process, keyed by the model's name.
"""
from __future__ import annotations

import time
from typing import Any

import nlp
from quotes_schemas import analysis_document

# Documents handed to spaCy's nlp.pipe at a time.
PIPE_BATCH_SIZE = 16


def load_model(model: str) -> None:
    """Load ``model`` into this process now (a pool's initializer), not on the first chunk."""
    nlp.shared_pipeline(model)


def analyze_chunk(model: str, documents: list[tuple[str, ...]]) -> list[dict[str, Any]]:
    """The analysis document of each ``(id, text)`` in ``documents``, in order, exactly as
    ``POST /v1/quotes`` answers it; ``(id, text, title)`` is the article of a page."""
    pipeline = nlp.shared_pipeline(model)
    info = nlp.pipeline_info(pipeline)
    results = []
    started = time.perf_counter()
    texts = (document[1] for document in documents)
    # nlp.pipe parses in batches: each document is credited with the time since the last one.
    for (doc_id, text, *page), analysis in zip(documents, nlp.analyze_many(pipeline, texts,
                                                                            PIPE_BATCH_SIZE)):
        now = time.perf_counter()
        results.append(analysis_document(
            analysis, doc_id=doc_id, title=page[0] or None if page else None,
            text=text if page else None, meta={
            **info, "chars": len(text), "elapsed_ms": round((now - started) * 1000, 3)}))
        started = now
    return results

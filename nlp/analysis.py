"""Analysing texts: parse, then extract, with an optional time limit on each."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from nlp import deadline
from nlp.deadline import AnalysisTimeout
from nlp.extract import extract
from nlp.pipeline import parse_checked
from nlp.types import Analysis


def analyze_doc(doc: Doc) -> Analysis:
    """The attributions in a document ``pipeline`` has parsed."""
    return extract(doc)


def analyze(pipeline: Language, text: str, *, time_limit: float | None = None) -> Analysis:
    """Parse ``text`` with ``pipeline`` and extract its attributions.

    With ``time_limit``, the analysis is stopped once it has taken that many seconds of CPU
    time, raising :class:`AnalysisTimeout` (see :mod:`nlp.deadline`).
    """
    if time_limit is None:
        return extract(pipeline(text))
    with deadline.time_limit(time_limit):
        return extract(parse_checked(pipeline, [text])[0])


def analyze_many(pipeline: Language, texts: Iterable[str], batch_size: int = 16, *,
                 time_limit: float | None = None) -> Iterator[Analysis | AnalysisTimeout]:
    """Like :func:`analyze` over many texts, parsed in batches with ``nlp.pipe``.

    With ``time_limit`` (seconds of CPU time a text), each result is the text's
    :class:`Analysis` or, for a text that ran over its limit, the :class:`AnalysisTimeout`
    it raised (not raised here: the other texts go on). A batch runs under the sum of its
    texts' limits; a batch that runs over is analysed again one text at a time.
    """
    if time_limit is None:
        for doc in pipeline.pipe(texts, batch_size=batch_size):
            yield extract(doc)
        return
    for batch in _batches(texts, batch_size):
        try:
            with deadline.time_limit(time_limit * len(batch)):
                analyses: list[Analysis | AnalysisTimeout] = [
                    extract(doc) for doc in parse_checked(pipeline, batch, batch_size)]
        except AnalysisTimeout:
            analyses = [_analysis_or_timeout(pipeline, text, time_limit) for text in batch]
        yield from analyses


def _analysis_or_timeout(pipeline: Language, text: str, time_limit: float
                         ) -> Analysis | AnalysisTimeout:
    try:
        return analyze(pipeline, text, time_limit=time_limit)
    except AnalysisTimeout as exc:
        return exc


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch

"""How much work a text may ask for, checked before the model sees it, and what an analysis
stopped at its time limit answers.

Characters alone do not bound the work: 30,000 words and marks are 45,000 characters of emoji
quoting emoji or 150,000 of prose. Counting words and marks with a regular expression takes
milliseconds; at the cap every input shape known costs under 10 s of CPU, and every step of
the analysis grows about linearly with the text (``scripts/worst_case.py``, the table in
docs/performance.md). What still runs over ``QUOTES_ANALYSIS_TIMEOUT`` is stopped there.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import nlp
from api import errors, metrics

# A word, or any other single character that is not a space: close to (never below) the
# number of tokens spaCy's English tokenizer makes.
_TOKENISH = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Limits:
    """Every limit a request is held to, read from the settings once, by the factory
    (:mod:`api.config` says what each means)."""

    max_text_chars: int
    max_text_tokens: int
    max_html_bytes: int
    max_body_bytes: int
    max_batch_docs: int
    max_batch_chars: int
    max_batch_tokens: int
    max_batch_bytes: int
    analysis_timeout: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        """The limits in an application's ``config``."""
        return cls(max_text_chars=config["QUOTES_MAX_TEXT_CHARS"],
                   max_text_tokens=config["QUOTES_MAX_TEXT_TOKENS"],
                   max_html_bytes=config["QUOTES_MAX_HTML_BYTES"],
                   max_body_bytes=config["MAX_CONTENT_LENGTH"],
                   max_batch_docs=config["QUOTES_MAX_BATCH_DOCS"],
                   max_batch_chars=config["QUOTES_MAX_BATCH_CHARS"],
                   max_batch_tokens=config["QUOTES_MAX_BATCH_TOKENS"],
                   max_batch_bytes=config["QUOTES_MAX_BATCH_BYTES"],
                   analysis_timeout=config["QUOTES_ANALYSIS_TIMEOUT"])


def count_tokens(text: str) -> int:
    """Words and marks in ``text``, counted the cheap way."""
    return sum(1 for _ in _TOKENISH.finditer(text))


def text_problem(text: str, max_tokens: int) -> errors.ApiProblem | None:
    """A 413 problem if ``text`` has more than ``max_tokens`` words and marks, else None."""
    tokens = count_tokens(text)
    if tokens > max_tokens:
        return errors.ApiProblem(413, errors.MSG_TOO_MANY_TOKENS.format(
            tokens=tokens, limit=max_tokens), problem_type=errors.TEXT_TOO_LONG)
    return None


def timeout_problem(exc: nlp.AnalysisTimeout) -> errors.ApiProblem:
    """The 413 problem for an analysis stopped at its time limit: the text asks for more
    work than the service gives one request, so sending it again will not help."""
    return errors.ApiProblem(413, errors.MSG_ANALYSIS_TIMEOUT.format(limit=exc.limit),
                             problem_type=errors.ANALYSIS_TIMEOUT)


@contextmanager
def stopped_at_time_limit() -> Iterator[None]:
    """Around an analysis run with a time limit: one stopped at its limit is counted and
    raised as :func:`timeout_problem`."""
    try:
        yield
    except nlp.AnalysisTimeout as exc:
        metrics.observe_timeout()
        raise timeout_problem(exc) from None


def batch_problem(texts: list[str], max_tokens: int) -> errors.ApiProblem | None:
    """A 413 problem if the texts of a batch have more than ``max_tokens`` in all."""
    tokens = sum(count_tokens(text) for text in texts)
    if tokens > max_tokens:
        return errors.ApiProblem(413, errors.MSG_BATCH_TOO_MANY_TOKENS.format(
            tokens=tokens, limit=max_tokens), problem_type=errors.BATCH_TOO_LARGE)
    return None

"""Plain, frozen record types returned by the extraction.

Everything here carries character offsets into the analysed text; nothing holds a spaCy
object, so callers (the HTTP layer, the CLI) never touch tokens.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Offsets:
    """A half-open ``[start, end)`` range of code points in the analysed text."""

    start: int
    end: int


@dataclass(frozen=True)
class Cue:
    text: str
    lemma: str
    span: Offsets


@dataclass(frozen=True)
class Speaker:
    """Who a record is attributed to, as written (``mention``) and as resolved (``name``)."""

    name: str
    mention: str
    mention_span: Optional[Offsets]
    kind: str  # person | organization | place | anonymous | unknown
    role: Optional[str] = None
    entity_id: Optional[str] = None


@dataclass(frozen=True)
class Stance:
    label: str
    polarity: str = "neutral"
    score: float = 0.0
    target: Optional[str] = None
    framing: str = "neutral"
    evidence: tuple[str, ...] = ()


# Characters of one sentence's text that a response repeats, over all the quotes in it.
SENTENCE_TEXT_BUDGET = 20_000


@dataclass(frozen=True)
class Sentence:
    """The sentence(s) holding a quote's content and cue. ``text`` is ``None`` where
    repeating it for every quote of that sentence would pass :data:`SENTENCE_TEXT_BUDGET`
    characters (a sentence of thousands of words and clauses); ``start`` and ``end`` still
    give it."""

    index: int
    text: Optional[str]
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    """One attribution: who reported what, through which cue."""

    id: str
    type: str  # direct | indirect | mixed
    text: str
    span: Offsets
    spans: tuple[Offsets, ...]
    cue: Optional[Cue]
    speaker: Optional[Speaker]
    stance: Stance
    sentence: Sentence
    parent_id: Optional[str] = None
    confidence: float = 0.5


@dataclass(frozen=True)
class Entity:
    """A speaker entity: every mention that stands for it, and the records it spoke."""

    entity_id: str
    name: str
    kind: str
    role: Optional[str]
    aliases: tuple[str, ...]
    quote_ids: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    quotes: tuple[Quote, ...] = ()
    speakers: tuple[Entity, ...] = field(default_factory=tuple)

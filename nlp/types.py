"""Plain, frozen record types returned by the extraction.

Everything here carries character offsets into the analysed text; nothing holds a spaCy
object, so callers (the HTTP layer, the CLI) never touch tokens.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Optional


@dataclass(frozen=True)
class Offsets:
    """A half-open ``[start, end)`` range of code points in the analysed text."""

    start: int
    end: int


@dataclass(frozen=True)
class Piece(Offsets):
    """A piece of a record's content. ``floating``: a quotation with no cue of its own,
    standing alone right after the attribution it continues, and so taken to be that
    speaker's; ``confidence`` is the piece's own, that of its construction (never above the
    record's)."""

    floating: bool
    confidence: float


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


# What an attribution reports (nlp.acts).
ACTS = ("speech", "thought", "intention", "evidence")


@dataclass(frozen=True)
class Quote:
    """One attribution: who reported what, through which cue."""

    id: str
    type: str  # direct | indirect | mixed
    text: str
    span: Offsets
    spans: tuple[Piece, ...]
    cue: Optional[Cue]
    speaker: Optional[Speaker]
    stance: Stance
    sentence: Sentence
    parent_id: Optional[str] = None
    confidence: float = 0.5
    act: str = "speech"  # speech | thought | intention | evidence (nlp.acts)


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

    def only(self, acts: Iterable[str]) -> "Analysis":
        """The records of the given ``acts`` alone. Their ids stay as they were; a record
        whose parent is left out points at its nearest ancestor kept (or at none); a
        speaker keeps only the records kept, and a speaker left with none is left out."""
        acts = frozenset(acts)
        if acts >= frozenset(ACTS):
            return self
        parents = {q.id: q.parent_id for q in self.quotes}
        kept = {q.id for q in self.quotes if q.act in acts}

        def parent(qid: Optional[str]) -> Optional[str]:
            while qid is not None and qid not in kept:
                qid = parents[qid]
            return qid

        quotes = tuple(replace(q, parent_id=parent(q.parent_id))
                       for q in self.quotes if q.id in kept)
        speakers = tuple(replace(e, quote_ids=tuple(i for i in e.quote_ids if i in kept))
                         for e in self.speakers)
        return Analysis(quotes=quotes, speakers=tuple(e for e in speakers if e.quote_ids))

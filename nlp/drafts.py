"""The :class:`Draft`: an attribution as the rules, the linking and the tagger find it, before
it becomes a public record; and the small operations on lists of drafts they share."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Draft:
    """An attribution before it becomes a record: character pieces and token anchors."""

    pieces: list[tuple[int, int]]
    cue: tuple[int, int] | None  # token range [start, end) of the cue words
    cue_head: int | None  # token index of the cue's head word
    speaker: int | None  # token index of the speaker's head word
    construction: str
    confidence: float
    lemma: str = ""
    cue_chars: tuple[int, int] | None = None  # when the cue is part of a token ("”―")
    speaker_tokens: tuple[int, int] | None = None  # when the mention is known exactly
    # pieces joined as quotations with no cue of their own (nlp.linking: floating quotes)
    floating: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def to_row(self) -> list:
        """The draft as plain values (lists, numbers, strings), for ``Doc.user_data``."""
        return [[list(p) for p in self.pieces], _listed(self.cue), self.cue_head, self.speaker,
                self.construction, self.confidence, self.lemma, _listed(self.cue_chars),
                _listed(self.speaker_tokens), [list(p) for p in self.floating]]

    @classmethod
    def from_row(cls, row: list) -> "Draft":
        (pieces, cue, cue_head, speaker, construction, confidence, lemma, cue_chars, tokens,
         floating) = row
        return cls([(a, b) for a, b in pieces], _paired(cue), cue_head, speaker, construction,
                   confidence, lemma, _paired(cue_chars), _paired(tokens),
                   [(a, b) for a, b in floating])


def _listed(pair: tuple[int, int] | None) -> list[int] | None:
    return None if pair is None else list(pair)


def _paired(values) -> tuple[int, int] | None:
    return None if values is None else (values[0], values[1])


def cover(covered: bytearray, pieces: Iterable[tuple[int, int]]) -> None:
    for start, end in pieces:
        covered[start:end] = b"\x01" * (end - start)


def drop_duplicates(drafts: list[Draft]) -> list[Draft]:
    """One draft per cue word and per content range."""
    seen_cues: set[int] = set()
    seen_ranges: set[tuple[int, int]] = set()
    out = []
    for d in sorted(drafts, key=lambda d: -d.confidence):
        key = (d.start, d.end)
        if (d.cue_head is not None and d.cue_head in seen_cues) or key in seen_ranges:
            continue
        if d.cue_head is not None:
            seen_cues.add(d.cue_head)
        seen_ranges.add(key)
        out.append(d)
    return sorted(out, key=lambda d: (d.start, d.end))

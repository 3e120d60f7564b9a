"""Page furniture: lines of a scraped page that are not article prose.

Comment forms, previous/next links, share buttons, tag lines, bylines, datelines and headlines
yield no attribution. A line is furniture when it matches a pattern of
``nlp/data/en/furniture.txt`` or reads as a title rather than prose (short, no sentence-final
punctuation, no verb phrase worth reporting).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from nlp.lexicons import load_lexicon
from nlp.quotemarks import Quotations

_SENTENCE_END = re.compile(r"[.!?…:”\"'’»)]\s*$")
_MAX_TITLE_WORDS = 20
_MAX_WIDGET_WORDS = 12  # a widget's label is short; a longer punctuated line is prose
_SIGNED_QUOTE = re.compile(r"[”\"'»]\s*[―—–]+\s*\w")
# A wire dateline opening a paragraph: the place in capitals with a region or a date, or the
# agency in brackets, or alone (four letters at least), then a dash and prose that starts
# with a capital: "SEOUL (AP) — ", "LONDON, March 3 (Reuters) - ", "FLINT, Mich., Oct. 4
# (UPI) — ", "WASHINGTON -- ". Not "NATO — which Trump once called obsolete — said".
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z'’.&-]+(?: [A-Z][A-Z'’.&-]+){0,3}"
    r"(?:, [A-Z][A-Za-z.]*(?: [A-Za-z0-9.]+){0,2}){1,3}(?: ?\([A-Za-z][\w .&-]{0,30}\))?"
    r"|[A-Z][A-Z'’.&-]+(?: [A-Z][A-Z'’.&-]+){0,3} ?\([A-Za-z][\w .&-]{0,30}\)"
    r"|[A-Z][A-Z'’.&-]{3,}(?: [A-Z][A-Z'’.&-]+){0,3})"
    r" ?(?:—|–|--|-) (?=[A-Z0-9“\"‘'])")


@lru_cache(maxsize=1)
def _patterns() -> tuple[str, ...]:
    return tuple(load_lexicon("furniture.txt"))


def _is_furniture_line(line: str, titles: bool = True) -> bool:
    """Whether a line is furniture; ``titles`` says whether an unpunctuated short line counts
    (not when the text is that one line: a client may send a single sentence bare)."""
    stripped = line.strip()
    if not stripped:
        return False
    words = stripped.split()
    punctuated = bool(_SENTENCE_END.search(stripped))
    if punctuated and len(words) > _MAX_WIDGET_WORDS:
        return False  # prose, whatever word it starts with ("Advertisements for the drug...")
    if stripped.lower().startswith(_patterns()):
        return True
    if _SIGNED_QUOTE.search(stripped):
        return False  # a quotation signed by its speaker: "...” ― Jane Doe
    # A heading, a tag line or a caption: no sentence punctuation at its end.
    return titles and len(words) <= _MAX_TITLE_WORDS and not punctuated


def dateline_ends(text: str) -> list[int]:
    """Where each paragraph's opening dateline ends (the offset of the prose after its dash):
    the prose there starts a sentence of its own, not one whose subject is the place."""
    ends = []
    start = 0
    while start < len(text):
        found = _DATELINE.match(text, start)
        if found is not None:
            ends.append(found.end())
        start = text.find("\n", start)
        if start < 0:
            break
        start += 1
    return ends


class Furniture:
    """The furniture lines of one text, queried by character offset. With the text's
    ``quotations``, a line that is one quotation in single marks is a heading too, where the
    text quotes in double marks ('A really tough decision.', as American pages set them)."""

    def __init__(self, text: str, quotations: Quotations | None = None) -> None:
        starts, flags = [], []
        lines = text.split("\n")
        titles = sum(1 for line in lines if line.strip()) > 1
        headings = _heading_lines(text, quotations)
        pos = 0
        for line in lines:
            starts.append(pos)
            flags.append(pos in headings or _is_furniture_line(line, titles))
            pos += len(line) + 1
        self._starts = starts
        self._flags = flags

    def covers(self, char: int) -> bool:
        """Whether the character at ``char`` lies on a furniture line."""
        i = bisect_right(self._starts, char) - 1
        return i >= 0 and self._flags[i]


def _heading_lines(text: str, quotations: Quotations | None) -> set[int]:
    """Where the lines that are headings in single marks start."""
    if not quotations:
        return set()
    return {text.rfind("\n", 0, q.start) + 1 for q in quotations if quotations.is_heading(q)}

"""Finding quotations by their marks, on the raw text.

News copy is messy: straight and curly marks are mixed, a quotation running over several
paragraphs reopens its mark on each new paragraph without closing the previous one, and scraped
or machine-translated text carries stray marks. The scanner pairs marks by their shape and their
context (an opening mark follows a space or the start of a line and precedes a word; a closing
mark follows a word) and never lets a quotation run past the end of its paragraph. A
quotation may quote a phrase in marks of another style, which stays part of it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Marks that can only open, only close, or either, in the styles news copy uses:
# "straight", “English”, „German“ / „Polish”, «French» and »reversed«.
_OPENERS = frozenset("“„«")
_CLOSERS = frozenset("”»")
_PAIRS_WITH = {"“": "”\"“", "„": "“”\"", "«": "»", '"': "\"”“", "»": "«", "”": "”\"“"}
ALL_MARKS = frozenset("\"“”„«»")

_OPEN_CONTEXT = frozenset(" \t\n([{—–-/\u00a0\u2009\u200b")
_PARAGRAPH_BREAK = "\n"


@dataclass(frozen=True)
class Quotation:
    """A stretch of quoted text: ``start``/``end`` include the marks that were found.

    ``closed`` is False when the paragraph ended before a closing mark (news style for a
    quotation that goes on in the next paragraph).
    """

    start: int
    end: int
    closed: bool
    open_width: int = 1  # two for the doubled-apostrophe style: ''quoted''
    close_width: int = 1
    single: bool = False  # in single marks: ‘quoted’

    @property
    def inner(self) -> tuple[int, int]:
        """The offsets of the quoted words, without the marks."""
        return self.start + self.open_width, self.end - self.close_width if self.closed else self.end


class Quotations(tuple):
    """The quotations of one text, in order and never overlapping, found by offset."""

    def __new__(cls, items: Iterable[Quotation] = (), headings: Iterable[int] = ()
                ) -> "Quotations":
        self = super().__new__(cls, items)
        self._starts = [q.start for q in self]
        self.headings = frozenset(headings)
        return self

    def is_heading(self, q: Quotation) -> bool:
        """Whether ``q`` is a heading, not a quotation: a line that is only a quotation in
        single marks, in a text that quotes in double marks ('A really tough decision.', as
        American pages set them)."""
        return q.start in self.headings

    def at(self, char: int) -> Quotation | None:
        """The quotation holding the character at ``char``, marks included."""
        i = bisect_right(self._starts, char) - 1
        if i >= 0 and char < self[i].end:
            return self[i]
        return None

    def overlapping(self, start: int, end: int) -> list[Quotation]:
        """The quotations that share a character with ``[start, end)``."""
        i = max(bisect_right(self._starts, start) - 1, 0)
        found = []
        while i < len(self) and self[i].start < end:
            if self[i].end > start:
                found.append(self[i])
            i += 1
        return found


def _is_opening(text: str, i: int) -> bool:
    ch = text[i]
    if ch in _OPENERS:
        return True
    if ch in _CLOSERS:
        # »reversed« style, and a closing mark misused as an opener after a space
        before = text[i - 1] if i > 0 else "\n"
        return _followed_by_word(text, i) and (ch == "»" or before in _OPEN_CONTEXT)
    before = text[i - 1] if i > 0 else "\n"
    return (before in _OPEN_CONTEXT or before in ALL_MARKS) and _followed_by_word(text, i)


def _followed_by_word(text: str, i: int) -> bool:
    j = i + 1
    if j < len(text) and text[j] == _FILLER:
        j += 1
    return j < len(text) and not text[j].isspace()


def _can_close(text: str, i: int, opener: str) -> bool:
    ch = text[i]
    if ch not in _PAIRS_WITH.get(opener, ""):
        return False
    if ch in _CLOSERS or ch == "“" and opener == "„":
        return True
    # An ambiguous mark closes when it follows a word (or punctuation) rather than a space,
    # or, after a space, when no word follows it either ('... outreach,' " he said).
    return i > 0 and (not text[i - 1].isspace() or not _followed_by_word(text, i))


_DOUBLED = "''"
_FILLER = "\u0001"


@lru_cache(maxsize=4)  # one analysis asks for the same text's quotations several times
def find_quotations(text: str) -> Quotations:
    """Every quotation in ``text`` in order, never overlapping, never crossing a paragraph.

    Two apostrophes in a row (''like this'', a style of some wire copy) count as one mark.
    Single marks (‘like this’, the first style of British and Australian copy) make a
    quotation too, outside one in double marks; one in single marks holds those in double.
    The result is immutable, so it is shared by every caller asking about the same text.
    """
    if _DOUBLED in text:
        # Same length as the text, so offsets stay exact: '' reads as " plus a filler.
        view = text.replace(_DOUBLED, '"' + _FILLER)
        doubles = [_widen(q, text) for q in _scan(view)]
    else:
        view, doubles = text, _scan(text)
    if not _SINGLE_MARK.search(view):
        return Quotations(doubles)
    found = _with_singles(doubles, _scan_singles(view, Quotations(doubles)))
    return Quotations(found, _headings(text, found))


def _headings(text: str, quotations: list[Quotation]) -> list[int]:
    """Where the lines that are only a quotation in single marks start, in a text whose
    other quotations are mostly in double marks; none where single marks are its style."""
    lines, others = [], 0
    breaks = [m.start() for m in _LINE_BREAK.finditer(text)]
    for q in quotations:
        k = bisect_right(breaks, q.start)
        start = breaks[k - 1] + 1 if k else 0
        end = breaks[k] if k < len(breaks) else len(text)
        if not text[start:q.start].strip() and not text[q.end:end].strip(" \t.,;:!?"):
            if q.single and q.closed:  # one running on is a quotation, not a heading
                lines.append(q.start)
        else:
            others += 1 if q.single else -1
    return lines if others < 0 else []


_LINE_BREAK = re.compile("\n")


# Single marks. The closing one is also the apostrophe ("It’s", "the players’ union", "goin’
# home"), so a mark with a letter on both sides never closes, and a quotation takes the first
# closing mark that punctuation marks as an end (",’" or "’." ) over one before a word.
_SINGLE_OPENERS = frozenset("‘'")
_SINGLE_CLOSERS = frozenset("’'")
_SINGLE_MARK = re.compile("[‘’']|\n")
_CLOSING_PUNCT = frozenset(".,!?;:…")
_AFTER_CLOSING = frozenset(".,!?;:…)]}—–-\"”»")
_MIN_SINGLE_INNER = 2  # "rock 'n' roll" quotes nothing


# Words an apostrophe opens by eliding their first letters ("'em", "'til", "'Twas", "rock 'n'
# roll"): the mark before them opens no quotation. English orthography, not a lexicon.
_ELISIONS = frozenset({"em", "til", "tis", "twas", "twere", "twill", "n", "cause", "cos",
                       "cuz", "bout", "neath", "nuff"})
_ELIDED_WORD = re.compile(r"[A-Za-z]+")


def _single_opening(text: str, i: int) -> bool:
    """Whether the single mark at ``i`` opens a quotation, not an elision."""
    return _single_opener(text, i) == _OPENS


_OPENS, _ELIDES = 1, 2


def _single_opener(text: str, i: int) -> int:
    """0 where the single mark at ``i`` opens nothing, ``_OPENS`` where it opens a
    quotation, ``_ELIDES`` where it elides a word ("'til"): that opens one only if a mark
    that punctuation marks as an end closes it ("'Til the end,' she said")."""
    if text[i] not in _SINGLE_OPENERS:
        return 0
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    if not ((before in _OPEN_CONTEXT or before in ALL_MARKS) and not after.isspace()
            and not after.isdigit() and after not in _SINGLE_CLOSERS):
        return 0
    word = _ELIDED_WORD.match(text, i + 1)
    elided = word is not None and word.group().lower() in _ELISIONS \
        and not text[word.end():word.end() + 1].isalnum()
    return _ELIDES if elided else _OPENS


_MAY_CLOSE, _CLOSES = 1, 2


def _single_closing(text: str, i: int) -> int:
    """0 where the mark at ``i`` cannot close a quotation in single marks, ``_CLOSES`` where
    punctuation marks it as an end, ``_MAY_CLOSE`` where it may close one (before a word)."""
    if text[i] not in _SINGLE_CLOSERS or i == 0 or text[i - 1].isspace():
        return 0
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if after.isalnum():
        return 0
    ends = text[i - 1] in _CLOSING_PUNCT or after in _AFTER_CLOSING or after == "\n"
    return _CLOSES if ends else _MAY_CLOSE


def _scan_singles(text: str, doubles: Quotations) -> list[Quotation]:
    """The quotations in single marks, paragraph by paragraph, outside those in double
    marks (an American inner quotation is part of its outer one)."""
    found: list[Quotation] = []
    opener: int | None = None
    elided = False  # the open quotation's mark elides its first word
    weak: int | None = None  # the first mark that may close the open quotation
    for match in _SINGLE_MARK.finditer(text):
        i = match.start()
        if text[i] == "\n" or opener is None:
            if text[i] == "\n" and opener is not None and not elided:
                found.extend(_single_at_end(text, opener, weak, i))
            opener = None
            if text[i] != "\n" and doubles.at(i) is None:
                kind = _single_opener(text, i)
                if kind:
                    opener, weak, elided = i, None, kind == _ELIDES
            continue
        if doubles.at(i) is not None:
            continue
        closing = _single_closing(text, i)
        if closing == _CLOSES or (closing == _MAY_CLOSE and weak is None):
            weak = i
            if closing == _CLOSES:
                found.extend(_single(opener, i))
                opener = None
        elif _single_opening(text, i):  # a new quotation: the open one ends at its first
            found.extend(_single(opener, weak) if weak is not None and not elided else [])
            opener, weak, elided = i, None, False  # closing mark
    if opener is not None and not elided:
        found.extend(_single_at_end(text, opener, weak, len(text)))
    return found


def _single(opener: int, closer: int) -> list[Quotation]:
    if closer - opener - 1 < _MIN_SINGLE_INNER:
        return []
    return [Quotation(opener, closer + 1, closed=True, single=True)]


def _single_at_end(text: str, opener: int, weak: int | None, end: int) -> list[Quotation]:
    """The open quotation at its paragraph's end: left open when it goes on in the next
    paragraph (whose closing marks before a word were apostrophes: "the renters’ reforms"),
    else closed by its first closing mark."""
    if _runs_on(text, opener, end):
        end = _rstrip(text, opener, end)
        if end - opener - 1 >= _MIN_SINGLE_INNER:
            return [Quotation(opener, end, closed=False, single=True)]
    return _single(opener, weak) if weak is not None else []


def _with_singles(doubles: list[Quotation], singles: list[Quotation]) -> list[Quotation]:
    """Both kinds in order, a quotation in double marks held by one in single marks left
    out (it is part of it)."""
    if not singles:
        return doubles
    outer = Quotations(singles)
    kept = [q for q in doubles if not outer.overlapping(q.start, q.end)]
    return sorted(kept + singles, key=lambda q: q.start)


def _widen(q: Quotation, text: str) -> Quotation:
    """Give a quotation found in the view its doubled marks back, at either end."""
    open_width = 2 if text.startswith(_DOUBLED, q.start) else 1
    close_width = 2 if q.closed and text.startswith(_DOUBLED, q.end - 1) else 1
    if open_width == close_width == 1:
        return q
    return Quotation(q.start, q.end + close_width - 1, q.closed, open_width, close_width)


def _family(mark: str) -> str:
    """The style a mark belongs to: a quotation can hold one of another style."""
    return "curly" if mark in "“”„" else "guillemet" if mark in "«»" else "straight"


class _Scan:
    """The quotations of one paragraph, found mark by mark.

    With ``nest``, a quotation may hold one quotation of another style ('"He called it
    “a disaster” and left," she said'), which is part of it; should the outer one prove
    stray (never closed, and not opening its paragraph), the inner ones it held are the
    quotations. Without, a second opening mark before any closer means the first was stray.
    """

    def __init__(self, text: str, end: int, marks: list[int], nest: bool) -> None:
        self.text, self.end, self.marks, self.nest = text, end, marks, nest
        self.found: list[Quotation] = []
        self.outer: int | None = None
        self.inner: int | None = None
        self.held: list[Quotation] = []  # closed inner quotations of the open outer one
        self.nested_unclosed = False  # an outer quotation held another and never closed

    def run(self) -> list[Quotation]:
        text = self.text
        for i in self.marks:
            if self.outer is None:
                if _is_opening(text, i):
                    self.outer = i
            elif self.inner is None:
                self._in_outer(i)
            else:
                self._in_inner(i)
        self._paragraph_end()
        return self.found

    def _in_outer(self, i: int) -> None:
        text, outer = self.text, self.outer
        if _can_close(text, i, text[outer]):
            self._close_outer(i)
        elif self.nest and _is_opening(text, i) and _family(text[i]) != _family(text[outer]):
            self.inner = i
        elif _is_opening(text, i) and (text[i] in _OPENERS or self.held):
            # A second opening mark before any closer means the first was stray; a straight
            # one too, once the outer has held a quotation of another style ('a "disaster.
            # “We will rebuild,” he said. "It is done," she added').
            self.found.extend(self.held)
            self.held, self.outer = [], i

    def _in_inner(self, i: int) -> None:
        text, inner = self.text, self.inner
        same = _family(text[i]) == _family(text[inner])
        if same and _can_close(text, i, text[inner]):
            self._close_inner(i)
        elif _can_close(text, i, text[self.outer]):
            self._close_outer(i)  # the inner mark was stray
        elif _can_close(text, i, text[inner]):
            self._close_inner(i)
        elif same and _is_opening(text, i) and text[i] in _OPENERS:
            self.inner = i  # the inner mark was stray

    def _close_inner(self, i: int) -> None:
        if i - self.inner > 1:
            self.held.append(Quotation(self.inner, i + 1, closed=True))
        self.inner = None

    def _close_outer(self, i: int) -> None:
        if i - self.outer > 1:
            self.found.append(Quotation(self.outer, i + 1, closed=True))
        self.outer, self.inner, self.held = None, None, []

    def _paragraph_end(self) -> None:
        text, outer = self.text, self.outer
        if outer is not None and _runs_on(text, outer, self.end):
            end = _rstrip(text, outer, self.end)
            if end - outer > 1:
                self.found.append(Quotation(outer, end, closed=False))
                self.nested_unclosed = bool(self.held) or self.inner is not None
        else:
            self.found.extend(self.held)


_MARK_OR_BREAK = re.compile("[" + re.escape(_PARAGRAPH_BREAK + "".join(sorted(ALL_MARKS))) + "]")


def _scan(text: str) -> list[Quotation]:
    found: list[Quotation] = []
    marks: list[int] = []
    for match in _MARK_OR_BREAK.finditer(text):
        i = match.start()
        if text[i] == _PARAGRAPH_BREAK:
            if marks:
                found.extend(_scan_paragraph(text, i, marks))
                marks = []
        else:
            marks.append(i)
    if marks:
        found.extend(_scan_paragraph(text, len(text), marks))
    return found


def _scan_paragraph(text: str, end: int, marks: list[int]) -> list[Quotation]:
    """The quotations of the paragraph ending at ``end`` whose marks are at ``marks``: found
    with quotations nested, unless a quotation that held another runs on unclosed to the
    paragraph's end. That is most often a passage from another story, whose inner
    quotations are its own speakers' words, so the paragraph is scanned again as it was
    before nesting: a second opening mark before any closer means the first was stray."""
    scan = _Scan(text, end, marks, nest=True)
    quotations = scan.run()
    if scan.nested_unclosed:
        quotations = _Scan(text, end, marks, nest=False).run()
    return quotations


def _runs_on(text: str, i: int, end: int) -> bool:
    """Whether a quotation opened at ``i`` and left open at its paragraph's ``end`` goes on in
    the next paragraph, as news style runs one over paragraphs: when it opened its paragraph,
    or followed a colon, and the next paragraph opens with a mark of its kind ('He said: "We
    will stay.' / '"And we will win."'); in double marks, one opening its paragraph always
    does. Elsewhere the mark was stray."""
    single = text[i] in _SINGLE_OPENERS
    before = text[text.rfind("\n", 0, i) + 1:i].rstrip()
    if before and not before.endswith(":"):
        return False
    if not before and not single:
        return True
    # after a colon, or single marks anywhere (an elision may open a paragraph: "'Twas"),
    # only when the next paragraph opens with a mark
    following = text[end:end + _LOOK_AHEAD].lstrip()
    return bool(following) and (_single_opening(following, 0) if single
                                else following[0] in ALL_MARKS)


_LOOK_AHEAD = 200  # white space between two paragraphs, at most


def quoted_share(quotations: Quotations, start: int, end: int) -> float:
    """The share of ``[start, end)`` covered by quotations, marks included."""
    if end <= start:
        return 0.0
    if not isinstance(quotations, Quotations):
        quotations = Quotations(quotations)
    inside = sum(min(q.end, end) - max(q.start, start)
                 for q in quotations.overlapping(start, end))
    return inside / (end - start)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end

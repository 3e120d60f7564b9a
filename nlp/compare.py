"""Comparing two versions of one story: which records report the same utterance, and what
changed between them.

    a = prepare(pipeline, text_a)          # -> Version: the analysis plus the words it rests on
    b = prepare(pipeline, text_b)
    comparison = compare(a, b)             # -> Comparison: pairs, only_a, only_b, alarms

Records pair by the content lemmas they share (which survive rewording and a rough
translation better than the surface words), with the speaker as further evidence, through an
optimal one-to-one assignment; nested records pair only with nested records. The words inside
quotation marks are then compared on their own: identical, changed in function words only, or
altered. Everything returned is a frozen dataclass of plain values.
"""
from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Optional

import numpy as np
from scipy.optimize import linear_sum_assignment
from spacy.language import Language
from spacy.tokens import Doc

from nlp import deadline
from nlp.extract import extract
from nlp.lexicons import load_lexicon, load_table
from nlp.pipeline import parse_checked
from nlp.quotemarks import find_quotations
from nlp.speakers import title_words
from nlp.types import Analysis, Entity, Offsets, Quote

# What quoted words can be, compared across the two versions.
IDENTICAL, MINOR, ALTERED = "identical", "minor", "altered"
# Alarm kinds.
MISQUOTE = "misquote"
MISATTRIBUTION = "misattribution"
PARAPHRASE_TO_QUOTE = "paraphrase_to_quote"
QUOTE_TO_PARAPHRASE = "quote_to_paraphrase"
FACT_CHANGED = "fact_changed"

# Two records pair when their content similarity plus the speaker evidence reaches this.
# Chosen on the seed pair and the planted PolNeAR pairs (evaluation/plant_changes.py).
PAIR_THRESHOLD = 0.3
# Evidence from the speakers: the same entity in both versions, or two different ones.
SAME_SPEAKER_BONUS = 0.15
OTHER_SPEAKER_PENALTY = 0.1

# Words that carry the content; the rest (articles, prepositions, conjunctions, particles,
# pronouns, forms of be/have/do) may move or change without changing what was said.
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM", "X", "SYM", "INTJ"})
_LIGHT_AUX = frozenset({"be", "have", "do"})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_GENERIC_ARTICLE = re.compile(r"^(the|a|an)\s+")


@dataclass(frozen=True)
class Word:
    """A word of the text: where it is, its normal form, its lemma, and whether it carries
    content (a function word can change without changing what was said)."""

    start: int
    end: int
    text: str
    norm: str
    lemma: str
    content: bool
    entity: str = ""  # the entity type of the word's token ("GPE", "DATE"...), "" for none
    proper: bool = False  # tagged a proper noun


@dataclass(frozen=True)
class Version:
    """One version of the story, ready to compare: its text, its analysis, its words (without
    punctuation) and the stretches inside quotation marks."""

    text: str
    analysis: Analysis
    words: tuple[Word, ...]
    quoted: tuple[tuple[int, int], ...]

    @cached_property
    def _word_starts(self) -> list[int]:
        return [w.start for w in self.words]  # in text order, as version_of makes them

    @cached_property
    def _quoted_index(self) -> tuple[list[int], list[int]]:
        """The quoted stretches' starts in order, and the furthest end of each prefix."""
        ordered = sorted(self.quoted)
        furthest, ends = -1, []
        for _start, end in ordered:
            furthest = max(furthest, end)
            ends.append(furthest)
        return [start for start, _ in ordered], ends


@dataclass(frozen=True)
class Change:
    field: str  # wording | speaker | cue | type | stance
    a: Optional[str]
    b: Optional[str]


@dataclass(frozen=True)
class DiffOp:
    op: str  # equal | replace | delete | insert
    a: str
    b: str


@dataclass(frozen=True)
class Pair:
    """Two records, one in each version, that report the same utterance."""

    a: str
    b: str
    similarity: float
    quoted_words: Optional[str]  # identical | minor | altered | None (neither quotes)
    changes: tuple[Change, ...]
    diff: tuple[DiffOp, ...]


@dataclass(frozen=True)
class FactChange:
    """A fact of a reported content that the other version states otherwise: the words in
    each version, and where they are."""

    kind: str  # entity | number | date | negation
    a: str
    b: str
    a_spans: tuple[Offsets, ...]
    b_spans: tuple[Offsets, ...]


@dataclass(frozen=True)
class Alarm:
    kind: str  # misquote | fact_changed | misattribution | paraphrase_to_quote | ...
    a: Optional[str]
    b: Optional[str]
    detail: str
    facts: tuple[FactChange, ...] = ()


@dataclass(frozen=True)
class Comparison:
    pairs: tuple[Pair, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    alarms: tuple[Alarm, ...]


def prepare(pipeline: Language, text: str) -> Version:
    """Parse ``text`` once: its analysis and the words the comparison needs (under the
    running time limit, :mod:`nlp.deadline`, if any)."""
    return version_of(parse_checked(pipeline, [text])[0])


def version_of(doc: Doc) -> Version:
    """The :class:`Version` of a parsed document."""
    negators = load_lexicon("stance_negators.txt")
    words = []
    for token in doc:
        if token.is_punct or token.is_space:
            continue
        lower = token.text.lower().translate(_APOSTROPHES)
        content = (token.pos_ in _CONTENT_POS or token.like_num or token.dep_ == "neg"
                   or lower in negators
                   or (token.pos_ == "AUX" and token.lemma_.lower() not in _LIGHT_AUX))
        words.append(Word(token.idx, token.idx + len(token.text), token.text, lower,
                          token.lemma_.lower().translate(_APOSTROPHES), content,
                          token.ent_type_, token.pos_ == "PROPN"))
    quoted = tuple(q.inner for q in find_quotations(doc.text))
    return Version(doc.text, extract(doc), tuple(words), quoted)


# -- the words of a record --------------------------------------------------------------------

def content_words(version: Version, quote: Quote) -> list[Word]:
    """The words of ``quote``'s content, in text order (found by bisection: the cost
    grows with the content, not the text)."""
    starts, words = version._word_starts, version.words
    found: set[int] = set()
    for piece in quote.spans:
        i = bisect_left(starts, piece.start)
        while i < len(words) and words[i].start < piece.end:
            if words[i].end <= piece.end:
                found.add(i)
            i += 1
    return [words[i] for i in sorted(found)]


def quoted_words(version: Version, quote: Quote) -> list[Word]:
    """The words of ``quote``'s content that are inside quotation marks."""
    return [w for w in content_words(version, quote) if _quoted(version, w)]


def _quoted(version: Version, word: Word) -> bool:
    """Whether a quoted stretch holds all of ``word``: of those starting at or before it,
    the one reaching furthest does if any does."""
    starts, furthest = version._quoted_index
    i = bisect_right(starts, word.start) - 1
    return i >= 0 and furthest[i] >= word.end


def similarity(a: Sequence[Word], b: Sequence[Word]) -> float:
    """Dice coefficient of the content lemmas of two records' words."""
    left = {w.lemma for w in a if w.content}
    right = {w.lemma for w in b if w.content}
    if not left or not right:
        left, right = {w.lemma for w in a}, {w.lemma for w in b}
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


# -- speakers ---------------------------------------------------------------------------------

def _name_key(name: str) -> str:
    key = name.casefold().translate(_APOSTROPHES).replace(".", "")
    key = re.sub(r"\s+", " ", key).strip()
    return _GENERIC_ARTICLE.sub("", key)


@dataclass(frozen=True)
class _Who:
    names: frozenset[str]
    kind: str
    label: str


def _speaker_of(analysis: Analysis, quote: Quote) -> Optional[_Who]:
    speaker = quote.speaker
    if speaker is None:
        return None
    entity: Optional[Entity] = next(
        (e for e in analysis.speakers if e.entity_id == speaker.entity_id), None)
    if entity is not None:
        names = {entity.name, *entity.aliases}
        return _Who(frozenset(_name_key(n) for n in names), entity.kind, entity.name)
    if speaker.kind == "unknown":
        return None
    return _Who(frozenset({_name_key(speaker.name)}), speaker.kind, speaker.name)


def _agreement(a: Optional[_Who], b: Optional[_Who]) -> int:
    """1 when the two speakers are one entity, -1 when they are two, 0 when unknown."""
    if a is None or b is None:
        return 0
    return 1 if a.names & b.names else -1


def _conflict(a: Optional[_Who], b: Optional[_Who]) -> bool:
    # An unnamed source ("a spokesman") in one version may well be the named one in the
    # other: only two named speakers that share no name are in conflict.
    named = {"person", "organization", "place"}
    return (a is not None and b is not None and a.kind in named and b.kind in named
            and not a.names & b.names)


# -- comparing --------------------------------------------------------------------------------

def compare(a: Version, b: Version, *, threshold: float = PAIR_THRESHOLD) -> Comparison:
    """Pair the records of ``a`` and ``b`` and say what changed."""
    qa, qb = a.analysis.quotes, b.analysis.quotes
    words_a = [content_words(a, q) for q in qa]
    words_b = [content_words(b, q) for q in qb]
    who_a = [_speaker_of(a.analysis, q) for q in qa]
    who_b = [_speaker_of(b.analysis, q) for q in qb]
    sims: dict[tuple[int, int], float] = {}
    scores: dict[tuple[int, int], float] = {}
    for i, j in _candidates(words_a, words_b):
        deadline.check()
        if (qa[i].parent_id is None) != (qb[j].parent_id is None):
            continue
        sim = similarity(words_a[i], words_b[j])
        agreement = _agreement(who_a[i], who_b[j])
        bonus = SAME_SPEAKER_BONUS if agreement > 0 else (
            -OTHER_SPEAKER_PENALTY if agreement < 0 else 0.0)
        if sim + bonus >= threshold:
            sims[i, j] = sim
            scores[i, j] = sim + bonus + _PLACE_WEIGHT * _same_place(qa[i], qb[j], a, b)
    pairs: list[Pair] = []
    alarms: list[Alarm] = []
    paired_a: set[int] = set()
    paired_b: set[int] = set()
    assigned = _assign(scores)
    assigned += _same_frame(a, b, {i for i, _ in assigned}, {j for _, j in assigned},
                            who_a, who_b, sims)
    for i, j in sorted(assigned):
        deadline.check()
        paired_a.add(i)
        paired_b.add(j)
        pair, pair_alarms = _pair(a, b, qa[i], qb[j], sims[i, j], who_a[i], who_b[j])
        pairs.append(pair)
        alarms.extend(pair_alarms)
    order = {MISQUOTE: 0, FACT_CHANGED: 1, MISATTRIBUTION: 2, PARAPHRASE_TO_QUOTE: 3,
             QUOTE_TO_PARAPHRASE: 4}
    alarms.sort(key=lambda alarm: order[alarm.kind])
    return Comparison(
        pairs=tuple(pairs),
        only_a=tuple(q.id for i, q in enumerate(qa) if i not in paired_a),
        only_b=tuple(q.id for j, q in enumerate(qb) if j not in paired_b),
        alarms=tuple(alarms))


# Records left unpaired whose contents share nothing may still be one record rewritten: the
# same speaker, the same cue, in a sentence whose other words are mostly the same ("A union
# endorsed Clinton" / "A union endorsed Donald Trump"). At least this share of those words
# (Dice), and no more than this many records of one cue a side are tried.
FRAME_THRESHOLD = 0.6
_FRAME_RECORDS = 50
_FRAME_REACH = 300


def _same_frame(a: Version, b: Version, paired_a: set[int], paired_b: set[int],
                who_a: Sequence[Optional[_Who]], who_b: Sequence[Optional[_Who]],
                sims: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Pairs of records the contents could not pair, paired by the rest of their sentence
    (see :data:`FRAME_THRESHOLD`); each one's similarity is entered in ``sims``."""
    qa, qb = a.analysis.quotes, b.analysis.quotes
    by_cue: dict[str, list[int]] = {}
    for j, q in enumerate(qb):
        if j not in paired_b and q.cue is not None:
            by_cue.setdefault(q.cue.lemma.lower(), []).append(j)
    scored = []
    frames_b: dict[int, set[str]] = {}
    for i, x in enumerate(qa):
        if i in paired_a or x.cue is None:
            continue
        candidates = by_cue.get(x.cue.lemma.lower(), ())
        if len(candidates) > _FRAME_RECORDS:
            continue
        frame_x = _frame(a, x)
        for j in candidates:
            y = qb[j]
            if (x.parent_id is None) != (y.parent_id is None) \
                    or _agreement(who_a[i], who_b[j]) < 0:
                continue
            if j not in frames_b:
                frames_b[j] = _frame(b, y)
            score = _dice(frame_x, frames_b[j])
            if score >= FRAME_THRESHOLD:
                scored.append((score, i, j))
    chosen, used_a, used_b = [], set(), set()
    for score, i, j in sorted(scored, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            sims[i, j] = similarity(content_words(a, qa[i]), content_words(b, qb[j]))
            chosen.append((i, j))
    return chosen


def _frame(version: Version, quote: Quote) -> set[str]:
    """The content lemmas of the record's sentence outside its content, within
    :data:`_FRAME_REACH` characters of it (a sentence of thousands of words costs no more)."""
    starts, words = version._word_starts, version.words
    low = max(quote.sentence.start, quote.span.start - _FRAME_REACH)
    high = min(quote.sentence.end, quote.span.end + _FRAME_REACH)
    i = bisect_left(starts, low)
    found = set()
    while i < len(words) and words[i].start < high:
        word = words[i]
        if word.content and not any(s.start <= word.start < s.end for s in quote.spans):
            found.add(word.lemma)
        i += 1
    return found


def _dice(x: set[str], y: set[str]) -> float:
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


# Between records as alike, the one at the same place in its story: a few thousandths of a
# score, so that it only breaks ties ("Machado" quoted twice in each version).
_PLACE_WEIGHT = 0.005


def _same_place(x: Quote, y: Quote, a: Version, b: Version) -> float:
    """1 for records at the same relative place of their texts, down to 0 a whole text apart."""
    return 1.0 - abs(x.span.start / max(len(a.text), 1) - y.span.start / max(len(b.text), 1))


# A lemma in more records than this on either side (a word every record repeats) does not
# make two records candidates to pair; they pair through the words they share besides it.
_COMMON_LEMMA_RECORDS = 50
# Pairs are assigned optimally within each group of records linked by candidate pairs up to
# this many records a side (the assignment's cost grows with the cube of a group's size), and
# greedily, best score first, in a larger group (which no real article makes).
_OPTIMAL_GROUP = 300


def _candidates(words_a: Sequence[Sequence[Word]], words_b: Sequence[Sequence[Word]]
                ) -> list[tuple[int, int]]:
    """The pairs of records that can reach the pairing threshold: those whose lemmas, as
    :func:`similarity` counts them, overlap (a pair sharing none has a similarity of 0, and
    the speaker bonus alone is below the threshold). Found through an index of lemmas, not by
    trying every pair; a lemma in more than :data:`_COMMON_LEMMA_RECORDS` records of a side
    links none of them."""
    content_a = [{w.lemma for w in words if w.content} for words in words_a]
    content_b = [{w.lemma for w in words if w.content} for words in words_b]
    every_a = [{w.lemma for w in words} for words in words_a]
    every_b = [{w.lemma for w in words} for words in words_b]
    found: set[tuple[int, int]] = set()
    # two records with content words are compared on those
    _link(content_a, content_b, found, flip=False)
    # a record with none is compared on all its lemmas, and so is the other record
    bare_a = [lemmas if not content_a[i] else set() for i, lemmas in enumerate(every_a)]
    bare_b = [lemmas if not content_b[j] else set() for j, lemmas in enumerate(every_b)]
    _link(bare_a, every_b, found, flip=False)
    _link(bare_b, every_a, found, flip=True)
    return sorted(found)


def _link(left: Sequence[set[str]], right: Sequence[set[str]], found: set[tuple[int, int]],
          *, flip: bool) -> None:
    postings_left = _postings(left)
    postings_right = _postings(right)
    for lemma, rows in postings_left.items():
        cols = postings_right.get(lemma)
        if cols is None or max(len(rows), len(cols)) > _COMMON_LEMMA_RECORDS:
            continue
        found.update((j, i) if flip else (i, j) for i in rows for j in cols)


def _postings(keys: Sequence[set[str]]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = {}
    for index, lemmas in enumerate(keys):
        for lemma in lemmas:
            postings.setdefault(lemma, []).append(index)
    return postings


def _assign(scores: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The one-to-one pairing of the greatest total score among the scored pairs (each group
    of linked records apart: a pairing in one says nothing of another)."""
    chosen: list[tuple[int, int]] = []
    for group in _groups(scores):
        rows = sorted({i for i, _ in group})
        cols = sorted({j for _, j in group})
        if max(len(rows), len(cols)) > _OPTIMAL_GROUP:
            chosen.extend(_greedy(group, scores))
            continue
        matrix = np.zeros((len(rows), len(cols)))
        row_of = {i: n for n, i in enumerate(rows)}
        col_of = {j: n for n, j in enumerate(cols)}
        for i, j in group:
            matrix[row_of[i], col_of[j]] = scores[i, j]
        for r, c in zip(*linear_sum_assignment(matrix, maximize=True)):
            if (rows[r], cols[c]) in scores:
                chosen.append((rows[r], cols[c]))
    return chosen


def _groups(scores: dict[tuple[int, int], float]) -> list[list[tuple[int, int]]]:
    """The scored pairs, grouped by the records they link (connected components)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in scores:
        parent[root(("a", i))] = root(("b", j))
    groups: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for i, j in scores:
        groups.setdefault(root(("a", i)), []).append((i, j))
    return list(groups.values())


def _greedy(group: list[tuple[int, int]], scores: dict[tuple[int, int], float]
            ) -> list[tuple[int, int]]:
    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen = []
    for i, j in sorted(group, key=lambda pair: (-scores[pair], pair)):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            chosen.append((i, j))
    return chosen


def _pair(va: Version, vb: Version, x: Quote, y: Quote, sim: float,
          who_x: Optional[_Who], who_y: Optional[_Who]) -> tuple[Pair, list[Alarm]]:
    quoted_x, quoted_y = quoted_words(va, x), quoted_words(vb, y)
    alarms: list[Alarm] = []
    if quoted_x and quoted_y:
        diff = word_diff(quoted_x, quoted_y)
        # Judged on the aligned contents, so that words moving across a quotation mark (or
        # a quotation's extent read differently) are not taken for changed words.
        contents_x, contents_y = content_words(va, x), content_words(vb, y)
        verdict = judge(word_diff(contents_x, contents_y), contents_x, contents_y,
                        quoted_a=set(quoted_x), quoted_b=set(quoted_y))
        if verdict == ALTERED:
            alarms.append(Alarm(MISQUOTE, x.id, y.id, _describe(diff)))
    else:
        diff = word_diff(content_words(va, x), content_words(vb, y))
        verdict = None
        if quoted_y:
            alarms.append(Alarm(PARAPHRASE_TO_QUOTE, x.id, y.id,
                                f"now quoted: “{' '.join(w.text for w in quoted_y)}”"))
        elif quoted_x:
            alarms.append(Alarm(QUOTE_TO_PARAPHRASE, x.id, y.id,
                                f"no longer quoted: “{' '.join(w.text for w in quoted_x)}”"))
    facts = fact_changes(content_words(va, x), content_words(vb, y))
    if facts:
        alarms.append(Alarm(FACT_CHANGED, x.id, y.id, "; ".join(
            f"{fact.kind}: {fact.a} → {fact.b}" for fact in facts), facts))
    changes: list[Change] = []
    if any(op.op != "equal" for op in diff[1]):
        changes.append(Change("wording", x.text, y.text))
    name_x = who_x.label if who_x else (x.speaker.name if x.speaker else None)
    name_y = who_y.label if who_y else (y.speaker.name if y.speaker else None)
    if _agreement(who_x, who_y) < 0 or (who_x is None) != (who_y is None):
        changes.append(Change("speaker", name_x, name_y))
    if _conflict(who_x, who_y):
        alarms.append(Alarm(MISATTRIBUTION, x.id, y.id, f"{name_x} → {name_y}"))
    cue_x = x.cue.lemma.lower() if x.cue else None
    cue_y = y.cue.lemma.lower() if y.cue else None
    if cue_x != cue_y:
        changes.append(Change("cue", x.cue.text if x.cue else None,
                              y.cue.text if y.cue else None))
    if x.type != y.type:
        changes.append(Change("type", x.type, y.type))
    if x.stance.label != y.stance.label:
        changes.append(Change("stance", x.stance.label, y.stance.label))
    return Pair(x.id, y.id, round(sim, 3), verdict, tuple(changes), diff[1]), alarms


# -- facts ------------------------------------------------------------------------------------

# Entity types whose names are facts, by class. A name is matched within its class, then
# across the classes of organisations and places (the tagger calls one name either), never
# between a person and those: a minister's name replaced by "the US secretary of state" is
# another way of saying who, not another fact. Numbers and dates are read from the words.
_NAME_CLASSES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "place",
                 "LOC": "place", "FAC": "place"}
_NAME_TYPES = frozenset(_NAME_CLASSES)
_WHOLE_NAME_TYPES = frozenset({"NORP", "GPE", "LOC"})  # never shortened to one of their words
# words a place's name may add or drop and stay that place (as keys: their first four letters)
_GENERIC_PLACE_WORDS = frozenset({"stri", "city", "coun", "stat", "prov", "regi", "isla",
                                  "dist", "terr", "repu"})
_OTHER_NAME_TYPES = frozenset({"PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "LANGUAGE"})
_DATE_TYPES = frozenset({"DATE", "TIME"})
_NUMBER_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90, "dozen": 12})
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9,
           "bn": 1e9, "trillion": 1e12}
_NUMERAL = re.compile(r"^[$€£¥]?(\d[\d,]*(?:\.\d+)?)%?$")


def fact_changes(a: Sequence[Word], b: Sequence[Word]) -> tuple[FactChange, ...]:
    """The facts of content ``a`` that content ``b`` replaces by others: a name (a person,
    an organisation, a place, a nationality) in each that the other lacks, a number or a date
    in each that the other lacks, or a negation one has and the other not. What one version
    only drops or adds ("China's foreign ministry" / "the ministry") is no change of fact, nor
    another spelling of one name ("U.S." / "United States", "China" / "Chinese"), nor another
    writing of one number ("two" / "2", "$2 million" / "2 million dollars")."""
    changes = []

    def change(kind: str, gone: list[_Fact], new: list[_Fact]) -> None:
        changes.append(FactChange(kind, ", ".join(f[1] for f in gone),
                                  ", ".join(f[1] for f in new),
                                  tuple(Offsets(*f[2]) for f in gone),
                                  tuple(Offsets(*f[2]) for f in new)))

    # Names are matched within their class first. What is left is read again across the
    # classes of organisations and places, and with the other proper names (a product, a law,
    # a name the tagger left untyped), since the tagger may call a replacing name something
    # else ("Democrat" -> "Florida", "the NAACP" -> "Intermediate School 285"); a person
    # likewise with the other proper names only. One side of such a change is a person, an
    # organisation or a place.
    names_a, names_b = _names(a), _names(b)
    other_a, other_b = _other_names(a), _other_names(b)
    left = {"person": (list(other_a), list(other_b)), "body": (list(other_a), list(other_b))}
    for cls in dict.fromkeys(_NAME_CLASSES.values()):
        gone, new = _unmatched(names_a.get(cls, []), names_b.get(cls, []))
        if gone and new:
            change("entity", gone, new)
        else:
            rest_a, rest_b = left["person" if cls == "person" else "body"]
            rest_a.extend(gone)
            rest_b.extend(new)
    unreported: dict[str, tuple[list[_Fact], list[_Fact]]] = {"person": ([], []),
                                                              "body": ([], [])}
    for group, (rest_a, rest_b) in left.items():
        gone, new = _unmatched(rest_a, rest_b)
        if gone and new and (any(f[3] for f in gone) or any(f[3] for f in new)):
            change("entity", gone, new)
        else:
            unreported[group] = (gone, new)
    # a name left unmatched, and another name in the very words the other version wrote in
    # its place ("GOP nominee Donald Trump" -> "GOP nominee Tompkins", the new name tagged a
    # place; "Clinton's attacks on Trump" -> "Trump's attacks on Trump", the new name one
    # the content already had elsewhere)
    every_a = [f for facts in names_a.values() for f in facts]
    every_b = [f for facts in names_b.values() for f in facts]
    lone_a = [f for group in unreported.values() for f in group[0] if f[3]]
    lone_b = [f for group in unreported.values() for f in group[1] if f[3]]
    if lone_a or lone_b:
        replaced = [(a[i1].start, a[i2 - 1].end, b[j1].start, b[j2 - 1].end)
                    for tag, i1, i2, j1, j2 in _opcodes([w.norm for w in a],
                                                        [w.norm for w in b])
                    if tag == "replace"]
        reported = set()
        forward = _Rewrites(replaced, every_a, every_b)
        for gone in lone_a:
            y = forward.instead(gone)
            if y is not None:
                change("entity", [gone], [y])
                reported.add(y[2])
        backward = _Rewrites([(lo_b, hi_b, lo_a, hi_a) for lo_a, hi_a, lo_b, hi_b in replaced],
                             every_b, every_a)
        for new in lone_b:
            x = backward.instead(new)
            if x is not None and new[2] not in reported:
                change("entity", [x], [new])
    for kind, facts_a, facts_b in (("number", _numbers(a), _numbers(b)),
                                   ("date", _dates(a), _dates(b))):
        gone, new = _unmatched(facts_a, facts_b)
        if gone and new:
            change(kind, gone, new)
    neg_a, neg_b = _negations(a), _negations(b)
    if len(neg_a) % 2 != len(neg_b) % 2:
        changes.append(FactChange("negation", " ".join(w.text for w in neg_a) or "(none)",
                                  " ".join(w.text for w in neg_b) or "(none)",
                                  tuple(Offsets(w.start, w.end) for w in neg_a),
                                  tuple(Offsets(w.start, w.end) for w in neg_b)))
    return tuple(changes)


# its keys, its words, where they are, and whether it is a person, organisation or place
_Fact = tuple[frozenset, str, tuple[int, int], bool]


class _Rewrites:
    """The names one version wrote in place of another's: for each stretch the word diff
    replaces (``replaced``: character ranges in this version and in the other, in order), the
    first name of the other version there that shares no key with the names there of this
    one. Found once a stretch, and each name's stretch by bisection."""

    def __init__(self, replaced: list[tuple[int, int, int, int]], facts: list[_Fact],
                 others: list[_Fact]) -> None:
        self.replaced = replaced
        self.starts = [r[0] for r in replaced]
        self.facts = sorted(facts, key=lambda f: f[2][0])
        self.fact_starts = [f[2][0] for f in self.facts]
        self.others = sorted(others, key=lambda f: f[2][0])
        self.other_starts = [f[2][0] for f in self.others]
        self.found: dict[int, Optional[_Fact]] = {}

    def instead(self, fact: _Fact) -> Optional[_Fact]:
        """The name written in place of ``fact``, if it stands in a replaced stretch."""
        k = bisect_right(self.starts, fact[2][0]) - 1
        if k < 0 or fact[2][0] >= self.replaced[k][1]:
            return None
        if k not in self.found:
            lo, hi, other_lo, other_hi = self.replaced[k]
            here = self.facts[bisect_left(self.fact_starts, lo):bisect_left(self.fact_starts, hi)]
            keys = set().union(*(f[0] for f in here))
            there = self.others[bisect_left(self.other_starts, other_lo):
                                bisect_left(self.other_starts, other_hi)]
            self.found[k] = next((f for f in there if not f[0] & keys), None)
        return self.found[k]


def _unmatched(a: list[_Fact], b: list[_Fact]) -> tuple[list[_Fact], list[_Fact]]:
    """The facts of ``a`` and of ``b`` left once each fact is matched to at most one of the
    other side sharing a key, in order: "the State Department and the FBI" against "the FBI
    and the FBI" leaves the State Department against an FBI. Each fact of ``a`` takes the
    first fact of ``b`` not yet taken that shares a key with it, found through an index of
    the keys (a content of thousands of names costs their number, not its square)."""
    by_key: dict = {}
    for j, fact in enumerate(b):
        for key in fact[0]:
            by_key.setdefault(key, []).append(j)
    first = dict.fromkeys(by_key, 0)  # per key, where its first fact not yet taken may be
    taken = [False] * len(b)
    gone = []
    for fact in a:
        match = None
        for key in fact[0]:
            postings = by_key.get(key)
            if postings is None:
                continue
            k = first[key]
            while k < len(postings) and taken[postings[k]]:
                k += 1
            first[key] = k
            if k < len(postings) and (match is None or postings[k] < match):
                match = postings[k]
        if match is None:
            gone.append(fact)
        else:
            taken[match] = True
    return gone, [fact for j, fact in enumerate(b) if not taken[j]]


def _runs(words: Sequence[Word], keep: Callable[[Word], bool]) -> list[list[Word]]:
    """The words ``keep`` takes, grouped into the names they form (next to each other, of one
    entity type)."""
    runs: list[list[Word]] = []
    for word in words:
        if keep(word):
            if runs and runs[-1][-1].entity == word.entity and word.start - runs[-1][-1].end <= 1:
                runs[-1].append(word)
            else:
                runs.append([word])
    return runs


def _names(words: Sequence[Word]) -> dict[str, list[_Fact]]:
    """The names of ``words`` by class (person, organisation, place)."""
    aliases = _entity_aliases()
    facts: dict[str, list[_Fact]] = {}
    for run in _runs(words, lambda w: w.entity in _NAME_TYPES):
        text = " ".join(w.text for w in run)
        keys = {alias_of(text) or ""} - {""}
        parts = set()
        for word in run:
            plain = word.text.casefold().translate(_APOSTROPHES).removesuffix("'s")
            if plain in aliases:
                parts.add(aliases[plain])
            elif plain.replace(".", "").isalpha() and plain not in ("the", "of", "and"):
                parts.add(plain.replace(".", "")[:4])
        specific = parts - _GENERIC_PLACE_WORDS
        if run[0].entity in _WHOLE_NAME_TYPES and len(specific) > 1:
            # a nationality or a place is all its words but a generic one: "African-American"
            # is not "Americans", "South Korea" not "Korea"; "the Gaza Strip" is Gaza
            keys.add("+".join(sorted(specific)))
        else:
            keys |= parts
        if keys:
            facts.setdefault(_NAME_CLASSES[run[0].entity], []).append(
                (frozenset(keys), text, (run[0].start, run[-1].end), True))
    return facts


def _other_names(words: Sequence[Word]) -> list[_Fact]:
    """Proper names that are not a person's, an organisation's or a place's: a product, a
    work, a law, an event, or proper nouns the tagger gave no type ("Intermediate School")."""
    facts = []
    titles = title_words()
    for run in _runs(words, lambda w: w.entity in _OTHER_NAME_TYPES
                     or (w.proper and not w.entity)):
        if any(w.norm.rstrip(".") in titles for w in run):
            continue  # a title ("Foreign Minister") is no name
        keys = {w.norm.removesuffix("'s").replace(".", "")[:4] for w in run} - {""}
        facts.append((frozenset(keys), " ".join(w.text for w in run),
                      (run[0].start, run[-1].end), False))
    return facts


def _numbers(words: Sequence[Word]) -> list[_Fact]:
    # a date that is one numeral alone ("1247 delegates", "2016" tagged a date) is read as a
    # number, so that a number tagged a date in one version is still compared with the other
    bare = {id(run[0]) for run in _runs(words, _is_date)
            if len(run) == 1 and _NUMERAL.fullmatch(run[0].norm)}
    facts = []
    for i, word in enumerate(words):
        if word.entity in _DATE_TYPES and id(word) not in bare:
            continue
        value = _value(word.norm)
        if value is None:
            continue
        nxt = words[i + 1].norm if i + 1 < len(words) else ""
        value *= _SCALES.get(nxt, 1)
        facts.append((frozenset({round(value, 6)}), word.text, (word.start, word.end), False))
    return facts


def _is_date(word: Word) -> bool:
    return word.entity in _DATE_TYPES


def _value(norm: str) -> float | None:
    if norm in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[norm])
    match = _NUMERAL.match(norm)
    return float(match.group(1).replace(",", "")) if match else None


def _dates(words: Sequence[Word]) -> list[_Fact]:
    def key(word: Word) -> str:
        value = _value(word.norm)
        return word.norm if value is None else f"{value:g}"

    return [(frozenset({" ".join(key(w) for w in run if w.content)}),
             " ".join(w.text for w in run), (run[0].start, run[-1].end), False)
            for run in _runs(words, _is_date)
            if not (len(run) == 1 and _NUMERAL.fullmatch(run[0].norm))]


def _negations(words: Sequence[Word]) -> list[Word]:
    negators = load_lexicon("stance_negators.txt")
    return [w for w in words if w.norm in negators or w.norm == "n't"]


def alias_of(name: str) -> Optional[str]:
    """What ``data/en/entity_aliases.tsv`` says a name is another spelling of ("Britain",
    "the U.K." -> "uk"), or None."""
    whole = _GENERIC_ARTICLE.sub("", name.casefold().translate(_APOSTROPHES)).strip()
    return _entity_aliases().get(re.sub(r"'s$", "", whole))


@lru_cache(maxsize=1)
def _entity_aliases() -> dict[str, str]:
    return {row[0].casefold(): row[1] for row in load_table("entity_aliases.tsv")}


_Diff = tuple[list[tuple[str, int, int, int, int]], tuple[DiffOp, ...]]


def word_diff(a: Sequence[Word], b: Sequence[Word]) -> _Diff:
    """The word-level diff of two word sequences, compared by their normal forms: the raw
    opcodes (indices into ``a`` and ``b``) and the same as :class:`DiffOp` with the words."""
    opcodes = _opcodes([w.norm for w in a], [w.norm for w in b])
    ops = tuple(DiffOp(tag, " ".join(w.text for w in a[i1:i2]),
                       " ".join(w.text for w in b[j1:j2])) for tag, i1, i2, j1, j2 in opcodes)
    return opcodes, ops


# Above this many pairs of words, two contents are diffed as the words they share at both
# ends and difflib's heuristic diff of the middle (which treats words in more than 1% of it as
# junk): difflib's exact diff costs the product of the lengths, or more when words repeat. No
# quotation of a news article comes near.
_EXACT_DIFF_PAIRS = 250_000


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes turning ``a`` into ``b``."""
    if len(a) * len(b) <= _EXACT_DIFF_PAIRS:
        return difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(a=a[head:len(a) - tail], b=b[head:len(b) - tail],
                                     autojunk=True).get_opcodes()
    opcodes = [("equal", 0, head, 0, head)] if head else []
    opcodes += [(tag, i1 + head, i2 + head, j1 + head, j2 + head)
                for tag, i1, i2, j1, j2 in middle if i1 < i2 or j1 < j2]
    if tail:
        opcodes.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return _merged(opcodes)


def _merged(opcodes: list[tuple[str, int, int, int, int]]
            ) -> list[tuple[str, int, int, int, int]]:
    """Adjacent opcodes of the same kind as one (an end joined to the middle's edge)."""
    merged: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if merged and merged[-1][0] == tag:
            _, p1, _, q1, _ = merged[-1]
            merged[-1] = (tag, p1, i2, q1, j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def judge(diff: _Diff, a: Sequence[Word], b: Sequence[Word], *,
          quoted_a: Optional[set[Word]] = None, quoted_b: Optional[set[Word]] = None) -> str:
    """``identical``, ``minor`` (only function words differ, or words moved across a
    quotation mark) or ``altered``. With ``quoted_a``/``quoted_b``, only changes to the words
    quoted on either side count."""
    opcodes, _ = diff
    in_a = set(a) if quoted_a is None else quoted_a
    in_b = set(b) if quoted_b is None else quoted_b
    changed = [w for tag, i1, i2, j1, j2 in opcodes if tag != "equal"
               for w in (*(v for v in a[i1:i2] if v in in_a), *(v for v in b[j1:j2] if v in in_b))]
    moved = any((x in in_a) != (y in in_b) for tag, i1, i2, j1, j2 in opcodes if tag == "equal"
                for x, y in zip(a[i1:i2], b[j1:j2]))
    if any(w.content for w in changed):
        return ALTERED
    return MINOR if changed or moved else IDENTICAL


def _describe(diff: _Diff) -> str:
    pieces = []
    for op in diff[1]:
        if op.op == "replace":
            pieces.append(f"“{op.a}” → “{op.b}”")
        elif op.op == "delete":
            pieces.append(f"“{op.a}” dropped")
        elif op.op == "insert":
            pieces.append(f"“{op.b}” added")
    return "quoted words changed: " + "; ".join(pieces)

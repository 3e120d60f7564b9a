"""Stance of an attribution: the speech act, the tone, the target and the reporter's framing.

:func:`assess_stance` reads the reporting cue and its construction in the parse, and the
reported content, and returns a :class:`nlp.types.Stance`:

``label``
    The speech act, from the cue's entry in ``data/en/stance_cues.tsv`` (a lemma, or a
    multi-word cue such as ``raise concern``, ``call on``, ``call for``, ``ask to``). The
    words of a multi-word cue may sit in the cue span or among the cue verb's dependents
    (direct object, particle, preposition, the ``for``/``to`` of its clausal complement).
    A cue whose label is ``neutral`` (or no cue at all) lets the content decide, from
    ``data/en/stance_content.tsv``: "said he was deeply concerned" is a concern, "said
    Washington must lift" a demand.

    A negated cue ("did not deny", "never criticised") performs no act of its class and is
    labelled ``neutral``: not denying is not an admission either, so the honest reading is
    that the speaker took no position; nor does the content decide ("did not say Washington
    must lift" is no demand). The exception is ``belief``: "does not think the
    deal is good" still reports a belief, and the negation is carried into the content's
    tone (the usual raising reading: "thinks the deal is not good").

``polarity``
    The speaker's attitude by the rules: an act that carries one decides it whatever words the
    content uses (:data:`ACT_POLARITY`: a criticism, concern, denial or demand is negative,
    support positive); any other act takes the sign of ``score``, or of the cue's own tone
    where that is stronger ("said he was so frustrated"). The extraction then lets
    :mod:`nlp.attitude`, a model trained on labelled attributions, decide from these and the
    content where its model applies (0.620 of 466 dev labels against 0.569 for these rules;
    its model card). Most of what remains are accusations and warnings in neutral words
    under a neutral cue.

``score``
    The tone of the content: VADER's compound score (-1..1) with its standard thresholds
    (>= 0.05 positive, <= -0.05 negative), proper names left out of the scored text, and the
    lexicon supplemented by ``data/en/stance_tone.tsv`` (charged words of political news that
    VADER lacks: "malicious", "unfounded", "concerned"). VADER was chosen over TextBlob on a
    table of 49 reported contents scored for sign (19 contents of the seed articles, 30 of
    our own with negation, hedges and charged political statements): VADER 35/49 correct,
    TextBlob 22/49 (seed contents 12/19 against 7/19). TextBlob's pattern lexicon is built
    from product-review adjectives and scores most news vocabulary 0 ("war", "harassment",
    "weapon", "crisis", "lied", "never accept"); VADER handles negation ("not", "never",
    "no", "n't" up to three words before), intensifiers and "but" itself, and is one small
    pure-Python package. With the supplement the same table scores 46/49 (in sample: the
    supplement was written from its misses). Negation that VADER cannot see, a negated
    belief cue, flips the sign here.

``target``
    What the act is directed at, when the construction names it: the addressee of a demand
    ("urged the U.S. to" -> "the U.S."; "called on the United States to"; "called for
    Washington to lift" -> "Washington"), the agent behind a concern ("concerns over
    Beijing's backing" -> "Beijing"; "concerns that Moscow was developing" -> "Moscow"), the
    object of a denial, criticism or support. ``None`` otherwise.

``framing``
    The reporter's framing through the cue, after Thompson and Ye's (1991) reporting-verb
    classes: ``factive`` (the reporter presents the content as true: confirmed, revealed,
    showed, acknowledged), ``non-factive`` (distanced: claimed, alleged, insisted),
    ``neutral`` (said, told).

``evidence``
    The words that decided, as ``kind:words``: ``cue:raised concerns``, ``content:must``,
    ``negation:not``, ``tone:-malicious``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple, Optional

from spacy.tokens import Span, Token

from nlp.lexicons import load_lexicon, load_table
from nlp.parse import NOMINAL_SUBJECT_DEPS
from nlp.types import Stance

LABELS = ("neutral", "emphasis", "concern", "demand", "denial", "criticism", "support",
          "commitment", "belief")
FRAMINGS = ("factive", "non-factive", "neutral")

# The attitude an act carries whatever words its content uses: a warning, a denial, a
# criticism, a demand is negative, praise and support positive. The other acts (a statement,
# an emphasis, a belief, a commitment) leave it to the tone of the content, or of the cue.
ACT_POLARITY = {"criticism": "negative", "concern": "negative", "denial": "negative",
                "demand": "negative", "support": "positive"}

POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05

_CUES_TABLE = "stance_cues.tsv"
_CONTENT_TABLE = "stance_content.tsv"
_NEGATORS = "stance_negators.txt"
_TONE_TABLE = "stance_tone.tsv"

# Dependents of the cue verb that may complete a multi-word cue.
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd"})
_PARTICLE_DEPS = frozenset({"prt", "prep", "agent"})
_CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl"})
# Words never part of a cue's table key ("has also said" is "say").
_KEY_SKIP_POS = frozenset({"AUX", "ADV", "PUNCT", "DET", "PRON", "SPACE", "PART"})
# Prepositions that introduce what a concern is about.
_ABOUT_PREPS = frozenset({"over", "about", "regarding", "at", "on", "of"})
# Where a modal ("must", "should") or a predicative word sits under the content's root.
_MODAL_DEPS = frozenset({"aux", "auxpass"})
_COMPLEMENT_DEPS = frozenset({"acomp", "xcomp", "attr"})
# Nouns a concern cue takes as object ("raised concerns / questions over ...").
_CONCERN_NOUNS = frozenset({"concern", "worry", "fear", "alarm", "question", "doubt",
                            "reservation", "misgiving", "objection"})


class CueEntry(NamedTuple):
    label: str
    framing: str


class _Cue(NamedTuple):
    head: Optional[Token]
    key: Optional[str]
    entry: CueEntry
    words: str
    negation: Optional[Token]


_NEUTRAL = CueEntry("neutral", "neutral")


# -- data ------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def cue_table() -> dict[str, CueEntry]:
    """``stance_cues.tsv`` as a mapping from a cue key (lemmas joined by spaces) to its entry."""
    table = {}
    for row in load_table(_CUES_TABLE):
        key, label = row[0].lower(), row[1]
        framing = row[2] if len(row) > 2 and row[2] else "neutral"
        if label not in LABELS or framing not in FRAMINGS:
            raise ValueError(f"{_CUES_TABLE}: bad row {row!r}")
        table[key] = CueEntry(label, framing)
    return table


@lru_cache(maxsize=None)
def content_table() -> dict[str, str]:
    """``stance_content.tsv``: content lemmas that carry a speech act, mapped to its label."""
    table = {}
    for row in load_table(_CONTENT_TABLE):
        if row[1] not in LABELS:
            raise ValueError(f"{_CONTENT_TABLE}: bad row {row!r}")
        table[row[0].lower()] = row[1]
    return table


@lru_cache(maxsize=1)
def _analyzer():
    """VADER with the project's supplement of political-news tone words (``stance_tone.tsv``)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update({row[0].lower(): float(row[1]) for row in load_table(_TONE_TABLE)})
    return analyzer


# -- public ----------------------------------------------------------------------------------

def assess_stance(cue: Optional[Span], contents: Sequence[Span]) -> Stance:
    """The stance of one attribution, from its cue span and its content spans."""
    found = read_cue(cue)
    label, evidence = found.entry.label, []
    if found.key is not None:
        evidence.append(f"cue:{found.words}")
    if found.negation is not None:
        # "did not deny" is no denial, "did not say X must" no demand: no act at all
        evidence.append(f"negation:{found.negation.text.lower()}")
        if label != "belief":
            label = "neutral"
    target = None
    if label == "neutral" and found.negation is None:
        act = content_act(contents)
        if act is not None:
            label, word, target = act
            evidence.append(f"content:{word.text.lower()}")
    elif found.head is not None:
        target = find_target(found.head, label, found.key or "")
    score, tone_words = tone(contents)
    if found.negation is not None and found.entry.label == "belief":
        score = -score
    evidence.extend(tone_words)
    polarity = rule_polarity(cue, label, score, found.negation is not None, evidence)
    return Stance(label=label, polarity=polarity, score=round(score, 4),
                  target=target, framing=found.entry.framing, evidence=tuple(evidence))


def rule_polarity(cue: Optional[Span], label: str, score: float, negated: bool,
                  evidence: list[str]) -> str:
    """The act's own polarity where it carries one (:data:`ACT_POLARITY`), else the sign of
    the content's tone ``score`` or of the cue's where that is stronger (the cue's tone words
    join ``evidence``); a negated cue lends no tone."""
    polarity = ACT_POLARITY.get(label)
    if polarity is not None:
        return polarity
    cue_score, cue_words = tone([cue]) if cue is not None and not negated else (0.0, [])
    evidence.extend(w for w in cue_words if w not in evidence)
    return polarity_of(score if abs(score) >= abs(cue_score) else cue_score)


def polarity_of(score: float) -> str:
    if score >= POSITIVE_AT:
        return "positive"
    if score <= NEGATIVE_AT:
        return "negative"
    return "neutral"


# -- the cue ---------------------------------------------------------------------------------

def read_cue(cue: Optional[Span]) -> _Cue:
    """The cue's head verb, its best table key (longest match first) and its negation."""
    if cue is None or len(cue) == 0:
        return _Cue(None, None, _NEUTRAL, "", None)
    head = cue.root
    table = cue_table()
    for key, words in cue_keys(cue):
        if key in table:
            return _Cue(head, key, table[key], words, negation_of(head))
    return _Cue(head, None, _NEUTRAL, cue.text, negation_of(head))


def cue_keys(cue: Span) -> list[tuple[str, str]]:
    """Candidate table keys for a cue with the words they stand for, longest first.

    The cue span's own lemmas come first, then the head verb with each dependent that can
    complete a multi-word cue (``raise`` + dobj ``concerns``, ``call`` + prt ``on``,
    ``call`` + ``for`` of an infinitive clause, ``ask`` + ``to``), then the head alone.
    """
    head = cue.root
    candidates: list[tuple[str, str]] = []
    own = [t for t in cue if t.pos_ not in _KEY_SKIP_POS and t.dep_ != "neg"]
    if len(own) > 1:
        candidates.append((_key(own), cue.text))
    for dep in _completions(head):
        pair = sorted([head, dep], key=lambda t: t.i)
        candidates.append((_key(pair), " ".join(t.text for t in pair)))
    for tok in own:
        if tok.i != head.i and tok.pos_ in ("VERB", "NOUN", "ADP"):
            candidates.append((_key([tok]), tok.text))
    candidates.append((_key([head]), head.text))
    return sorted(candidates, key=lambda c: -len(c[0].split()))


def _completions(head: Token) -> Iterable[Token]:
    for child in head.children:
        if child.dep_ in _OBJECT_DEPS or child.dep_ in _PARTICLE_DEPS:
            yield child
        elif child.dep_ in _CLAUSE_DEPS:
            for grand in child.children:
                if grand.dep_ in ("mark", "aux") and grand.lower_ in ("for", "to"):
                    yield grand


def _key(tokens: Iterable[Token]) -> str:
    return " ".join(_lemma(t) for t in tokens)


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def negation_of(head: Token) -> Optional[Token]:
    """The negating dependent of the cue verb ("did *not* deny", "*never* criticised")."""
    negators = load_lexicon(_NEGATORS)
    for child in head.children:
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det") and child.lower_ in negators):
            return child
    return None


# -- the content decides ---------------------------------------------------------------------

def content_act(contents: Sequence[Span]) -> Optional[tuple[str, Token, Optional[str]]]:
    """The speech act the content itself carries, when the cue is neutral.

    Only the content's main predicates are read (the roots of each piece and their
    adjectival complements), so a "concern" deep in a noun phrase does not count: "he
    was deeply concerned" is a concern, "the issue of concern to farmers" is not. A negated
    predicate ("was not worried") carries no act.
    """
    table = content_table()
    for root in _content_roots(contents):
        prefix = "not " if negation_of(root) is not None else ""
        for tok in _predicate_words(root):
            label = table.get(prefix + _lemma(tok)) or table.get(prefix + tok.lower_)
            if label is not None:
                return label, tok, _content_target(root, label)
    return None


def _content_roots(contents: Sequence[Span]) -> list[Token]:
    roots = []
    for span in contents:
        roots.extend(t for t in span if t.head.i == t.i or not (span.start <= t.head.i < span.end))
    return roots


def _predicate_words(root: Token) -> list[Token]:
    # A modal on a copula evaluates rather than demands: "X should be a concern" asks
    # nothing of X, while "X must lift", "X must be held accountable" do.
    modal_counts = _lemma(root) != "be"
    words = [root]
    for child in root.children:
        if (child.dep_ in _MODAL_DEPS and modal_counts) or child.dep_ in _COMPLEMENT_DEPS:
            words.append(child)
    return words


def _content_target(root: Token, label: str) -> Optional[str]:
    if label != "demand":
        return None
    subject = next((c for c in root.children if c.dep_ in NOMINAL_SUBJECT_DEPS), None)
    return _phrase(subject) if subject is not None and subject.pos_ != "PRON" else None


# -- the target ------------------------------------------------------------------------------

def find_target(head: Token, label: str, key: str) -> Optional[str]:
    """What the act is directed at, when the cue's construction names it."""
    if label == "demand":
        return _demand_target(head)
    if label == "concern":
        return _concern_target(head)
    if label in ("denial", "criticism", "support"):
        obj = _object(head)
        return _phrase(_antecedent(obj)) if obj is not None else None
    return None


def _demand_target(head: Token) -> Optional[str]:
    # "urged the U.S. to", "asked the court to": the addressee is the object.
    obj = _object(head)
    if obj is not None:
        return _phrase(_antecedent(obj))
    for child in head.children:
        # "called on the United States to", "called for restraint"
        if child.dep_ in ("prep", "prt") and child.lower_ in ("on", "upon", "for"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return _phrase(pobj)
        # "called for Washington to lift": the subject of the infinitive clause
        if child.dep_ in _CLAUSE_DEPS:
            subject = next((g for g in child.children if g.dep_ in NOMINAL_SUBJECT_DEPS), None)
            if subject is not None and subject.pos_ != "PRON":
                return _phrase(subject)
    return None


def _concern_target(head: Token) -> Optional[str]:
    nouns = [c for c in head.children if c.dep_ in _OBJECT_DEPS and _lemma(c) in _CONCERN_NOUNS]
    holders = nouns or [head]
    for holder in holders:
        for child in holder.children:
            # "concerns over Beijing's backing": the possessor is whom the concern is about
            if child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    owner = next((g for g in pobj.children if g.dep_ == "poss"), None)
                    return _phrase(owner if owner is not None and owner.pos_ != "PRON" else pobj)
            # "concerns that Moscow was developing"
            if child.dep_ == "acl" or child.dep_ in _CLAUSE_DEPS:
                subject = next((g for g in child.children if g.dep_ in NOMINAL_SUBJECT_DEPS), None)
                if subject is not None and subject.pos_ != "PRON":
                    return _phrase(subject)
    return None



def _object(head: Token) -> Optional[Token]:
    return next((c for c in head.children if c.dep_ == "dobj"), None)


def _antecedent(token: Token) -> Token:
    if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _phrase(token: Token) -> str:
    """The noun phrase a token heads, without trailing modifiers ("the U.S.", "Beijing")."""
    start = token.left_edge.i
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nummod") and child.i == end:
            end = child.i + 1
    return token.doc[start:end].text


# -- the tone --------------------------------------------------------------------------------

def tone(contents: Sequence[Span]) -> tuple[float, list[str]]:
    """VADER's compound score for the content, and the words of its lexicon that scored.

    Proper names are left out of the scored text: "United" in "the United States" or a
    senator called "Hope" say nothing about the tone.

    VADER's cost grows with the square of the words it is given, so a content longer than
    :data:`TONE_WINDOW` words is scored in windows of that many, and their sums of valence
    (recovered from each compound score) are added up and normalised as VADER normalises
    one: the same score up to rounding, except where a negation or a "but" reaches across
    a window's edge.
    """
    analyzer = _analyzer()
    kept = [tok for span in contents for tok in span if tok.pos_ != "PROPN"]
    words_seen = [tok for tok in kept if not tok.is_space]
    if len(words_seen) <= TONE_WINDOW:
        text = "".join(tok.text_with_ws for tok in kept).strip()
        if not text:
            return 0.0, []
        score = float(analyzer.polarity_scores(text)["compound"])
    else:
        score = _windowed_compound(analyzer, words_seen)
    words: list[str] = []
    seen: set[str] = set()
    for tok in kept:
        valence = analyzer.lexicon.get(tok.lower_)
        word = f"tone:{'+' if valence and valence > 0 else '-'}{tok.lower_}"
        if valence is not None and word not in seen:
            seen.add(word)
            words.append(word)
    return score, words


# Words of a content VADER scores at once (its cost grows with their square); longer contents
# are scored window by window. Longer than any content of PolNeAR's train and dev splits.
TONE_WINDOW = 400
# VADER's normalisation of a sum of valences x: x / sqrt(x * x + alpha).
_VADER_ALPHA = 15.0


def _windowed_compound(analyzer, words: Sequence[Token]) -> float:
    total = 0.0
    for first in range(0, len(words), TONE_WINDOW):
        window = words[first:first + TONE_WINDOW]
        text = "".join(tok.text_with_ws for tok in window).strip()
        if text:
            compound = float(analyzer.polarity_scores(text)["compound"])
            compound = max(-0.9999, min(0.9999, compound))
            total += compound * math.sqrt(_VADER_ALPHA / (1.0 - compound * compound))
    return round(total / math.sqrt(total * total + _VADER_ALPHA), 4)

"""Speaker mentions: expanding a head token to its mention, resolving mentions to entities.

Kinds. A person is someone named ("Antony Blinken", "Mr. Trump") or known only by a specific
role ("the White House press secretary"). An institution speaking is an ``organization``: a
company, ministry, agency, party, and also a place named as an actor ("Moscow denied",
"Washington announced"), since in news a capital or country that speaks stands for its
government. ``place`` is kept for a location that is not an actor: a LOC/FAC entity, or a
GPE only mentioned as where something happened ("talks in Munich"). ``anonymous`` is an unnamed
source ("a U.S. official", "sources familiar with the matter"), named by its description
without the article ("U.S. official"); it is never merged into a named person, and two such
mentions are one entity only when a definite one ("the official") refers back to it or a bare
plural repeats ("U.S. officials ... U.S. officials"). A mention that cannot be resolved keeps
its own text as name with kind ``unknown``.

Resolution is rule-based over the parse and the named entities, one pass in document order:
names cluster by surname and compatible given names, nominals ("the ministry") find the latest
entity with that head class and no conflicting modifiers, pronouns pick among compatible
entities of the last few sentences the nearest sentence, then subjects, then the leftmost.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Optional

import numpy
from spacy.attrs import DEP, POS
from spacy.tokens import Doc, Span, Token

from nlp import deadline
from nlp.parse import (NOMINAL_SUBJECT_DEPS, attribute_in, children, doc_text,
                       fronted_description, sentence_of)
from nlp.cues import verb_frames
from nlp.lexicons import load_lexicon, load_table
from nlp.quotemarks import ALL_MARKS, find_quotations
from nlp.types import Entity, Offsets, Speaker

_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WP$", "WDT", "EX"})
_NOMINAL_CHILD_DEPS = frozenset({
    "det", "predet", "amod", "compound", "poss", "prep", "appos", "nummod", "quantmod", "cc",
    "conj", "case", "nmod", "punct", "advmod", "npadvmod", "acl", "preconj", "neg", "nn",
})
_CLAUSE_ACL_TAGS = frozenset({"VBG", "VB", "VBD", "VBZ", "VBP"})
# Focus adverbs before a subject ("even Sanders") are not part of the mention.
_FOCUS_ADVERBS = frozenset({"even", "especially", "particularly", "moreover", "instead", "thus",
                            "when", "after", "much", "that", "repeatedly"})
# Prepositions that attach a time to the mention ("Rubio on Thursday") rather than describe it.
_TIME_PREPS = frozenset({"on", "in", "during", "after", "before", "since", "across", "among",
                         "like", "including", "with", "at"})
_EDGE_PUNCT = frozenset({",", ";", ":", "-", "--", "—", "–", "(", ")", '"', "'", "“", "”", "‘", "’"})


def _kept_child(head: Token, child: Token) -> bool:
    """Whether ``child``'s subtree belongs to the mention of ``head`` (as far as
    :data:`_MENTION_REACH` goes: a time is looked for that far)."""
    if child.dep_ not in _NOMINAL_CHILD_DEPS:
        return False
    if child.dep_ == "acl" and child.tag_ in _CLAUSE_ACL_TAGS:
        return False
    if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
        return False
    if child.dep_ == "advmod" and child.i < head.i and child.lower_ in _FOCUS_ADVERBS:
        return False
    if child.dep_ == "prep" and child.i > head.i and child.lower_ in _TIME_PREPS:
        doc = head.doc
        reach = range(max(child.left_edge.i, head.i - _MENTION_REACH),
                      min(child.right_edge.i, head.i + _MENTION_REACH) + 1)
        if any(doc[i].ent_type_ in ("DATE", "TIME") and child.is_ancestor(doc[i])
               or i == child.i and doc[i].ent_type_ in ("DATE", "TIME") for i in reach):
            return False
    return True


# How far a speaker mention reaches either side of its head, in tokens: a name with its
# titles, appositions and modifiers is far shorter, and a noun phrase nested without end ("the
# spokesman of the spokesman of ...") stops there instead of making every mention in it as
# long as all of it.
_MENTION_REACH = 40


class _MentionTokens:
    """Whether a token belongs to the mention of ``head``: the head; a token in the subtree
    of a child the mention keeps (:func:`_kept_child`), unless it opens a relative clause;
    and not in a relative clause hanging from a coordinated or apposed name. Decided token by
    token, by the token's path up to the head, so that a mention costs what it covers, not
    the size of the head's subtree."""

    def __init__(self, head: Token) -> None:
        self.head = head
        # the head's subtree lies between its edges: a token outside is not in it
        self.left, self.right = head.left_edge.i, head.right_edge.i
        self.children: dict[int, bool] = {}
        self.cut: set[int] = set()
        for child in children(head):
            self.children[child.i] = _kept_child(head, child)
            if child.dep_ in ("conj", "appos"):
                self.cut.update(grand.i for grand in children(child) if grand.dep_ == "relcl")

    def __call__(self, i: int) -> bool:
        head = self.head
        if i == head.i:
            return True
        token = head.doc[i]
        if token.dep_ == "relcl" or not self.left <= i <= self.right:
            return False
        node = token
        for _ in range(len(head.doc)):
            if node.i in self.cut or not self.left <= node.i <= self.right:
                return False
            parent = node.head
            if parent.i == head.i:
                return self.children.get(node.i, False)
            if parent.i == node.i:
                return False  # the root, without passing the head
            node = parent
        return False


def expand_mention(head: Token) -> Span:
    """The mention a speaker head token stands for, as a news annotator would mark it.

    The noun phrase with determiners, compounds, titles, adjectives, possessives,
    prepositional modifiers, appositions and coordinated names; without a relative clause,
    a clausal modifier ("a group backing X"), a time ("on Thursday") or edge punctuation.
    A pronoun is itself.
    """
    doc = head.doc
    if head.tag_ in _PRONOUN_TAGS:
        return doc[head.i:head.i + 1]
    sent = sentence_of(head)
    kept = _MentionTokens(head)
    start = end = head.i
    low, high = head.i - _MENTION_REACH, head.i + _MENTION_REACH
    while start - 1 >= low and start - 1 >= sent.start and kept(start - 1) \
            and "\n" not in doc[start - 1].whitespace_ and not doc[start - 1].is_space:
        start -= 1
    while end + 1 <= high and end + 1 < sent.end and kept(end + 1) \
            and "\n" not in doc[end].whitespace_ and not doc[end + 1].is_space:
        end += 1
    while start < head.i and doc[start].text in _EDGE_PUNCT:
        start += 1
    while end > head.i and (doc[end].text in _EDGE_PUNCT or doc[end].dep_ in ("cc",)):
        end -= 1
    # "Sen. Lindsey Graham (R-S.C.)": a parenthesis opened in the mention closes in it
    opened = sum(t.text == "(" for t in doc[start:end + 1]) - sum(
        t.text == ")" for t in doc[start:end + 1])
    if opened > 0 and end + 1 < len(doc) and doc[end + 1].text == ")":
        end += 1
    return doc[start:end + 1]


# --------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------

_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP"})
_PLACE_LABELS = frozenset({"LOC", "FAC"})
# A country or a people modifying a noun ("a U.S. senator", "American officials") says what
# someone is, and is no one a later "it" or "they" stands for.
_ATTRIBUTE_LABELS = frozenset({"GPE", "NORP", "LOC"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
_LOCATIVE_PREPS = frozenset({"in", "at", "to", "across", "near", "from", "into", "over", "around"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_DESCRIBED = "described:"  # the class of a person known by a noun that is no role (a doctor)
_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_ACRONYM_SKIP = frozenset({"of", "and", "for", "the", "on", "&"})
# How many sentences back a pronoun looks for its antecedent.
_PERSON_WINDOW = 6
# A misspelt surname: how long a name must be, and how many of the last persons named are
# compared with it.
_TYPO_MIN_LETTERS = 5
_TYPO_CANDIDATES = 30
# How many sentences back an epithet ("the Vermont senator") looks for the person it names.
_EPITHET_WINDOW = 6
_EPITHET_MENTIONS = 200  # and no further back than this many mentions (one endless sentence)
# How many persons sharing a name word a lone surname chooses among (the latest mentioned).
_PRINCIPAL_CANDIDATES = 8
_TAGLINE_WORDS = 60  # an op-ed's byline or tagline is a short paragraph
_GIVER_MENTIONS = 40  # how many mentions back the giver of "a statement said" may be
_GIVER_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# honorifics always followed by a surname ("Mr. King"); "Lord", "Lady", "Sir" may precede a title
_SURNAME_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof"})
_GROUP_WINDOW = 3
_PRONOUN_REACH = 200  # and no further back than this many mentions (one endless sentence)


@lru_cache(maxsize=None)
def _titles() -> dict[str, tuple[str, str]]:
    return {row[0].lower(): (row[1], row[2]) for row in load_table("speaker_titles.txt")}


@lru_cache(maxsize=None)
def _honorifics() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in load_table("speaker_honorifics.txt")}


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Titles and honorifics in lower case without their full stop ("sen", "mr", "minister"):
    words that stand before a name and are no part of it."""
    return frozenset(word.rstrip(".") for word in (*_titles(), *_honorifics()))


@lru_cache(maxsize=None)
def _org_heads() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in load_table("speaker_org_heads.txt")}


@lru_cache(maxsize=None)
def _org_stands_for() -> dict[str, tuple[str, ...]]:
    """The classes a definite description of each class may stand for: its own first."""
    return {row[1]: (row[1], *(c.strip() for c in row[2].split(",") if c.strip()))
            for row in load_table("speaker_org_heads.txt") if len(row) > 2}


@lru_cache(maxsize=None)
def _pronouns() -> dict[str, tuple[str, str, str]]:
    return {row[0].lower(): (row[1], row[2], row[3]) for row in load_table("speaker_pronouns.txt")}


@dataclass
class _Entity:
    name: str
    kind: str
    role: Optional[str] = None
    gender: Optional[str] = None
    named_gender: Optional[str] = None  # from an honorific or a title: sure
    name_gender: Optional[str] = None  # that, or a given name's: likely, not a pronoun's guess
    plural: bool = False
    name_tokens: tuple[str, ...] = ()
    classes: set[str] = field(default_factory=set)
    modifiers: frozenset[str] = frozenset()
    key: Optional[str] = None
    first: int = 0
    last: int = 0
    mentions: int = 0
    alone: int = 0  # mentions by a single name ("Trump"), which a reporter keeps for the principal
    aliases: list[str] = field(default_factory=list)


@dataclass
class _Mention:
    span: Span
    head: Token
    sent: int
    subject: bool
    qid: Optional[str] = None
    entity: Optional[_Entity] = None
    introduced: bool = False


def resolve_speakers(doc: Doc, mentions: Sequence[tuple[str, Span]]
                     ) -> tuple[dict[str, Speaker], tuple[Entity, ...]]:
    """Resolve speaker mentions (``(quote_id, span)`` in document order) to entities.

    Every PERSON/ORG/GPE/NORP entity, noun-phrase subject and role noun of the text is read as
    well, in document order, so that later names, nominals and pronouns can refer to it.
    """
    sent_of = _sentence_index(doc)
    quoted = _inside_quotes(doc)
    given = [_Mention(span, _span_head(span), sent_of[_span_head(span).i],
                      _span_head(span).dep_ in NOMINAL_SUBJECT_DEPS, qid) for qid, span in mentions]
    ordered = sorted(given + _context_mentions(doc, given, sent_of, quoted),
                     key=lambda m: (m.head.i, m.qid is None))
    state = _State()
    deferred = []
    paragraph = _paragraph_index(doc)
    for mention in ordered:
        deadline.check()
        if _is_first_person(mention.head) and len(mention.span) == 1:
            deferred.append(mention)
            continue
        mention.entity = _resolve(mention, state)
        state.add(mention)
    by_paragraph: dict[int, list[_Mention]] = {}
    for mention in given:
        by_paragraph.setdefault(paragraph[mention.head.i], []).append(mention)
    # "I" in the writer's own voice, as an op-ed speaks: the author its byline or tagline names
    voice = {id(m) for m in deferred
             if not quoted[m.head.i] and _pronouns()[m.head.lower_][0] == "sg"}
    author = _author(doc, state, sent_of, paragraph) if voice else None
    for mention in deferred:
        if quoted[mention.head.i]:
            mention.entity = _first_person(mention, by_paragraph, quoted, paragraph)
        elif id(mention) in voice:
            mention.entity = author
    _name_roles(given, state)
    return _records(given)


def _name_roles(given: list[_Mention], state: _State) -> None:
    """A person known only by a role ("the Vermont senator", a headline's "Judge", the lede's
    "A New York judge") is the one named person of the story who holds that role anywhere in
    it ("Manhattan Supreme Court Justice Frank Nervo"), or the one of several named before the
    role is mentioned, as a reader takes it; with none, an epithet may name the person in
    focus (:func:`_epithet_of`). Only for roles that single a person out (a judge, a senator,
    a candidate), never for the roles of unnamed sources (an official, an aide, a spokesman:
    ``speaker_anonymous_heads.txt``), and an indefinite one ("a judge") only when it comes
    before that person is named."""
    anonymous = load_lexicon("speaker_anonymous_heads.txt")
    holders: dict[str, list[_Entity]] = {}
    for entity in state.entities:
        if entity.kind == "person" and entity.name_tokens and not entity.plural:
            for cls in entity.classes:
                holders.setdefault(cls, []).append(entity)
    named: dict[int, Optional[_Entity]] = {}
    ordered = sorted(state.recent, key=lambda m: m.head.i)
    heads = [m.head.i for m in ordered]
    for mention in given:
        role = mention.entity
        if role is None or role.name_tokens or role.plural \
                or role.kind not in ("person", "anonymous"):
            continue
        if id(role) not in named:
            classes = {c for c in role.classes - anonymous if not c.startswith(_DESCRIBED)}
            found = {id(e): e for cls in classes for e in holders.get(cls, ())}
            if len(found) > 1:
                # several hold it: the one named before the role, if only one was
                found = {k: e for k, e in found.items() if e.first < mention.head.i}
            person = next(iter(found.values())) if len(found) == 1 else None
            if not found and classes:
                person = _epithet_of(mention, role, ordered, heads)
            if person is not None and role.gender and person.gender \
                    and role.gender != person.gender:
                person = None
            if person is not None and role.first > person.first \
                    and _determiner(mention.span, mention.head) in ("a", "an"):
                person = None
            named[id(role)] = person
        if named[id(role)] is not None:
            mention.entity = named[id(role)]


class _State:
    """Entities and recent mentions seen so far, with the indexes name matching needs."""

    def __init__(self) -> None:
        self.entities: list[_Entity] = []
        self.recent: list[_Mention] = []
        self.people = _People()
        self.by_key: dict[str, _Entity] = {}
        self.by_head: dict[int, _Mention] = {}
        self.by_class: dict[str, list[_Entity]] = {}
        # the last word of an organisation's name ("fund", "agency") -> the latest such
        self.by_org_word: dict[str, _Entity] = {}
        # the latest written finding named ("a study released on Tuesday")
        self.document: Optional[_Entity] = None
        # named persons, in the order they were named (a person renamed may repeat)
        self.persons: list[_Entity] = []

    def new(self, mention: _Mention, **fields) -> _Entity:
        entity = _Entity(first=mention.head.i, last=mention.head.i, **fields)
        self.entities.append(entity)
        self.index(entity)
        return entity

    def index(self, entity: _Entity) -> None:
        if entity.kind == "person" and entity.name_tokens:
            self.people.index(entity)
            if entity not in self.persons[-1:]:
                self.persons.append(entity)
        if entity.key:
            self.by_key[entity.key] = entity

    def add(self, mention: _Mention) -> None:
        self.by_head[mention.head.i] = mention
        if mention.entity is None:
            return
        mention.entity.last = mention.head.i
        mention.entity.mentions += 1
        self.people.touch(mention.entity)
        if mention.head.tag_ not in _PRONOUN_TAGS:
            alias = _name_text(mention.span) if mention.span[-1].lower_ in _POSSESSIVE \
                else _strip_edges(mention.span.text)
            if alias and alias not in mention.entity.aliases:
                mention.entity.aliases.append(alias)
        self.recent.append(mention)

    def classify(self, entity: _Entity, cls: Optional[str]) -> None:
        if cls and cls not in entity.classes:
            entity.classes.add(cls)
            self.by_class.setdefault(cls, []).append(entity)

    def latest(self, cls: str, accept) -> Optional[_Entity]:
        found = [e for e in self.by_class.get(cls, ()) if accept(e)]
        return max(found, key=lambda e: e.last) if found else None


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _paragraph_index(doc: Doc) -> list[int]:
    """The paragraph of each token: a new one starts after a token whose trailing white
    space holds a line break, or after a white-space token that does."""
    index, number = [0] * len(doc), 0
    for token in doc:
        index[token.i] = number
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            number += 1
    return index


_QUOTED, _NARRATION = 1, 2
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours",
                           "ourselves"})


def _inside_quotes(doc: Doc) -> list[int]:
    """Whether each token lies between quotation marks (as :mod:`nlp.quotemarks` finds them):
    0 where not, else :data:`_QUOTED`, or :data:`_NARRATION` in a passage quoted from another
    story: paragraphs opening quotations after one that ends on a colon, in the third person,
    one of them never closed ("McCrummen reports: / "The first time ... / "Melanie thought the
    whole thing was outrageous. She wasn't ..."). A speaker's own words running on into the
    next paragraph, unclosed, are no such passage: no colon introduces them."""
    flags = [0] * len(doc)
    text = doc_text(doc)
    excerpts = _excerpt_paragraphs(text)
    for quotation in find_quotations(text):
        start, end = quotation.inner
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            flag = _NARRATION if quotation.start in excerpts and not quotation.closed \
                and not any(t.lower_ in _FIRST_PERSON for t in span) else _QUOTED
            for i in range(span.start, span.end):
                flags[i] = flag
    return flags


def _excerpt_paragraphs(text: str) -> set[int]:
    """Where the paragraphs of passages quoted from elsewhere begin: each opens on a quotation
    mark and follows a paragraph that ends on a colon ("McCrummen reports:") or another such
    paragraph."""
    starts, pos, chained, colon = set(), 0, False, False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            chained = stripped[0] in ALL_MARKS and (colon or chained)
            if chained:
                starts.add(pos + len(line) - len(line.lstrip()))
            colon = stripped.endswith(":")
        pos += len(line) + 1
    return starts


def _between(first: Token, last: Token) -> str:
    # Doc.text joins the whole document: slice the tokens instead
    return first.doc[first.i:last.i + 1].text


def _span_head(span: Span) -> Token:
    """The span's root; for a description whose determiner the parse hung elsewhere ("the
    24-year-old" with "the" on the verb), its last word that does."""
    root = span.root
    if root.dep_ == "det" and len(span) > 1:
        return [t for t in span if not span.start <= t.head.i < span.end][-1]
    return root


def _norm(word: str) -> str:
    return word.lower().replace(".", "").replace("’", "'")


def _strip_edges(text: str) -> str:
    return text.strip(" \t\n,;:-—–()\"'“”‘’")


def _without_article(text: str) -> str:
    first, _, rest = text.partition(" ")
    return rest if first.lower() in _ARTICLES and rest else text


def _is_first_person(token: Token) -> bool:
    entry = _pronouns().get(token.lower_)
    return entry is not None and entry[2] == "first"


def _context_mentions(doc: Doc, given: list[_Mention], sent_of: list[int],
                      quoted: list[int]) -> list[_Mention]:
    """Entities, noun-phrase subjects and role nouns outside the given mentions and outside
    quotations (a name inside someone's quoted words is not a speaker in the story)."""
    covered = bytearray(len(doc))
    for mention in given:
        for i in range(mention.span.start, mention.span.end):
            covered[i] = 1
    roles = _role_nouns()
    heads = [ent.root for ent in doc.ents
             if ent.label_ in _ENTITY_LABELS and ent.root.pos_ in ("PROPN", "NOUN")
             and not (ent.label_ in _ATTRIBUTE_LABELS and ent.root.dep_ in _MODIFIER_DEPS)]
    # the surname of a person named in full where the NER missed it ("Bryan Pagliano ... the
    # panel held Pagliano in contempt"); a full name opens on a given name the lexicons know
    surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
                and ent[-1].is_title and _given_name_gender(list(ent)) is not None}
    candidates = attribute_in(doc, POS, ("NOUN", "PROPN")) | attribute_in(doc, DEP, NOMINAL_SUBJECT_DEPS)
    for i in numpy.flatnonzero(candidates).tolist():
        token = doc[i]
        if token.dep_ in NOMINAL_SUBJECT_DEPS and token.pos_ in ("NOUN", "PROPN"):
            heads.append(token)
        elif token.pos_ == "PROPN" and token.text in surnames and not token.ent_type_ \
                and token.dep_ not in _MODIFIER_DEPS:
            heads.append(token)
        elif token.dep_ in NOMINAL_SUBJECT_DEPS and token.lower_ in _pronouns() \
                and _pronouns()[token.lower_][2] in ("person", "thing", "group"):
            heads.append(token)
        elif token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in roles:
            # a title inside a name ("Mayor David Brown") stands for the whole phrase
            heads.append(token.head if token.dep_ in ("compound", "nmod") else token)
    found, seen = [], set()
    for head in heads:
        if covered[head.i] or head.i in seen \
                or (quoted[head.i] and not (quoted[head.i] == _NARRATION and _narrated(head))) \
                or fronted_description(head) is not None:
            continue  # "A former Marine, Smith said": the description is not another one
        seen.add(head.i)
        introduced = _introduced(head)
        found.append(_Mention(_candidate_span(head), head, sent_of[head.i],
                              head.dep_ in NOMINAL_SUBJECT_DEPS or introduced,
                              introduced=introduced))
    return found


def _narrated(head: Token) -> bool:
    """A person named as the one who says or thinks something in a passage quoted from another
    story ("Melanie thought the whole thing was outrageous"): one of the story's people, as a
    reader takes them."""
    return head.ent_type_ == "PERSON" and head.dep_ in NOMINAL_SUBJECT_DEPS \
        and head.head.lemma_.lower() in verb_frames()


def _introduced(head: Token) -> bool:
    """A person named with a description of who they are ("Henry Crespo, president of the
    Florida Democratic Black Caucus"): the way a story introduces the one it quotes next, so
    as salient as a subject for the pronoun that follows ("..., he said")."""
    return head.ent_type_ == "PERSON" and any(c.dep_ == "appos" for c in children(head))


@lru_cache(maxsize=1)
def _role_nouns() -> frozenset[str]:
    return frozenset(_titles()) | frozenset(_org_heads()) | load_lexicon(
        "speaker_anonymous_heads.txt")


def _candidate_span(head: Token) -> Span:
    span = expand_mention(head)
    for child in children(head):
        if child.dep_ == "cc" and child.i > head.i:
            return span.doc[span.start:child.i] if child.i > span.start else span
    return span


def _resolve(mention: _Mention, state: _State) -> Optional[_Entity]:
    head = mention.head
    if len(mention.span) == 1 and head.lower_ in _pronouns():
        number, gender, cls = _pronouns()[head.lower_]
        if cls == "relative":
            return _relative(mention, state)
        return _pronoun(mention, state, number, gender, cls)
    if _of_relative(head):
        return _part_of_antecedent(mention, state)
    if head.tag_ in _PRONOUN_TAGS:
        return None
    if any(c.dep_ == "conj" and mention.span.start <= c.i < mention.span.end
           and c.pos_ in ("PROPN", "NOUN") for c in children(head)):
        return _group(mention, state)
    name = _person_name(mention.span, head) or _known_person_name(mention, state) \
        or _name_described_as_person(mention)
    if name:
        return _person(mention, state, name)
    lemma = head.lemma_.lower()
    label = head.ent_type_
    named = label in _ORG_LABELS or label in _PLACE_LABELS or any(
        t.pos_ == "PROPN" or t.ent_type_ for t in mention.span if t.i != head.i)
    if label in _PLACE_LABELS:
        return _organisation(mention, state, "place")
    if label in _ORG_LABELS or (lemma in _org_heads() and named):
        return _organisation(mention, state, _org_kind(mention))
    if lemma in _org_heads():
        return _named_by_its_noun(mention, state) \
            or _nominal(mention, state, _org_heads()[lemma], person=False)
    if lemma in _person_nouns() and lemma not in _titles() and _possessed(mention):
        return _kin(mention, state)
    if lemma in _titles() or lemma in load_lexicon("speaker_anonymous_heads.txt"):
        cls = _titles()[lemma][0] if lemma in _titles() else lemma
        return _nominal(mention, state, cls, person=True)
    if lemma in _person_nouns() and mention.qid is not None and not _is_age(head) \
            and not any(c.dep_ == "poss" for c in children(head)):
        # "A doctor at the hospital said ..." then "he said": a speaker known by an indefinite
        # description, and "the doctor" after it (never one of a relation, "Schilling's
        # son"), unless a description by age names one named before; never a role that
        # names someone (``_name_roles``). "The doctor" after "Dr. Ann Lee" is left as before
        found = _aged(mention, state)
        if found is None and _determiner(mention.span, head) in _DEFINITE:
            found = _described_before(mention, state)  # else an epithet, as before
        elif found is None:
            found = _nominal(mention, state, _DESCRIBED + lemma, True, _plain_name(mention.span))
        if found is not None:
            return found
    if mention.qid is not None and lemma in load_lexicon("speaker_speech_events.txt"):
        giver = _giver(mention, state)  # "a statement said": who made it
        if giver is not None:
            return giver
    if head.is_title and len(mention.span) == 1 and mention.subject:
        # "Wines believes ..." after "said Leslie Wimes": the copy misspelt the name
        similar = _similar_person(state, _norm(head.text))
        if similar is not None:
            return similar
    return _share(mention, state) or _aged(mention, state) or _other(mention, state)


def _aged(mention: _Mention, state: _State) -> Optional[_Entity]:
    """A definite description of a person by age ("the 34-year-old mother of three replied",
    "the 46-year-old said"): the epithet news gives the person it has just named, as a reader
    takes it; the person named in the sentences just before, of the gender the noun gives, the
    nearest first, a subject before an object. ``None`` where no one named is near, and for a
    relative of someone ("Her 12-year-old daughter said") or a thing ("the 50-year-old law")."""
    span, head = mention.span, mention.head
    if _determiner(span, head) not in _DEFINITE or head.tag_ in ("NNS", "NNPS") \
            or not any(_is_age(t) for t in [head, *children(head)]) \
            or any(c.dep_ == "poss" for c in children(head)):
        return None
    lemma = head.lemma_.lower()
    if _is_age(head):
        gender = None  # "the 46-year-old"
    elif lemma in _person_nouns():
        gender = _person_nouns()[lemma]
    elif lemma in _titles() or lemma in load_lexicon("speaker_anonymous_heads.txt"):
        gender = _titles().get(lemma, (None, None))[1]
    else:
        return None
    gender = gender if gender in ("m", "f") else None
    best, best_rank = None, None
    for distance, candidate in _near(mention, state, _PERSON_WINDOW):
        entity = candidate.entity
        if entity is None or entity.kind != "person" or not entity.name_tokens \
                or entity.plural or not _same_gender(entity, gender) \
                or gender is not None and entity.gender not in (None, gender):
            continue
        rank = (distance, 0 if candidate.subject else 1, -candidate.head.i)
        if best_rank is None or rank < best_rank:
            best, best_rank = entity, rank
    return best


def _described_before(mention: _Mention, state: _State) -> Optional[_Entity]:
    """The speaker a definite description ("the woman who started it all") stands for: the
    last one the same noun described indefinitely ("a woman at one of the rallies said"),
    whom its modifiers fit ("the young man" is not "an older man")."""
    head = mention.head
    plural, mods = head.tag_ in ("NNS", "NNPS"), _modifiers(mention.span, head)

    def fits(entity: _Entity) -> bool:
        known = entity.modifiers | {_norm(w) for w in (entity.name or "").split()}
        return entity.plural == plural and mods <= known

    return state.latest(_DESCRIBED + head.lemma_.lower(), fits)


@lru_cache(maxsize=1)
def _person_nouns() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in load_table("speaker_person_nouns.txt")}


def _is_age(token: Token) -> bool:
    """"old" of "34-year-old": "year" among the few words before it in its phrase."""
    doc = token.doc
    return token.lower_ == "old" and any(
        t.lower_ in ("year", "years") for t in doc[max(token.left_edge.i, token.i - 4):token.i])


# how far back a bare share looks for the population a poll's figures are of, in tokens
_SHARE_REACH = 80
_SHARE_WORDS = frozenset({"percent", "%"})
_POPULATION_WORDS = 12  # a population named at greater length is a clause, not a group


def _share(mention: _Mention, state: _State) -> Optional[_Entity]:
    """A bare share of a poll's respondents ("73 percent said", "Another 19 percent") is a
    share of the population the figures before it in its paragraph are of: "52 percent of
    registered voters", "Among likely voters, 46 percent ..."; named with it ("73 percent of
    registered voters"), as a reader takes it. Not an "overall" share, and not where the
    figures before it are of several populations ("52 percent of Democrats and 48 percent of
    independents ..., while 20 percent said")."""
    head = mention.head
    if head.lower_ not in _SHARE_WORDS or _of_phrase(head) is not None \
            or any(c.lower_ == "overall" for c in (*children(head), *children(head.head))):
        return None
    population = _population_before(mention.span)
    if population is None:
        return None
    name = f"{_plain_name(mention.span)} of {population.text}"
    return state.new(mention, name=name, kind="unknown", plural=True)


def _of_phrase(token: Token) -> Optional[Token]:
    return next((c for c in children(token) if c.dep_ == "prep" and c.lower_ == "of"), None)


def _population_before(span: Span) -> Optional[Span]:
    """The people the nearest shares or "among" before ``span`` in its paragraph are of, where
    that sentence names one population; "among" after a verb only where it hangs on a share
    ("Prices rose 5 percent among retailers" names no respondents)."""
    doc = span.doc
    found: list[Span] = []
    for i in range(span.start - 1, max(span.start - _SHARE_REACH, 0) - 1, -1):
        token = doc[i]
        if "\n" in token.whitespace_ or token.is_space \
                or found and sentence_of(token).start != sentence_of(found[0].root).start:
            break  # the paragraph begins after it, or the sentence of the figures does
        if token.lower_ in _SHARE_WORDS:
            prep = _of_phrase(token)
        elif token.lower_ == "among" and token.dep_ == "prep" and (
                token.head.pos_ not in ("VERB", "AUX") or token.i < token.head.i):
            prep = token
        else:
            continue
        people = next((c for c in children(prep) if c.dep_ == "pobj"), None) if prep else None
        if people is not None and people.pos_ in ("NOUN", "PROPN") \
                and people.tag_ in ("NNS", "NNPS") \
                and people.right_edge.i - people.left_edge.i < _POPULATION_WORDS:
            found.append(doc[people.left_edge.i:people.right_edge.i + 1])
    if not found or len({f.text.lower() for f in found}) > 1:
        return None
    return found[0]


def _of_relative(head: Token) -> bool:
    """A part of a relative pronoun's antecedent: "many of whom", "some of which"."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(
        g.dep_ == "pobj" and _pronouns().get(g.lower_, ("", "", ""))[2] == "relative"
        for g in children(c)) for c in children(head))


def _determiner(span: Span, head: Token) -> Optional[str]:
    for child in children(head):
        if child.dep_ in ("det", "predet", "nummod") and child.i < head.i:
            return child.lower_
        if child.dep_ == "poss":
            return "the"
    first = span[0]
    if first.i < head.i and first.dep_ == "det" and not span.start <= first.head.i < span.end:
        return first.lower_  # hung elsewhere by the parse: "the 24-year-old said"
    return None


def _modifiers(span: Span, head: Token) -> frozenset[str]:
    return frozenset(_norm(t.text) for t in span
                     if t.i != head.i and not t.is_punct and t.dep_ not in ("det", "case")
                     and t.lower_ not in _POSSESSIVE)


def _person_ents(span: Span) -> list[Span]:
    """PERSON entities inside ``span`` (read off the tokens: ``Span.ents`` scans the doc)."""
    found, start = [], None
    for token in span:
        if token.ent_type_ == "PERSON" and token.ent_iob_ == "I" and start is not None:
            continue
        if start is not None:
            found.append(span.doc[start:token.i])
            start = None
        if token.ent_type_ == "PERSON":
            start = token.i
    if start is not None:
        found.append(span.doc[start:span.end])
    return found


def _person_name(span: Span, head: Token) -> list[Token]:
    """The tokens of the person's name in a mention, without honorifics, titles or 's."""
    persons = _person_ents(span)
    chosen = None
    for ent in persons:
        if ent.start <= head.i < ent.end:
            chosen = ent
        elif chosen is None and ((ent.root.head == head and ent.root.dep_ == "appos")
                                 or (head.head == ent.root and head.dep_ == "appos")
                                 or _named_after_its_client(ent.root, head)):
            chosen = ent
    if chosen is None and len(persons) == 1 and head.lemma_.lower() in _titles() \
            and head.tag_ not in ("NNS", "NNPS") and persons[0].root.head == head:
        # "Justice Frank Nervo" parsed with the title as head; never a name further down
        # the phrase ("judges handling lawsuits about Hillary Clinton's email")
        chosen = persons[0]
    if chosen is not None:
        start, doc = chosen.start, span.doc
        while start - 1 >= span.start and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].ent_iob_ == "O" and doc[start - 1].dep_ == "compound" \
                and doc[start - 1].head.i in range(chosen.start, chosen.end) \
                and _given_name_gender([doc[start - 1]]) is not None:
            start -= 1  # a given name the NER left out ("Ivanka" of "Ivanka Trump")
        tokens = list(doc[start:chosen.end])
    elif head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON") \
            and head.lemma_.lower() not in _org_heads() \
            and (head.lower_ not in _titles() or _after_honorific(head)) \
            and not any(_ORDINAL.fullmatch(t.text)
                        for t in span.doc[max(span.start - 1, 0):head.i]):
        # (a numbered proper noun is a law, a court, a fleet: "the 13th Amendment")
        start = head.i
        while start - 1 >= span.start and span.doc[start - 1].pos_ == "PROPN" \
                and span.doc[start - 1].dep_ == "compound" and not span.doc[start - 1].ent_type_ in _ORG_LABELS:
            start -= 1
        tokens = list(span.doc[start:head.i + 1])
    else:
        return []
    titles, honorifics = _titles(), _honorifics()
    while tokens and (tokens[0].lower_ in titles or tokens[0].lower_ in honorifics
                      or tokens[0].is_punct):
        if len(tokens) == 1 and _after_honorific(tokens[0]):
            break  # "Mr. King": the title word is the surname
        tokens.pop(0)
    while tokens and (tokens[-1].lower_ in _POSSESSIVE or tokens[-1].is_punct):
        tokens.pop()
    return tokens


def _named_after_its_client(name: Token, head: Token) -> bool:
    """The name after a role "for" or "of" someone named ("An attorney for Pagliano, Mark
    MacDougall"), which the parse hangs on that someone: a person named already takes no
    second name, so it is the role's."""
    client = name.head
    return name.dep_ == "appos" and head.lemma_.lower() in _titles() \
        and client.ent_type_ == "PERSON" and client.dep_ == "pobj" \
        and client.head.head == head and client.head.lower_ in ("for", "of", "to")


def _after_honorific(token: Token) -> bool:
    """A word after "Mr.", "Ms.", "Dr." is a surname, even one that is a title ("Mr. King");
    not after "the" ("the Dr. Phil show") nor after a title of nobility ("Lord Chancellor",
    "Lady Justice"), nor in "Mr. President"."""
    if token.i == 0 or token.lower_ == "president":
        return False
    before = token.doc[token.i - 1]
    return before.lower_.rstrip(".") in _SURNAME_HONORIFICS and not (
        before.i > 0 and token.doc[before.i - 1].lower_ == "the")


def _known_person_name(mention: _Mention, state: _State) -> list[Token]:
    """A proper name the NER labelled otherwise but that names a person seen before."""
    head = mention.head
    if head.pos_ != "PROPN":
        return []
    start = head.i
    while start - 1 >= mention.span.start and mention.span.doc[start - 1].pos_ == "PROPN":
        start -= 1
    tokens = list(mention.span.doc[start:head.i + 1])
    words = tuple(_norm(t.text) for t in tokens)
    return tokens if _match_person(state, words) is not None else []


def _name_described_as_person(mention: _Mention) -> list[Token]:
    """A proper name the NER missed or took for an organisation, in apposition to a title or
    a noun for a person: "Smith, the mayor, said", "Jean-Marc Ayrault, the foreign
    minister"."""
    head = mention.head
    if head.pos_ != "PROPN" or head.ent_type_ in _PLACE_LABELS or not _described_as_person(head):
        return []
    return _name_ending_at(head, mention.span.start)


def _name_ending_at(last: Token, first: int) -> list[Token]:
    """The proper nouns before and at ``last`` (from token ``first`` on), words of one name
    joined by a hyphen included ("Jean-Marc Ayrault")."""
    doc, start = last.doc, last.i
    while start - 1 >= first and (doc[start - 1].pos_ == "PROPN" or (
            doc[start - 1].text in ("-", "–") and not doc[start - 1].whitespace_
            and start - 2 >= first and doc[start - 2].pos_ == "PROPN")):
        start -= 1
    return list(doc[start:last.i + 1])


def _described_as_person(head: Token) -> bool:
    """Whether a noun in apposition to ``head`` describes a person ("Smith, the mayor"); for
    a name the NER took for an organisation, never a noun that describes organisations as
    often ("Apple, the market leader": speaker_org_roles.txt)."""
    shared = load_lexicon("speaker_org_roles.txt") if head.ent_type_ in _ORG_LABELS else ()
    return any(c.dep_ == "appos" and not _in_possessive(c) and c.lemma_.lower() not in shared
               and (c.lemma_.lower() in _titles() or c.lemma_.lower() in _person_nouns()
                    or c.lemma_.lower() in load_lexicon("speaker_anonymous_heads.txt"))
               for c in children(head))


def _person(mention: _Mention, state: _State, name: list[Token]) -> _Entity:
    text = _between(name[0], name[-1])
    words = tuple(_norm(t.text) for t in name)
    role = _role(mention.span, mention.head, name)
    described = _described_gender(mention.span, name)
    # a name alone is a surname as often as a given name ("Warren"): its gender is a hint for
    # pronouns, never a reason to take it for someone else
    named = described or (_given_name_gender(name) if len(name) > 1 else None)
    gender = described or _given_name_gender(name)
    entity = _match_person(state, words, named, gender)
    if entity is None and len(words) == 1:
        entity = _similar_person(state, words[0], named)
    whole = entity is None or len(words) >= len(entity.name_tokens)  # names them in full
    if entity is not None and len(words) == 1 and len(entity.name_tokens) > 1 \
            and words[0] == entity.name_tokens[-1]:
        entity.alone += 1
    if entity is None:
        entity = state.new(mention, name=text, kind="person", name_tokens=words)
    elif len(words) > len(entity.name_tokens):
        entity.name, entity.name_tokens = text, words
        state.index(entity)
    entity.role = entity.role or role
    entity.gender = entity.gender or gender
    if whole:  # "Mr. Khan" for a Khan of unknown gender does not make every Khan a man
        entity.name_gender = entity.name_gender or gender
        # (and a given name used for both, "Andrea", never rules a person out)
        entity.named_gender = entity.named_gender or described
    for token in mention.span:
        if token.i not in range(name[0].i, name[-1].i + 1) and token.lower_ in _titles() \
                and not _in_possessive(token):
            state.classify(entity, _titles()[token.lower_][0])
    return entity


def _similar_person(state: _State, word: str, gender: Optional[str] = None
                    ) -> Optional[_Entity]:
    """The one person of the last few named whose surname differs from ``word`` by a letter
    (one added, dropped or changed: "Wimes" / "Wines", "McClenney" / "McLenney"), as a reader
    forgives a misspelt name; never for a short word, nor when two persons would do."""
    if len(word) < _TYPO_MIN_LETTERS:
        return None
    found = {}
    for entity in state.persons[-_TYPO_CANDIDATES:]:
        last = entity.name_tokens[-1] if entity.name_tokens else ""
        if last != word and len(last) >= _TYPO_MIN_LETTERS and _one_letter_apart(last, word) \
                and _same_gender(entity, gender):
            found[id(entity)] = entity
    return next(iter(found.values())) if len(found) == 1 else None


def _one_letter_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def _in_possessive(token: Token) -> bool:
    """Whether a word describes someone else through a possessive: "nominee" in "Ivanka
    Trump, the nominee's daughter" is her father's title, not hers."""
    node = token
    for _ in range(_MENTION_REACH):
        if node.dep_ == "poss" or any(c.dep_ == "case" for c in children(node)):
            return True
        if node.dep_ not in ("compound", "amod", "nmod", "nummod") or node.head is node:
            return False
        node = node.head
    return False


def _epithet_of(mention: _Mention, role: _Entity, ordered: list[_Mention], heads: list[int]
                ) -> Optional[_Entity]:
    """The person an epithet stands for when no one in the story holds its role by name: "the
    Vermont senator" for Bernie Sanders, "the Republican presidential nominee" for Donald
    Trump. Only a definite description that says more than its role (a bare "the president"
    may be someone the story never names), and only for the person the story has named most
    among those mentioned in the sentences just before, who holds no other role.
    ``ordered`` are the mentions resolved, in document order, and ``heads`` their heads."""
    span, head = mention.span, mention.head
    if _determiner(span, head) not in _DEFINITE or not _modifiers(span, head) \
            or any(t.tag_ in _PRONOUN_TAGS for t in span):
        return None
    near: dict[int, _Entity] = {}
    before = bisect_left(heads, head.i)  # the mentions before this one, in document order
    for earlier in reversed(ordered[max(before - _EPITHET_MENTIONS, 0):before]):
        if mention.sent - earlier.sent > _EPITHET_WINDOW:
            break
        entity = earlier.entity
        if entity is not None and entity.kind == "person" and entity.name_tokens \
                and not entity.plural and (not entity.classes or entity.classes & role.classes):
            near[id(entity)] = entity
    if not near:
        return None
    return max(near.values(), key=lambda e: (e.mentions, e.last))


def _same_gender(entity: _Entity, gender: Optional[str]) -> bool:
    """Whether a mention of ``gender`` (None: not known) may stand for ``entity``, whose
    gender is known for sure only from an honorific or a gendered title."""
    return gender is None or entity.named_gender is None or entity.named_gender == gender


def _gender_rank(entity: _Entity, hint: Optional[str]) -> int:
    """0: the person is of the gender the mention suggests; 1: one of them is not known;
    2: they differ (by a given name, which may be wrong)."""
    if hint is None or entity.name_gender is None:
        return 1
    return 0 if entity.name_gender == hint else 2


def _match_person(state: _State, words: tuple[str, ...], gender: Optional[str] = None,
                  hint: Optional[str] = None) -> Optional[_Entity]:
    """The person whose name ``words`` can stand for: a single word is a first or last name
    of theirs; several end with their last name and begin with their first name, or its
    initial (or they were known by their last name alone). Several persons may share a
    surname ("Ted Cruz", "Heidi Cruz"): a surname alone stands for the one the story has named
    most often so far, as a reporter writes the surname alone for the principal and the full
    name for a relative mentioned in passing; a full name, for the one last mentioned. Never
    a person known to be of the other ``gender`` ("Mr. Obama" is not the one "Mrs. Obama"
    names); of the rest, a surname goes to one of the gender ``hint`` suggests first ("Mr.
    Obama" is not Michelle Obama where another Obama is named)."""
    if len(words) == 1:
        return state.people.principal(_People.queries(words), gender, hint)
    return state.people.latest(_People.queries(words), gender)


class _People:
    """The persons seen so far, by the name words a mention may match them on (see
    :func:`_match_person`). Each bucket keeps its persons in the order they were last
    mentioned, so the latest one a mention may stand for is found at once, however many
    people share a surname."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[str, ...], dict[int, _Entity]] = {}
        self._keys: dict[int, tuple[tuple[str, ...], ...]] = {}

    @staticmethod
    def keys(known: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        first, last = known[0], known[-1]
        keys = [("word", first), ("word", last)]
        if len(known) == 1:
            keys.append(("alone", last))
        else:
            keys += [("full", last, first), ("first letter", last, first[:1])]
            if len(first) == 1:
                keys.append(("initial", last, first))
        return tuple(dict.fromkeys(keys))

    @staticmethod
    def queries(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        if len(words) == 1:
            return (("word", words[0]),)
        first, last = words[0], words[-1]
        queries = [("alone", last), ("full", last, first), ("initial", last, first[:1])]
        if len(first) == 1:
            queries.append(("first letter", last, first))
        return tuple(queries)

    def index(self, entity: _Entity) -> None:
        """File ``entity`` under its name as it is now (again, after it grew)."""
        for key in self._keys.get(id(entity), ()):
            self._buckets[key].pop(id(entity), None)
        keys = self.keys(entity.name_tokens)
        self._keys[id(entity)] = keys
        for key in keys:
            self._buckets.setdefault(key, {})[id(entity)] = entity

    def touch(self, entity: _Entity) -> None:
        """``entity`` was just mentioned: it is now the latest in each of its buckets."""
        for key in self._keys.get(id(entity), ()):
            bucket = self._buckets[key]
            bucket[id(entity)] = bucket.pop(id(entity))

    def principal(self, queries: Sequence[tuple[str, ...]], gender: Optional[str] = None,
                  hint: Optional[str] = None) -> Optional[_Entity]:
        """Of the persons of ``gender`` last mentioned under ``queries`` (a few a bucket),
        those of the gender ``hint`` suggests first ("Ms. Khan": Ghazala, not Humayun); of
        those, for a surname, the one the story has called by the surname alone most often
        (a reporter writes "Trump" for the principal and "Ivanka Trump" in full for the
        daughter, however often she is quoted); then the one mentioned most often; the
        earliest named of those on a tie."""
        found = [entity for bucket in (self._buckets.get(query) for query in queries) if bucket
                 for entity in islice(reversed(bucket.values()), _PRINCIPAL_CANDIDATES)
                 if _same_gender(entity, gender)]
        surname = queries[0][-1] if len(queries) == 1 else None
        return min(found, key=lambda e: (
            _gender_rank(e, hint), -(e.alone if e.name_tokens[-1:] == (surname,) else 0),
            -e.mentions, e.first)) \
            if found else None

    def latest(self, queries: Sequence[tuple[str, ...]], gender: Optional[str] = None
               ) -> Optional[_Entity]:
        """Of the persons of ``gender`` under ``queries``, the one mentioned last (looking
        at the last few of each bucket only: a name shared by more persons than that, all of
        the other gender, makes a new one)."""
        found = [next((e for e in islice(reversed(bucket.values()), _PRINCIPAL_CANDIDATES)
                       if _same_gender(e, gender)), None)
                 for bucket in (self._buckets.get(query) for query in queries) if bucket]
        found = [e for e in found if e is not None]
        return max(found, key=lambda e: e.last) if found else None


def _same_given_name(a: str, b: str) -> bool:
    if a == b:
        return True
    return (len(a) == 1 or len(b) == 1) and a[0] == b[0]


def _role(span: Span, head: Token, name: list[Token]) -> Optional[str]:
    doc = span.doc
    honorifics = _honorifics()
    before = [t for t in doc[span.start:name[0].i]
              if t.dep_ not in ("det",) and t.lower_ not in honorifics and not t.is_punct]
    if before and before[0].i < name[0].i:
        # a title phrase before the name, up to an apposition comma if the name is appositive
        tokens = [t for t in before if not any(p.i < t.i and p.text == "," for p in before)]
        chosen = tokens or before
    else:
        chosen = []
        for child in children(name[-1]):
            if child.dep_ == "appos" and span.start <= child.i < span.end:
                chosen = [t for t in child.subtree if span.start <= t.i < span.end]
                break
    if not chosen:
        return None
    text = _strip_edges(_between(chosen[0], chosen[-1]))
    text = _without_article(text)
    return text if text and _norm(text) not in honorifics else None


def _described_gender(span: Span, name: list[Token]) -> Optional[str]:
    """The gender a mention's words give its person: an honorific or a gendered title before
    the name or in apposition to it ("Mrs. Clinton", "9/11 widow Terry Strada", "Strada, a
    widow"), never one that describes someone else ("Grayson's spokeswoman", "Sperling, who
    worked with Ms. Brainard")."""
    described = [t for t in span if t.i < name[0].i] + [
        c for c in children(name[-1]) if c.dep_ == "appos"]
    for token in described:
        if _in_possessive(token):
            continue
        mark = _honorifics().get(token.lower_) or _titles().get(token.lower_, (None, None))[1]
        if mark in ("m", "f"):
            return mark
    return None


def _given_name_gender(name: list[Token]) -> Optional[str]:
    """The gender of a given name the lexicons know."""
    first = name[0].lower_
    if first in load_lexicon("speaker_female.txt"):
        return "f"
    if first in load_lexicon("speaker_male.txt"):
        return "m"
    return None


def _org_kind(mention: _Mention) -> str:
    head = mention.head
    if mention.qid is None and head.ent_type_ == "GPE" and head.dep_ == "pobj" \
            and head.head.lower_ in _LOCATIVE_PREPS:
        return "place"
    return "organization"


_RELATIVE_TAGS = frozenset({"WP", "WDT", "WP$"})
_TRAILING_MARKS = frozenset({",", ";", ":", ".", "—", "–", "-"})
# Heads that say nothing once their relative clause is gone ("People who attended").
_BARE_HEADS = frozenset({"people", "those", "some", "many", "others", "one", "ones", "anyone",
                         "everyone", "someone", "all", "few", "most"})


def _clause_in_name(token: Token, span: Span) -> bool:
    """Whether ``token`` heads what describes a word of ``span`` rather than names it: a
    relative clause ("who spoke on condition of anonymity"; not a name's own words, "Alliance
    to Reclaim Our Schools"), or a description set off after a name ("Olena, a 38-year-old
    mother of two"). A participle stays: "The report, published on Tuesday by Human Rights
    Watch" says whose."""
    if not span.start <= token.head.i < span.end or token.left_edge.i <= span.start \
            or token.head.lower_ in _BARE_HEADS or token.head.pos_ not in ("NOUN", "PROPN"):
        return False  # "Those who knew him"
    if token.dep_ == "relcl":
        return not token.is_title
    return token.dep_ == "appos" and token.head.pos_ == "PROPN" and token.pos_ != "PROPN" \
        and token.doc[token.left_edge.i - 1].text == ","


def _without_clause(span: Span) -> Span:
    """``span`` up to a clause describing it (:func:`_clause_in_name`); whole where it
    coordinates names ("Ford, the automaker, and Honda, its Japanese rival")."""
    if any(t.dep_ == "conj" for t in span):
        return span
    cut = min((t.left_edge.i for t in span if _clause_in_name(t, span)), default=span.end)
    return span.doc[span.start:cut]


def _name_span(span: Span, drop: Callable[[Token], bool]) -> Span:
    """``span`` without a clause describing it (:func:`_without_clause`), nor the words at its
    end that ``drop`` says are no part of a name, a relative pronoun always among them ("one
    trader, who": the mention stops where the clause starts). One word at least stays."""
    kept = _without_clause(span)
    end = kept.end
    while end - 1 > kept.start and (kept.doc[end - 1].tag_ in _RELATIVE_TAGS
                                    or drop(kept.doc[end - 1])):
        end -= 1
    return kept.doc[kept.start:end]


def _plain_name(span: Span) -> str:
    """A mention's own words as a name (:func:`_name_span`), its end's punctuation dropped
    but not "%": "42%" is a name."""
    return _strip_edges(_name_span(span, lambda t: t.text in _TRAILING_MARKS).text)


def _name_text(span: Span) -> str:
    """The name a mention gives, without a possessive ending or a clause describing it ("the
    official, who spoke on condition of anonymity" is "official"): a mention the tagger marks
    may take the clause in, as news annotation does."""
    tokens = _name_span(span, lambda t: t.lower_ in _POSSESSIVE or t.is_punct)
    if not len(tokens):
        return _strip_edges(span.text)
    text = _between(tokens[0], tokens[-1])
    return _without_article(_strip_edges(_TRAILING_PARENTHESIS.sub("", text) or text))


# "The Korean Central News Agency (KCNA)", or "(KCNA" where the NER cut the name short: the
# name without it (its acronym is known from the initials)
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)?\s*$")


def _organisation(mention: _Mention, state: _State, kind: str) -> _Entity:
    name = _name_text(mention.span)
    key = "org:" + " ".join(_norm(w) for w in name.split())
    entity = state.by_key.get(key) or state.by_key.get("acronym:" + name)
    if entity is None:
        plural = mention.head.ent_type_ == "NORP" and mention.head.tag_ in ("NNS", "NNPS")
        entity = state.new(mention, name=name, kind=kind, key=key, plural=plural)
        acronym = _acronym(name)
        if acronym and "acronym:" + acronym not in state.by_key:
            state.by_key["acronym:" + acronym] = entity
    elif entity.kind == "place" and kind == "organization":
        entity.kind = kind
    if entity.kind == "organization":
        last = mention.span[-1] if mention.span[-1].lower_ not in _POSSESSIVE \
            else mention.head
        for word in {last, mention.head}:
            if word.pos_ in ("PROPN", "NOUN") and word.is_alpha:
                state.by_org_word[word.lower_] = entity
    state.classify(entity, _org_heads().get(mention.head.lemma_.lower()))
    return entity


def _acronym(name: str) -> Optional[str]:
    """The initials of a name of several capitalised words ("International Monetary Fund" ->
    "IMF"; "of", "and", "for", "the" skipped), which a later mention may use alone."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _ACRONYM_SKIP]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def _nominal(mention: _Mention, state: _State, cls: str, person: bool,
             description: Optional[str] = None) -> Optional[_Entity]:
    """A common-noun mention: "the spokesman", "the ministry", "a U.S. official", "officials";
    named ``description``, or the words of its role."""
    span, head = mention.span, mention.head
    det = _determiner(span, head)
    plural = head.tag_ in ("NNS", "NNPS")
    mods = _modifiers(span, head)
    description = description or _name_text(span)
    anonymous = head.lemma_.lower() in load_lexicon("speaker_anonymous_heads.txt")

    def accept(entity: _Entity) -> bool:
        known = entity.modifiers | {_norm(w) for w in (entity.role or "").split()} \
            | set(entity.name_tokens)
        return entity.plural == plural and mods <= known

    if det in _DEFINITE:
        entity = state.latest(cls, accept)
        if entity is None and not person:  # "the agency" for the Budget Office named before
            found = [e for c in _org_stands_for().get(cls, ())[1:]
                     if (e := state.latest(c, lambda e: accept(e) and _proper_body(e)))
                     is not None]
            entity = max(found, key=lambda e: e.last) if found else None
        if entity is not None:
            return entity
    elif det is None and plural and anonymous:
        entity = state.by_key.get("anon:" + _norm(description))
        if entity is not None:
            return entity
    if not person:
        entity = state.new(mention, name=_possessor_named(mention, state, _plain_name(span)),
                           kind="unknown")
    elif anonymous or det not in _DEFINITE:
        description = _possessor_named(mention, state, description)
        entity = state.new(mention, name=description, kind="anonymous", plural=plural,
                           modifiers=mods, key="anon:" + _norm(description) if plural else None)
    else:
        # a role without a name ("the White House press secretary"): a person known by role
        description = _possessor_named(mention, state, description)
        entity = state.new(mention, name=description, kind="person", role=description,
                           plural=plural, modifiers=mods)
    entity.gender = _titles().get(head.lower_, (None, _person_nouns().get(head.lemma_.lower()))
                                  )[1] if person else None
    if entity.gender not in ("m", "f"):
        entity.gender = None
    state.classify(entity, cls)
    return entity


_NAME_LINKS = frozenset({"of", "for", "and", "on", "the", "&"})


def _proper_body(entity: _Entity) -> bool:
    """Whether an organisation is named as a body of its own ("Congressional Budget Office",
    "Department of Homeland Security"), every word of its name but the links capitalised: not
    "the Obama administration", "Pfizer's office in Dublin" or "the box office"."""
    words = entity.name.split()
    # from its first capital on: "the nonpartisan Congressional Budget Office" is one
    start = next((k for k, w in enumerate(words) if w[:1].isupper()), len(words))
    words = [w for w in words[start:] if w.lower() not in _NAME_LINKS]
    return bool(words) and all(w[:1].isupper() for w in words)


def _group(mention: _Mention, state: _State) -> _Entity:
    name = _name_text(mention.span)
    key = "group:" + _norm(name)
    entity = state.by_key.get(key)
    if entity is None:
        kind = "person" if mention.head.ent_type_ in ("PERSON", "") else "organization"
        entity = state.new(mention, name=name, kind=kind, key=key, plural=True)
    return entity


def _other(mention: _Mention, state: _State) -> _Entity:
    """Any other noun phrase ("the report"): its own text, or an earlier one with its head."""
    key = "np:" + mention.head.lemma_.lower()
    plural = mention.head.tag_ in ("NNS", "NNPS")
    named = _named_by_its_noun(mention, state)
    if named is not None:
        return named
    definite = _determiner(mention.span, mention.head) in _DEFINITE
    if definite and key in state.by_key and state.by_key[key].plural == plural:
        return state.by_key[key]
    documents = load_lexicon("speaker_document_heads.txt")
    lemma = mention.head.lemma_.lower()
    if definite and not plural and lemma in documents and state.document is not None:
        return state.document  # "the report" for "a study released on Tuesday"
    entity = state.new(mention, name=_possessor_named(mention, state,
                                                      _plain_name(mention.span)),
                       kind="unknown", key=key, plural=plural)
    if lemma in documents and not plural:
        state.document = entity
    return entity


def _possessed(mention: _Mention) -> bool:
    """Whether a mention opens on a possessive pronoun ("my father", "her husband")."""
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" and c.i == mention.span.start
               for c in children(mention.head))


def _kin(mention: _Mention, state: _State) -> _Entity:
    """A person described by a relation ("my father", "her husband"): the person named in
    apposition ("his wife, Melania"), or else one person named as the text names them (the
    owner's name for "his" or "her" where it is known), with the noun's gender, whom a later
    "he" or "she" may stand for."""
    head = mention.head
    named = next((c for c in children(head) if c.dep_ == "appos" and c.pos_ == "PROPN"
                  and mention.span.start <= c.i < mention.span.end), None)
    if named is not None:  # "his wife, Melania": the person named
        return _person(mention, state, _name_ending_at(named, head.i + 1))
    name = _possessor_named(mention, state, _name_text(mention.span))
    key = "kin:" + _norm(name)
    entity = state.by_key.get(key)
    if entity is None:
        plural = head.tag_ in ("NNS", "NNPS")
        entity = state.new(mention, name=name, kind="person", role=name, plural=plural, key=key)
        gender = _person_nouns().get(head.lemma_.lower())
        entity.gender = gender if gender in ("m", "f") and not plural else None
    return entity


def _possessor_named(mention: _Mention, state: _State, name: str) -> str:
    """``name`` with the person or organisation its possessive pronoun stands for in place of
    the pronoun: "His lawyer" -> "Bryan Pagliano's lawyer", "her campaign" -> "Hillary
    Clinton's campaign". As it is where the pronoun resolves to no one named."""
    head = mention.head
    owner = next((c for c in children(head) if c.dep_ == "poss" and c.tag_ == "PRP$"
                  and c.i == mention.span.start), None)
    if owner is None or owner.lower_ not in _pronouns() or not name.lower().startswith(
            owner.lower_ + " "):
        return name
    number, gender, cls = _pronouns()[owner.lower_]
    if cls not in ("person", "thing", "group"):
        return name  # "my", "our": the writer's or the quoted speaker's, resolved elsewhere
    whose = _pronoun(_Mention(mention.span.doc[owner.i:owner.i + 1], owner, mention.sent,
                              False), state, number, gender, cls)
    if whose is None or not whose.name_tokens and whose.kind != "organization":
        return name
    mark = "'" if whose.name.endswith("s") else "'s"  # "Sanders' campaign", as news writes
    return f"{whose.name}{mark} {name[len(owner.text) + 1:]}"


def _giver(mention: _Mention, state: _State) -> Optional[_Entity]:
    """Who gave the statement, speech or interview a speaker mention names: its possessor
    ("Clinton's statement"), the subject of the clause describing it ("a speech Mrs. Clinton
    delivered"), the agent after "by" or "from"; else the person or organisation that is the
    subject of this sentence or the one before ("The Security Council met on Friday. A
    statement said ...")."""
    head = mention.head
    for child in children(head):
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.ent_type_ in _GIVER_TYPES):
            return _antecedent_entity(child, mention, state)  # "Clinton's", "a Donald Trump tweet"
    if head.tag_ in ("NNS", "NNPS"):
        return None  # "interviews with a dozen party leaders": many people's words
    for child in children(head):
        if child.dep_ == "relcl":
            subject = next((c for c in children(child) if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ in ("PROPN", "PRON", "NOUN") \
                    and subject.lower_ not in ("that", "which"):
                return _antecedent_entity(subject, mention, state)
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            agent = next((c for c in children(child) if c.dep_ == "pobj"), None)
            if agent is not None:
                return _antecedent_entity(agent, mention, state)
    for candidate in islice(reversed(state.recent), _GIVER_MENTIONS):
        if mention.sent - candidate.sent > 1:
            break
        entity = candidate.entity
        if candidate.subject and entity is not None and not entity.plural \
                and entity.kind in ("person", "organization"):
            return entity
    return None


def _named_by_its_noun(mention: _Mention, state: _State) -> Optional[_Entity]:
    """"The fund" for the International Monetary Fund named before, "the appeals court" for
    the U.S. Court of Appeals for the Sixth Circuit: a short definite singular mention whose
    noun is the last word or the head of an organisation's name, and whose other words are
    in that name."""
    span, head = mention.span, mention.head
    words = [t for t in span if not t.is_punct]
    if len(words) < 2 or words[0].lower_ not in _DEFINITE or words[-1] != head \
            or head.tag_ in ("NNS", "NNPS") or len(words) > 4:
        return None
    entity = state.by_org_word.get(head.lower_)
    if entity is None:
        return None
    # what the mention says besides its noun, the organisation's name says too ("the appeals
    # court" for the U.S. Court of Appeals for the Sixth Circuit)
    named = {_norm(w) for w in entity.name.lower().split()}
    if any(_norm(t.lower_) not in named for t in words[1:-1]):
        return None
    return entity


def _compatible(entity: _Entity, number: str, gender: str, cls: str) -> bool:
    if cls == "person":
        return entity.kind in ("person", "anonymous") and not entity.plural \
            and (entity.gender is None or entity.gender == gender)
    if cls == "thing":
        return entity.kind == "organization" and not entity.plural
    return entity.plural


def _collective(candidate: _Mention) -> bool:
    """An organisation a plural pronoun may stand for when no group is near ("Politifact did a
    fact-check ... they published the results"): an organisation, or a name the NER left
    untyped, as the subject of its sentence."""
    entity = candidate.entity
    if entity is None or entity.plural or not candidate.subject:
        return False
    return entity.kind == "organization" or (entity.kind == "unknown"
                                             and candidate.head.pos_ == "PROPN")


def _pronoun(mention: _Mention, state: _State, number: str, gender: str, cls: str
             ) -> Optional[_Entity]:
    window = _PERSON_WINDOW if cls == "person" else _GROUP_WINDOW
    best, best_rank = None, None
    collective = None  # for a group pronoun no group is near: the latest organisation subject
    for distance, candidate in _near(mention, state, window):
        if collective is None and cls == "group" and _collective(candidate):
            collective = candidate.entity
        if candidate.entity is None or not _compatible(candidate.entity, number, gender, cls):
            continue
        rank = (distance, 0 if candidate.introduced else 1 if candidate.subject else 2,
                candidate.head.i)
        if best_rank is None or rank < best_rank:
            best, best_rank = candidate.entity, rank
    if best is None:
        return collective
    if best.gender is None and gender in ("m", "f"):
        best.gender = gender
    return best


def _near(mention: _Mention, state: _State, window: int) -> Iterator[tuple[int, _Mention]]:
    """The mentions before ``mention`` at most ``window`` sentences back (and no further than
    :data:`_PRONOUN_REACH` mentions), the latest first, with their distance in sentences."""
    for candidate in islice(reversed(state.recent), _PRONOUN_REACH):
        distance = mention.sent - candidate.sent
        if distance > window:
            return
        yield distance, candidate


def _relative(mention: _Mention, state: _State) -> Optional[_Entity]:
    clause = mention.head.head
    if clause.dep_ == "relcl" and clause.head != mention.head:
        antecedent = clause.head
    elif mention.head.i > 0 and mention.head.doc[mention.head.i - 1].pos_ in ("NOUN", "PROPN"):
        # the parse missed the relative clause ("turned to the Chicago Police Department
        # which reported ..."): the noun right before the pronoun is its antecedent
        antecedent = mention.head.doc[mention.head.i - 1]
        while antecedent.dep_ in ("compound", "flat") and antecedent.head.i > antecedent.i:
            antecedent = antecedent.head
    else:
        return None
    if antecedent.dep_ == "appos" and antecedent.tag_ == "NN" \
            and antecedent.head.pos_ == "PROPN" and antecedent.head.i < antecedent.i \
            and _ends_its_name(antecedent.head) and not _of_a_noun(antecedent.head) \
            and not any(c.dep_ == "conj" for c in children(antecedent.head)):
        # "John Bentel, a tech staffer at the State Department who told": the person the
        # description is of
        antecedent = antecedent.head
    return _antecedent_entity(antecedent, mention, state)


def _of_a_noun(token: Token) -> bool:
    """Whether ``token`` is the object of a preposition that hangs from a noun ("the chief
    executive of Boeing", "a report from Harvard"): an apposition after it may describe the
    noun the phrase is of, not the name in it."""
    return token.dep_ == "pobj" and token.head.dep_ == "prep" \
        and token.head.head.pos_ in ("NOUN", "PROPN", "PRON")


def _ends_its_name(token: Token) -> bool:
    """Whether ``token`` ends the name it heads: the last word of its named entity, which
    holds no word but names ("Muhammad Ali Center"); not "America" of "Democracy for
    America", which the parse splits."""
    if not token.ent_type_:
        return True
    doc = token.doc
    if token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I":
        return False
    first = token.i
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    return all(t.pos_ == "PROPN" for t in doc[first:token.i + 1])


def _antecedent_entity(antecedent: Token, mention: _Mention, state: _State
                       ) -> Optional[_Entity]:
    """The entity of the noun ``antecedent`` that ``mention`` stands for: its own mention's,
    or one resolved for it now."""
    prior = state.by_head.get(antecedent.i)
    if prior is not None:
        return prior.entity
    inner = _Mention(expand_mention(antecedent), antecedent, mention.sent,
                     antecedent.dep_ in NOMINAL_SUBJECT_DEPS)
    inner.entity = _resolve(inner, state)
    state.add(inner)
    return inner.entity


def _part_of_antecedent(mention: _Mention, state: _State) -> Optional[_Entity]:
    """"many of whom say ...": the noun phrase before the comma ("family members of 9/11
    victims, many of whom"), or the relative clause's antecedent where the parse made one."""
    clause = mention.head.head
    if clause.dep_ == "relcl" and clause.head != mention.head:
        antecedent = clause.head
    else:
        i = mention.span.start - 1
        while i >= 0 and mention.head.doc[i].is_punct:
            i -= 1
        if i < 0 or mention.head.doc[i].pos_ not in ("NOUN", "PROPN"):
            return None
        antecedent = mention.head.doc[i]
        while antecedent.dep_ in ("compound", "flat") and antecedent.head.i > antecedent.i:
            antecedent = antecedent.head
        # "members of 9/11 victims": the phrase the "of" hangs from
        while antecedent.dep_ == "pobj" and antecedent.head.lower_ == "of" \
                and antecedent.head.head.pos_ in ("NOUN", "PROPN"):
            antecedent = antecedent.head.head
    if antecedent.dep_ == "conj" or any(c.dep_ == "conj" for c in children(antecedent)):
        return None  # "Smith and Jones, both of whom": not one of them; left as written
    return _antecedent_entity(antecedent, mention, state)


def _author(doc: Doc, state: _State, sent_of: list[int], paragraph: list[int]
            ) -> Optional[_Entity]:
    """The person who wrote the piece, where it says so as an op-ed does: a paragraph near
    the top that is only "By NAME", or a last paragraph that opens "NAME is a ..." (its
    tagline: "Charlotte Meehan is playwright-in-residence at Wheaton College").
    ``paragraph`` is each token's paragraph (:func:`_paragraph_index`)."""
    bounds: dict[int, list[int]] = {}  # paragraph -> [first, last] token that is not space
    for token in doc:
        if not token.is_space:
            bounds.setdefault(paragraph[token.i], [token.i, token.i])[1] = token.i
    paragraphs = list(bounds.values())
    for first, last in paragraphs[:3] + paragraphs[-1:]:
        span = doc[first:last + 1]
        if len(span) > _TAGLINE_WORDS:
            continue
        person = next((e for e in span.ents if e.label_ == "PERSON"), None)
        if person is None:
            continue
        byline = span[0].lower_ == "by" and person.start == span.start + 1 \
            and len(span) - (person.end - span.start) <= 3
        tagline = person.start == span.start and person.end < span.end \
            and doc[person.end].lemma_ == "be" \
            and any(c.dep_ == "attr" for c in children(doc[person.end]))
        if byline or tagline:
            return _resolve(_Mention(person, person.root, sent_of[person.root.i], True), state)
    return None


def _first_person(mention: _Mention, by_paragraph: dict[int, list[_Mention]],
                  quoted: list[int], paragraph: list[int]) -> Optional[_Entity]:
    """"we"/"I" inside a quotation: the nearest other speaker of the same paragraph."""
    here = paragraph[mention.head.i]
    near = [m for m in by_paragraph.get(here, ()) if m is not mention and m.entity is not None
            and not quoted[m.head.i]]
    if not near:
        return None
    return min(near, key=lambda m: abs(m.head.i - mention.head.i)).entity


def _records(given: list[_Mention]) -> tuple[dict[str, Speaker], tuple[Entity, ...]]:
    for mention in given:
        if mention.entity is None:
            mention.entity = _Entity(name=_strip_edges(mention.span.text) or mention.span.text,
                                     kind="unknown", first=mention.head.i,
                                     aliases=[mention.span.text])
    quote_ids: dict[int, list[str]] = {}
    ordered: list[_Entity] = []
    for mention in given:
        if id(mention.entity) not in quote_ids:
            ordered.append(mention.entity)
        quote_ids.setdefault(id(mention.entity), []).append(mention.qid)
    ordered.sort(key=lambda e: e.first)
    ids = {id(entity): f"e{n}" for n, entity in enumerate(ordered, 1)}
    speakers = {}
    for mention in given:
        entity = mention.entity
        speakers[mention.qid] = Speaker(
            name=entity.name, mention=mention.span.text,
            mention_span=Offsets(mention.span.start_char, mention.span.end_char),
            kind=entity.kind, role=entity.role, entity_id=ids[id(entity)])
    entities = tuple(
        Entity(entity_id=ids[id(e)], name=e.name, kind=e.kind, role=e.role,
               aliases=tuple(e.aliases) or (e.name,),
               quote_ids=tuple(quote_ids[id(e)]))
        for e in ordered)
    return speakers, entities

"""Speaker mentions: expanding a head token to its mention, resolving mentions to entities."""
from __future__ import annotations

from spacy.tokens import Span, Token

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
    if child.dep_ not in _NOMINAL_CHILD_DEPS:
        return False
    if child.dep_ == "acl" and child.tag_ in _CLAUSE_ACL_TAGS:
        return False
    if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
        return False
    if child.dep_ == "advmod" and child.i < head.i and child.lower_ in _FOCUS_ADVERBS:
        return False
    if child.dep_ == "prep" and child.i > head.i and child.lower_ in _TIME_PREPS \
            and any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree):
        return False
    return True


def expand_mention(head: Token) -> Span:
    doc = head.doc
    if head.tag_ in _PRONOUN_TAGS:
        return doc[head.i:head.i + 1]
    sent = head.sent
    kept = {head.i}
    for child in head.children:
        if _kept_child(head, child):
            kept.update(t.i for t in child.subtree if t.dep_ != "relcl")
    for child in head.children:
        if child.dep_ in ("conj", "appos"):
            for grand in child.children:
                if grand.dep_ == "relcl":
                    kept.difference_update(t.i for t in grand.subtree)
    start = end = head.i
    while start - 1 in kept and start - 1 >= sent.start and "\n" not in doc[start - 1].whitespace_ \
            and not doc[start - 1].is_space:
        start -= 1
    while end + 1 in kept and end + 1 < sent.end and "\n" not in doc[end].whitespace_ \
            and not doc[end + 1].is_space:
        end += 1
    while start < head.i and doc[start].text in _EDGE_PUNCT:
        start += 1
    while end > head.i and (doc[end].text in _EDGE_PUNCT or doc[end].dep_ in ("cc",)):
        end -= 1
    return doc[start:end + 1]


# --------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP"})
_PLACE_LABELS = frozenset({"LOC", "FAC"})
_LOCATIVE_PREPS = frozenset({"in", "at", "to", "across", "near", "from", "into", "over", "around"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_QUOTE_OPEN = frozenset({"“", "‘‘", "``"})
_QUOTE_CLOSE = frozenset({"”", "’’", "''"})
# How many sentences back a pronoun looks for its antecedent.
_PERSON_WINDOW = 6
_GROUP_WINDOW = 3


def _titles() -> dict[str, tuple[str, str]]:
    return {row[0].lower(): (row[1], row[2]) for row in load_table("speaker_titles.txt")}


def _honorifics() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in load_table("speaker_honorifics.txt")}


def _org_heads() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in load_table("speaker_org_heads.txt")}


def _pronouns() -> dict[str, tuple[str, str, str]]:
    return {row[0].lower(): (row[1], row[2], row[3]) for row in load_table("speaker_pronouns.txt")}


@dataclass
class _Entity:
    name: str
    kind: str
    role: Optional[str] = None
    gender: Optional[str] = None
    plural: bool = False
    name_tokens: tuple[str, ...] = ()
    classes: set[str] = field(default_factory=set)
    modifiers: frozenset[str] = frozenset()
    key: Optional[str] = None
    first: int = 0
    last: int = 0
    aliases: list[str] = field(default_factory=list)


@dataclass
class _Mention:
    span: Span
    head: Token
    sent: int
    subject: bool
    qid: Optional[str] = None
    entity: Optional[_Entity] = None


def resolve_speakers(doc: Doc, mentions: Sequence[tuple[str, Span]]
                     ) -> tuple[dict[str, Speaker], tuple[Entity, ...]]:
    """Resolve speaker mentions (``(quote_id, span)`` in document order) to entities.

    Every PERSON/ORG/GPE/NORP entity, noun-phrase subject and role noun of the text is read as
    well, in document order, so that later names, nominals and pronouns can refer to it.
    """
    sent_of = _sentence_index(doc)
    quoted = _inside_quotes(doc)
    given = [_Mention(span, _span_head(span), sent_of[_span_head(span).i],
                      _span_head(span).dep_ in _SUBJECT_DEPS, qid) for qid, span in mentions]
    ordered = sorted(given + _context_mentions(doc, given, sent_of),
                     key=lambda m: (m.head.i, m.qid is None))
    state = _State()
    deferred = []
    for mention in ordered:
        if _is_first_person(mention.head) and len(mention.span) == 1:
            deferred.append(mention)
            continue
        mention.entity = _resolve(mention, state)
        state.add(mention)
    for mention in deferred:
        mention.entity = _first_person(mention, given, quoted) if quoted[mention.head.i] else None
    return _records(given)


class _State:
    """Entities and recent mentions seen so far, with the indexes name matching needs."""

    def __init__(self) -> None:
        self.entities: list[_Entity] = []
        self.recent: list[_Mention] = []
        self.by_token: dict[str, list[_Entity]] = {}
        self.by_key: dict[str, _Entity] = {}
        self.by_head: dict[int, _Mention] = {}

    def new(self, mention: _Mention, **fields) -> _Entity:
        entity = _Entity(first=mention.head.i, last=mention.head.i, **fields)
        self.entities.append(entity)
        self.index(entity)
        return entity

    def index(self, entity: _Entity) -> None:
        if entity.kind == "person" and entity.name_tokens:
            for token in {entity.name_tokens[0], entity.name_tokens[-1]}:
                bucket = self.by_token.setdefault(token, [])
                if entity not in bucket:
                    bucket.append(entity)
        if entity.key:
            self.by_key[entity.key] = entity

    def add(self, mention: _Mention) -> None:
        self.by_head[mention.head.i] = mention
        if mention.entity is None:
            return
        mention.entity.last = mention.head.i
        if mention.head.tag_ not in _PRONOUN_TAGS:
            alias = _strip_edges(mention.span.text)
            if alias and alias not in mention.entity.aliases:
                mention.entity.aliases.append(alias)
        self.recent.append(mention)

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

"""What an attribution reports: ``speech`` (said, told, wrote, announced, a statement),
``thought`` (believes, thinks, knows, feels), ``intention`` (wants, plans, hopes, intends,
seeks, is expected to) or ``evidence`` (a poll showed, a study found, records indicate, data
suggest).

Decided by the cue's lemma (``data/en/cue_acts.tsv``, where a cue not listed reports speech)
and by the source: an evidential cue reports evidence when its source is a thing
(``data/en/evidence_sources.txt``: a poll, a study, records, an image), and speech or thought
when it is a person or an organisation ("she suggested" / "the data suggest"). An attribution
with no cue (a quotation standing alone) reports speech.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from nlp.cues import cue_act_row
from nlp.lexicons import load_lexicon
from nlp.types import ACTS

SPEECH, THOUGHT, INTENTION, EVIDENCE = ACTS
# Entities that are people or organisations, whatever their head noun ("the Census Bureau").
_AGENT_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def act_of(cue_lemma: Optional[str], source: Optional[Token]) -> str:
    """The act an attribution reports, from its cue's lemma (a multi-word cue by its first
    listed word: "would like", "has steadfastly refused", "are afraid") and the head word of
    its source (``None`` when it has none: "It has shown it knows how", where a verb of
    showing, ``evidence_cues_unnamed.txt``, reports evidence)."""
    if not cue_lemma:
        return SPEECH
    words = cue_lemma.lower().split()
    entry = cue_act_row(cue_lemma)
    if entry is None:
        return SPEECH
    by_agent, by_thing = entry
    if source is None:  # only a thing shows unnamed; "it was revealed" is someone's word
        shows = not load_lexicon("evidence_cues_unnamed.txt").isdisjoint(words)
        return by_thing if shows else by_agent
    return by_thing if is_thing(source) else by_agent


def is_thing(head: Token) -> bool:
    """Whether a source's head word names a thing (a poll, records, an image), not a person
    or an organisation; a relative pronoun by the noun it stands for ("a study that
    showed")."""
    if head.tag_ in ("WDT", "WP") and head.head.dep_ == "relcl":
        head = head.head.head
    return head.ent_type_ not in _AGENT_ENTITIES and \
        head.lemma_.lower() in load_lexicon("evidence_sources.txt")

"""The cue lexicon: which words report speech or thought, and in which constructions."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nlp.lexicons import load_lexicon, load_table
from nlp.types import ACTS


@dataclass(frozen=True)
class Frames:
    """The constructions in which a cue verb introduces reported content."""

    ccomp: bool = False
    dobj: bool = False
    dobj_heads: frozenset[str] = frozenset()  # when set, only these object heads count
    xcomp: bool = False
    oprd: bool = False
    preps: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()


def _parse_frames(spec: str) -> Frames:
    fields: dict = {"preps": set(), "particles": set(), "dobj_heads": set()}
    for item in (part.strip() for part in spec.split(",")):
        if item.startswith("prep:"):
            fields["preps"].add(item[5:])
        elif item.startswith("prt:"):
            fields["particles"].add(item[4:])
        elif item.startswith("dobj="):
            fields["dobj"] = True
            fields["dobj_heads"].update(item[5:].split("|"))
        elif item in ("ccomp", "dobj", "xcomp", "oprd"):
            fields[item] = True
        elif item:
            raise ValueError(f"unknown cue frame {item!r} in cue_verbs.tsv")
    return Frames(ccomp=fields.get("ccomp", False), dobj=fields.get("dobj", False),
                  dobj_heads=frozenset(fields["dobj_heads"]), xcomp=fields.get("xcomp", False),
                  oprd=fields.get("oprd", False), preps=frozenset(fields["preps"]),
                  particles=frozenset(fields["particles"]))


@lru_cache(maxsize=1)
def verb_frames() -> dict[str, Frames]:
    """Cue verb lemma -> the frames it reports in (``nlp/data/en/cue_verbs.tsv``)."""
    return {row[0].lower(): _parse_frames(row[1] if len(row) > 1 else "ccomp")
            for row in load_table("cue_verbs.tsv")}


@lru_cache(maxsize=1)
def cue_nouns() -> frozenset[str]:
    return load_lexicon("cue_nouns.txt")


@lru_cache(maxsize=1)
def cue_prepositions() -> dict[tuple[str, ...], str]:
    """Attribution phrase as a word tuple -> the word whose object is the source."""
    return {tuple(row[0].lower().split()): row[1].lower() for row in load_table("cue_prepositions.tsv")}


@lru_cache(maxsize=1)
def cue_acts() -> dict[str, tuple[str, str]]:
    """Cue lemma -> (the act it reports with a person or organisation as source, with a thing
    as source) (``nlp/data/en/cue_acts.tsv``); a cue not listed reports speech."""
    table = {}
    for row in load_table("cue_acts.tsv"):
        if len(row) != 3 or row[1] not in ACTS or row[2] not in ACTS:
            raise ValueError(f"cue_acts.tsv: bad row {row!r}")
        table[row[0].lower()] = (row[1], row[2])
    return table


def cue_act_row(cue_lemma: str | None) -> tuple[str, str] | None:
    """The :func:`cue_acts` row of a cue, a multi-word one by its first listed word ("would
    like", "has steadfastly refused"); ``None`` for a cue not listed, which reports speech."""
    return next((cue_acts()[w] for w in (cue_lemma or "").lower().split() if w in cue_acts()),
                None)


def reports_speech(cue_lemma: str | None) -> bool:
    """Whether a cue reports what someone said when a person is its source: not "believes",
    "wants to"."""
    row = cue_act_row(cue_lemma)
    return row is None or row[0] == ACTS[0]

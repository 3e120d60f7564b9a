"""Resolved-speaker accuracy on the hand-labelled gold (``evaluation/gold/speakers-dev.jsonl``).

    python -m evaluation.speakers                      # all records
    python -m evaluation.speakers --acts speech        # as a newsroom counts: speech only
    python -m evaluation.speakers --errors 40          # and print the misses to read

Each gold line is an attribution of a PolNeAR dev article (its content offsets) with the name
of the person or organisation a reader would say spoke, resolved through pronouns, titles and
descriptions (``evaluation/gold/README.md``). The engine's records are matched to the gold
contents one to one as :mod:`evaluation.scoring` matches them (half the longer span); a
floating quotation (a quotation standing alone after its attributed sentence) is matched on its
own, against every record.

A matched record names the speaker right when ``speaker.name``, read as words (case, titles,
a leading article, possessives and punctuation left out), is one of the gold's names, or a
part of one that names no other speaker of the gold in that article ("Clinton" for "Hillary
Clinton" only where no other Clinton of the same kind speaks: "Guajardo Villarreal" for the
minister even where "a slide from Guajardo Villarreal's presentation" speaks too), or holds all of a gold name's words and at most
eight more ("an attorney for Pagliano, Mark MacDougall" for "Mark MacDougall"). For a group, an unnamed source or a document, the
gold's head word ("sources", "poll") among the record's name words is enough. Gold lines with
no speaker (nobody a reader could name) are counted apart.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import nlp
from evaluation.scoring import Gold, is_match, match_content, overlap_ratio, read_corpus
from nlp.speakers import title_words
from nlp.types import ACTS, Offsets, Quote

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "gold" / "speakers-dev.jsonl"
SHARED = Path(os.environ.get("QUOTES_SHARED_DIR", HERE.parent.parent / "shared"))
DEFAULT_CORPUS = SHARED / "corpora" / "polnear" / "dev.jsonl"
_LOOSE_KINDS = frozenset({"group", "anonymous", "document"})
_ARTICLES = frozenset({"the", "a", "an"})
# A resolved name may carry this many words besides the gold name ("the top British medical
# journal" for "British Medical Journal").
_MORE_WORDS = 8


@dataclass(frozen=True)
class GoldSpeaker:
    article: str
    content: Offsets
    speaker: Optional[str]
    also: tuple[str, ...]
    kind: str
    act: str
    floating: bool

    @property
    def names(self) -> tuple[str, ...]:
        return ((self.speaker,) if self.speaker else ()) + self.also


def read_gold(path: Path) -> list[GoldSpeaker]:
    rows = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                r = json.loads(line)
                rows.append(GoldSpeaker(r["article"], Offsets(r["start"], r["end"]),
                                        r["speaker"], tuple(r.get("also", ())), r["kind"],
                                        r["act"], bool(r["floating"])))
    return rows


def words(name: str) -> tuple[str, ...]:
    """A name as the words that identify it: lower case, no titles, articles, possessives."""
    text = name.lower().replace("\u2019", "'")
    for mark in ("'s ", "s' "):
        text = (text + " ").replace(mark, " ")
    cleaned = "".join(c if c.isalnum() else " " for c in text).split()
    titles = title_words()
    kept = [w for w in cleaned if w not in titles and w not in _ARTICLES]
    return tuple(kept)


def speaker_right(gold: GoldSpeaker, record: Quote, others: Sequence[GoldSpeaker]) -> bool:
    """Whether the record's resolved speaker is the gold's (see the module's docstring)."""
    if record.speaker is None or not gold.speaker:
        return False
    ours = words(record.speaker.name)
    if not ours:
        return False
    accepted = [words(n) for n in gold.names]
    if any(ours == a for a in accepted):
        return True
    if gold.kind in _LOOSE_KINDS and any(a and a[-1] in ours for a in accepted):
        return True
    if any(a and set(a) <= set(ours) and len(ours) - len(a) <= _MORE_WORDS for a in accepted):
        return True  # the name with its title or description: "attorney ..., Mark MacDougall"
    if not any(set(ours) <= set(a) for a in accepted):
        return False
    mine = {gold.speaker, *gold.also}
    rivals = [words(n) for o in others for n in o.names
              if o.speaker not in mine and o.kind == gold.kind]
    return not any(set(ours) <= set(r) for r in rivals)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--acts", default=",".join(ACTS),
                        help="the acts of the records kept, comma-separated (default all)")
    parser.add_argument("--errors", type=int, default=0, help="print this many misses")
    args = parser.parse_args(argv)
    acts = [a.strip() for a in args.acts.split(",") if a.strip()]
    gold = read_gold(args.gold)
    by_article: dict[str, list[GoldSpeaker]] = defaultdict(list)
    for g in gold:
        by_article[g.article].append(g)
    documents = [d for d in read_corpus(args.corpus) if d["id"] in by_article]
    texts = {d["id"]: d["text"] for d in documents}
    pipeline = nlp.shared_pipeline()
    analyses = nlp.analyze_many(pipeline, [d["text"] for d in documents])
    right: Counter = Counter()
    found: Counter = Counter()
    total: Counter = Counter()
    misses = []
    acts_seen: Counter = Counter()  # (gold act, record act) of the matched attributions
    for document, analysis in zip(documents, analyses):
        records = list(analysis.only(acts).quotes)
        rows = by_article[document["id"]]
        named = [g for g in rows if g.speaker]
        attributed = [g for g in named if not g.floating]
        pairs = match_content([_as_gold(g) for g in attributed], records)
        matched = [(attributed[gi], records[ri]) for gi, ri in pairs]
        acts_seen.update((g.act, record.act) for g, record in matched)
        for g in (g for g in named if g.floating):
            candidates = [r for r in records if is_match(g.content, r.span)
                          or _inside(g.content, r.span)]
            if candidates:
                best = max(candidates, key=lambda r: overlap_ratio(g.content, r.span))
                matched.append((g, best))
        for g in named:
            total[_group(g)] += 1
        for g, record in matched:
            found[_group(g)] += 1
            if speaker_right(g, record, rows):
                right[_group(g)] += 1
            else:
                misses.append((document["id"], g, record))
    _report(total, found, right, sum(1 for g in gold if not g.speaker))
    _report_acts(acts_seen)
    for article, g, record in misses[:args.errors]:
        text = texts[article]
        ours = f"{record.speaker.name!r} ({record.speaker.kind})" if record.speaker else None
        print(f"\n{article} [{g.content.start},{g.content.end}] {g.kind}/{g.act}"
              f"{' floating' if g.floating else ''}")
        print(f"  content: {' '.join(text[g.content.start:g.content.end].split())[:140]!r}")
        print(f"  gold {g.speaker!r}  ours {ours}  mention "
              f"{record.speaker.mention if record.speaker else None!r}")
    return 0


def _report_acts(seen: Counter) -> None:
    """How often a matched record's ``act`` is the gold's, and how pure ``speech`` is."""
    pairs = sum(seen.values())
    agree = sum(n for (g, r), n in seen.items() if g == r)
    said = sum(n for (_, r), n in seen.items() if r == "speech")
    said_right = seen[("speech", "speech")]
    speech = sum(n for (g, _), n in seen.items() if g == "speech")
    print(f"act agrees with the gold's on {agree}/{pairs} matched attributions"
          f" ({agree / max(pairs, 1):.3f}); speech: precision {said_right}/{said}"
          f" ({said_right / max(said, 1):.3f}), recall {said_right}/{speech}"
          f" ({said_right / max(speech, 1):.3f})")


def _as_gold(g: GoldSpeaker) -> Gold:
    return Gold(id="", type="unknown", content=g.content, source=None, cue=None)


def _inside(gold: Offsets, span: Offsets) -> bool:
    """A floating quotation the record's content takes in whole (a merged continuation)."""
    return span.start <= gold.start and gold.end <= span.end


def _group(g: GoldSpeaker) -> str:
    return "floating" if g.floating else g.kind


def _report(total: Counter, found: Counter, right: Counter, unnamed: int) -> None:
    def line(label: str, t: int, f: int, r: int) -> str:
        return (f"{label:<14} {t:>5} {f:>6} {f / max(t, 1):>7.3f} {r:>6} {r / max(f, 1):>9.3f}")

    print(f"{'gold speaker':<14} {'lines':>5} {'found':>6} {'recall':>7} {'right':>6} "
          f"{'accuracy':>9}")
    for group in sorted(total):
        print(line(group, total[group], found[group], right[group]))
    attributed = [g for g in total if g != "floating"]
    print(line("all attributed", sum(total[g] for g in attributed),
               sum(found[g] for g in attributed), sum(right[g] for g in attributed)))
    print(line("all", sum(total.values()), sum(found.values()), sum(right.values())))
    print(f"(gold lines with no speaker a reader could name: {unnamed}, not counted)")


if __name__ == "__main__":
    sys.exit(main())

"""How well speakers resolve on an annotated corpus (PolNeAR format).

    python -m evaluation.speaker_report ../shared/corpora/polnear/dev.jsonl [--sample 20]

For every record whose content matches a gold attribution (as evaluation.scoring matches them) and
whose gold has a source: does the resolved speaker name (or one of its entity's aliases)
contain the head word of the gold source mention? Pronoun sources are counted apart: the
corpus has no coreference, so for them the script reports how many resolve to a named
entity and prints a seeded sample to be read by a person.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import nlp
from evaluation.scoring import gold_from_json, match_content, read_corpus

_PRONOUNS = frozenset("i me we us you he him she her it they them who which that this".split())


def _head_word(doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    return span.root.text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    documents = read_corpus(args.corpus)
    pipeline = nlp.shared_pipeline()
    named_total = named_ok = 0
    pronoun_rows = []
    failures = []
    for document, doc in zip(documents, pipeline.pipe(d["text"] for d in documents)):
        analysis = nlp.analyze_doc(doc)
        entities = {e.entity_id: e for e in analysis.speakers}
        top = [q for q in analysis.quotes if q.parent_id is None]
        gold = [gold_from_json(g) for g in document["quotes"]]
        for gi, ri in match_content(gold, top):
            g, q = gold[gi], top[ri]
            if g.source is None:
                continue
            mention = document["text"][g.source.start:g.source.end]
            head = _head_word(doc, g.source.start, g.source.end)
            names = [q.speaker.name] if q.speaker else []
            if q.speaker and q.speaker.entity_id in entities:
                names += list(entities[q.speaker.entity_id].aliases)
            if head.lower() in _PRONOUNS:
                pronoun_rows.append((mention, q))
                continue
            named_total += 1
            if any(head.lower() in n.lower() for n in names):
                named_ok += 1
            else:
                failures.append((mention, q.speaker.name if q.speaker else None))
    resolved = sum(1 for _, q in pronoun_rows
                   if q.speaker is not None and q.speaker.kind != "unknown")
    print(f"named gold sources: {named_ok}/{named_total} = {named_ok / max(named_total, 1):.3f} "
          "resolved names contain the gold head word")
    print(f"pronoun gold sources: {resolved}/{len(pronoun_rows)} = "
          f"{resolved / max(len(pronoun_rows), 1):.3f} resolved to an entity")
    rng = random.Random(args.seed)
    print("\nfailures on named sources (gold mention -> resolved name), a sample:")
    for mention, name in rng.sample(failures, min(args.sample, len(failures))):
        print(f"  {mention!r} -> {name!r}")
    print("\npronoun sources, a sample to read (gold mention -> resolved name | sentence):")
    for mention, q in rng.sample(pronoun_rows, min(args.sample, len(pronoun_rows))):
        name = q.speaker.name if q.speaker else None
        print(f"  {mention!r} -> {name!r} | {q.sentence.text[:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

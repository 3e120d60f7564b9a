"""Calibrate record confidence: the precision of each construction on a training corpus.

    python -m evaluation.calibrate ../shared/corpora/polnear/train.jsonl > nlp/data/en/confidence.tsv

A record's confidence is then the precision that records built the same way (the
construction that found it, with or without a speaker) had on the training split, so that
confidence means what it says. A floating piece (a quotation with no cue of its own joined to
the attribution it continues) has its own line: the share of such pieces that lie inside the
annotated content their record matched, of the pieces whose record matched one (so that a
piece's confidence is its record's times that share). Nested records are left out, as the corpus annotates only the
outermost attribution.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import nlp
from evaluation.scoring import gold_from_json, match_content, read_corpus
from nlp.extract import _records, construction_key, find_drafts, floating_key
from nlp.quotemarks import find_quotations
from nlp.types import Offsets

_MIN_RECORDS = 20  # fewer than this: the construction keeps its built-in confidence


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    documents = read_corpus(args.corpus, args.limit)
    pipeline = nlp.shared_pipeline()
    seen, matched = Counter(), Counter()
    for document, doc in zip(documents, pipeline.pipe(d["text"] for d in documents)):
        quotations = find_quotations(doc.text)
        drafts = find_drafts(doc, quotations)
        records = _records(doc, drafts, quotations).quotes
        top = [(d, r) for d, r in zip(drafts, records) if r.parent_id is None]
        gold = [gold_from_json(g) for g in document["quotes"]]
        hits = dict((ri, gi) for gi, ri in match_content(gold, [r for _, r in top]))
        for i, (draft, record) in enumerate(top):
            key = construction_key(draft)
            seen[key] += 1
            matched[key] += i in hits
            for piece in record.spans:
                if piece.floating:
                    if i in hits:
                        seen[floating_key(draft)] += 1
                        matched[floating_key(draft)] += _half_inside(piece,
                                                                     gold[hits[i]].content)
    print("# construction key <TAB> confidence: the precision of records of that construction on PolNeAR")
    print("# train (content overlap of at least half, as evaluation.scoring scores it).")
    print(f"# Made by: python -m evaluation.calibrate {args.corpus.name}  (records per key in comments)")
    for key in sorted(seen):
        if seen[key] >= _MIN_RECORDS:
            print(f"{key}\t{matched[key] / seen[key]:.2f}\t# {matched[key]}/{seen[key]}")
        else:
            print(f"# {key}: only {seen[key]} records, built-in confidence kept", file=sys.stderr)
    return 0


def _half_inside(piece: Offsets, content: Offsets) -> bool:
    """Whether at least half of ``piece`` lies inside ``content``."""
    inside = min(piece.end, content.end) - max(piece.start, content.start)
    return 2 * inside >= piece.end - piece.start


if __name__ == "__main__":
    sys.exit(main())

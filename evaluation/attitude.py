"""Agreement of ``stance.polarity`` with the speaker's attitude labelled by reading
(``evaluation/gold/attitude-dev.jsonl``).

    python -m evaluation.attitude
    python -m evaluation.attitude --errors 30
    python -m evaluation.attitude --gold evaluation/gold/attitude-dev-2.jsonl \
        --readers evaluation/gold/attitude-dev-2-second-reader.jsonl

Each gold line is an attribution of a PolNeAR dev article (its content offsets) with the
attitude a reader sees in what the speaker does: ``negative`` (criticises, warns, denies,
rejects, is concerned), ``positive`` (praises, supports, welcomes, defends), ``neutral``
(reports, describes, predicts). Two figures:

- *on the annotated spans*: :func:`nlp.stance.assess_stance` over the corpus's own cue and
  content of each attribution, so the stance step is judged apart from the extraction;
- *on the extraction*: the polarity of the engine's record whose content matches the gold's
  (as :mod:`evaluation.scoring` matches them), over the matched records.

With ``--readers FILE`` it compares the gold with another reader's labels of the same
attributions instead (how far two readers agree), and runs no extraction.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import nlp
from evaluation.scoring import Gold, annotated_spans, match_content, read_corpus
from nlp import attitude
from nlp.stance import assess_stance
from nlp.types import Offsets

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "gold" / "attitude-dev.jsonl"
SHARED = Path(os.environ.get("QUOTES_SHARED_DIR", HERE.parent.parent / "shared"))
DEFAULT_CORPUS = SHARED / "corpora" / "polnear" / "dev.jsonl"
LABELS = ("negative", "neutral", "positive")


def read_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _table(title: str, pairs: list[tuple[str, str]]) -> None:
    agree = sum(1 for g, p in pairs if g == p)
    print(f"{title}: {agree}/{len(pairs)} = {agree / max(len(pairs), 1):.3f} agree")
    counts = Counter(pairs)
    print(f"  {'gold/ours':<12}" + "".join(f"{label:>10}" for label in LABELS))
    for g in LABELS:
        print(f"  {g:<12}" + "".join(f"{counts[(g, p)]:>10}" for p in LABELS))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", type=int, default=0, help="print this many disagreements")
    parser.add_argument("--rules", action="store_true",
                        help="the rules' polarity alone, without the attitude model")
    parser.add_argument("--readers", type=Path,
                        help="another reader's labels of the same attributions: their agreement")
    args = parser.parse_args(argv)
    gold = read_gold(args.gold)
    if args.readers is not None:
        return _readers(gold, read_gold(args.readers))
    wanted = {g["article"] for g in gold}
    articles = {a["id"]: a for a in read_corpus(args.corpus) if a["id"] in wanted}
    pipeline = nlp.shared_pipeline()
    ids = sorted(articles)
    docs = dict(zip(ids, pipeline.pipe(articles[i]["text"] for i in ids)))
    on_spans, on_records, misses = [], [], []
    for article_id in ids:
        doc = docs[article_id]
        rows = [g for g in gold if g["article"] == article_id]
        for g in rows:
            q, cue, contents = annotated_spans(articles[article_id], doc, g["start"], g["end"])
            stance = assess_stance(cue, contents)
            if not args.rules:
                stance = attitude.decide(stance, contents)
            on_spans.append((g["attitude"], stance.polarity))
            if stance.polarity != g["attitude"]:
                misses.append((g, q, stance, doc.text))
        doc._.set(attitude.COMPONENT, doc._.get(attitude.COMPONENT) and not args.rules)
        records = list(nlp.analyze_doc(doc).quotes)
        golds = [Gold(id="", type="unknown", content=Offsets(g["start"], g["end"]), source=None,
                      cue=None) for g in rows]
        for gi, ri in match_content(golds, records):
            on_records.append((rows[gi]["attitude"], records[ri].stance.polarity))
    print(f"{len(gold)} labelled attributions in {len(articles)} articles")
    _table("on the annotated cue and content spans", on_spans)
    _table("on the extraction's matched records", on_records)
    for g, q, stance, text in misses[:args.errors]:
        content = " ".join(text[g["start"]:g["end"]].split())
        print(f"\n{g['article']} [{g['start']},{g['end']}] gold {g['attitude']} ({g['why']}) "
              f"ours {stance.polarity} / {stance.label}")
        print(f"  cue {q.get('cue') if q else None!r}: {content[:150]!r}")
        print(f"  evidence: {', '.join(stance.evidence)}")
    return 0


def _readers(gold: list[dict], other: list[dict]) -> int:
    """Print how often two readers' labels of the same attributions agree, and Cohen's kappa."""
    theirs = {(r["article"], r["start"], r["end"]): r["attitude"] for r in other}
    pairs = [(g["attitude"], theirs[key]) for g in gold
             if (key := (g["article"], g["start"], g["end"])) in theirs]
    _table(f"two readers, {len(pairs)} attributions labelled by both", pairs)
    n = max(len(pairs), 1)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in LABELS) / n / n
    print(f"Cohen's kappa: {(observed - expected) / (1 - expected):.3f}" if expected < 1
          else "Cohen's kappa: undefined (one label only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

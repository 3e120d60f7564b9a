"""Stance report over a PolNeAR-format JSONL corpus, for a human to judge.

Runs the full extraction (``nlp.analyze_many``) over every article and prints the distribution
of stance labels (and polarity and framing) over all extracted records, then N records drawn
at random (seeded) with their sentence, cue, content and stance.

    python -m evaluation.stance_report /work/shared/corpora/polnear/dev.jsonl
    python -m evaluation.stance_report /work/shared/corpora/polnear/dev.jsonl --sample 40 --seed 7
    python -m evaluation.stance_report /work/shared/corpora/polnear/dev.jsonl --gold

``--gold`` also scores the corpus's own annotated cue and content spans with
:func:`nlp.stance.assess_stance`, so the stance step can be judged apart from the extraction
(and before the engine carries stance in its records). Never point this at a test split.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import nlp
from nlp.stance import assess_stance


def read_corpus(path: Path, limit: int | None) -> list[dict]:
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                articles.append(json.loads(line))
            if limit is not None and len(articles) >= limit:
                break
    return articles


def _stance_of(record) -> object | None:
    return getattr(record, "stance", None)


def _distribution(title: str, values: Iterable[str]) -> str:
    counts = Counter(values)
    total = sum(counts.values()) or 1
    rows = [f"{title} ({sum(counts.values())} records)"]
    rows += [f"  {value:<12} {n:>6}  {100 * n / total:5.1f}%" for value, n in counts.most_common()]
    return "\n".join(rows)


def _describe(stance) -> str:
    if stance is None:
        return "(no stance on the record)"
    return (f"{stance.label} | {stance.polarity} {stance.score:+.2f} | target={stance.target!r}"
            f" | framing={stance.framing} | evidence={', '.join(stance.evidence) or '-'}")


def extracted(pipeline, articles: Sequence[dict]) -> list[tuple[dict, object]]:
    """Every record the engine extracts, with the article it came from."""
    texts = [a["text"] for a in articles]
    out = []
    for article, analysis in zip(articles, nlp.analyze_many(pipeline, texts)):
        out.extend((article, quote) for quote in analysis.quotes)
    return out


def gold_stances(pipeline, articles: Sequence[dict]) -> list[tuple[dict, dict, object]]:
    """assess_stance over the corpus's annotated cue and content spans."""
    out = []
    for article, doc in zip(articles, pipeline.pipe(a["text"] for a in articles)):
        for q in article["quotes"]:
            cue = None
            if q.get("cue_start") is not None:
                cue = doc.char_span(q["cue_start"], q["cue_end"], alignment_mode="expand")
            pieces = q.get("content_spans") or [[q["content_start"], q["content_end"]]]
            contents = [s for s in (doc.char_span(a, b, alignment_mode="expand") for a, b in pieces)
                        if s is not None]
            out.append((article, q, assess_stance(cue, contents)))
    return out


def _print_sample(title: str, rows: list[tuple[str, str, str, object]], n: int, seed: int) -> None:
    print(f"\n== {title}: {min(n, len(rows))} of {len(rows)} at random (seed {seed}) ==")
    for sentence, cue, content, stance in random.Random(seed).sample(rows, min(n, len(rows))):
        print(f"\nsentence: {' '.join(sentence.split())}")
        print(f"cue:      {cue}")
        print(f"content:  {' '.join(content.split())}")
        print(f"stance:   {_describe(stance)}")


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1, 0)
    ends = [i for i in (text.find("\n", end), text.find(". ", end)) if i >= 0]
    right = min(ends, default=len(text))
    return text[left:right + 1].strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="PolNeAR-format JSONL (one article a line)")
    parser.add_argument("--sample", type=int, default=25, help="records to print (default 25)")
    parser.add_argument("--seed", type=int, default=13, help="random seed of the sample")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N articles")
    parser.add_argument("--model", default=nlp.DEFAULT_MODEL, help="spaCy pipeline to load")
    parser.add_argument("--gold", action="store_true",
                        help="also score the corpus's annotated cue and content spans")
    args = parser.parse_args(argv)

    articles = read_corpus(args.corpus, args.limit)
    pipeline = nlp.shared_pipeline(args.model)

    failed = None
    try:
        records = extracted(pipeline, articles)
    except Exception as exc:  # the engine is built concurrently: report, and still judge --gold
        failed, records = exc, []
        print(f"the extraction failed: {exc!r}", file=sys.stderr)
    stances = [_stance_of(quote) for _, quote in records]
    print(f"{args.corpus}: {len(articles)} articles, {len(records)} extracted records")
    if any(s is not None for s in stances):
        present = [s for s in stances if s is not None]
        print(_distribution("stance label", (s.label for s in present)))
        print(_distribution("polarity", (s.polarity for s in present)))
        print(_distribution("framing", (s.framing for s in present)))
    else:
        print("the engine's records carry no stance yet; run with --gold to judge the stance step")
    rows = [(quote.sentence.text if quote.sentence else "", quote.cue.text if quote.cue else "-",
             quote.text, _stance_of(quote)) for _, quote in records]
    _print_sample("extracted records", rows, args.sample, args.seed)

    if args.gold:
        scored = gold_stances(pipeline, articles)
        print("\n== assess_stance on the corpus's own cue and content spans ==")
        print(_distribution("stance label", (s.label for _, _, s in scored)))
        print(_distribution("polarity", (s.polarity for _, _, s in scored)))
        print(_distribution("framing", (s.framing for _, _, s in scored)))
        gold_rows = [(_sentence_around(a["text"], q["content_start"], q["content_end"]),
                      q.get("cue") or "-", q["content"], s) for a, q, s in scored]
        _print_sample("annotated attributions", gold_rows, args.sample, args.seed)
    return 1 if failed is not None else 0


if __name__ == "__main__":
    raise SystemExit(main())

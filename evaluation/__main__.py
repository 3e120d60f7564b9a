"""Score the attribution extraction against a gold corpus: ``python -m evaluation``.

Usage::

    python -m evaluation CORPUS.jsonl [--limit N] [--json OUT.json] [--model NAME]
        [--baseline FILE] [--tolerance 0.02] [--write-baseline FILE] [--errors ERRORS.jsonl]

Prints the table, a timing line and the report as JSON; the exit status is 1 when a headline
figure falls more than ``--tolerance`` under ``--baseline``, 2 when the model is missing.
The metrics are described in :mod:`evaluation.scoring`.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

import nlp
from nlp.types import Quote
from evaluation.scoring import (DEFAULT_TOLERANCE, aggregate, error_cases, format_table,
                                gold_from_json, read_corpus, regressions, score_document)


def _analyses(model: str, tagger: str, texts: list[str]) -> Iterator[Sequence[Quote]]:
    pipeline = nlp.shared_pipeline(model, tagger)
    for analysis in nlp.analyze_many(pipeline, texts):
        yield analysis.quotes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation",
        description="Score the attribution extraction against a gold JSONL corpus.")
    parser.add_argument("corpus", type=Path, help="JSONL corpus, one article a line")
    parser.add_argument("--limit", type=int, help="score only the first N documents")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--baseline", type=Path,
                        help="fail (exit 1) when a headline figure falls under this baseline")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                        help="allowed fall under the baseline (default %(default)s)")
    parser.add_argument("--write-baseline", type=Path,
                        help="write the current headline figures to this file")
    parser.add_argument("--model", default=None,
                        help="spaCy pipeline (default: $QUOTES_MODEL or the package default)")
    parser.add_argument("--tagger", default=None,
                        help="attribution tagger: builtin, off (rules only) or a directory "
                             "(default: $QUOTES_TAGGER or builtin)")
    parser.add_argument("--errors", type=Path, help="write error cases to this JSONL file")
    return parser


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command; the exit status is 1 on a regression against ``--baseline``."""
    args = _parser().parse_args(argv)
    model = args.model or os.environ.get(nlp.MODEL_SETTING, nlp.DEFAULT_MODEL)
    tagger = args.tagger or os.environ.get(nlp.TAGGER_SETTING, nlp.DEFAULT_TAGGER)
    documents = read_corpus(args.corpus, args.limit)
    golds = [[gold_from_json(q) for q in d.get("quotes", [])] for d in documents]
    started = time.perf_counter()
    try:
        predictions = list(_analyses(model, tagger, [d["text"] for d in documents]))
    except nlp.ModelNotFound as exc:
        print(exc, file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started

    report = aggregate(score_document(d["text"], g, p)
                       for d, g, p in zip(documents, golds, predictions))
    report.update(corpus=str(args.corpus), model=model, tagger=tagger, limit=args.limit,
                  elapsed_seconds=round(elapsed, 2))
    print(format_table(report))
    print(f"parsed and extracted {len(documents)} documents in {elapsed:.1f} s "
          f"(model {model}, tagger {tagger})\n")
    print(json.dumps(report, indent=2))
    if args.json:
        _write_json(args.json, report)
    if args.errors:
        args.errors.parent.mkdir(parents=True, exist_ok=True)
        with args.errors.open("w", encoding="utf-8") as out:
            for d, g, p in zip(documents, golds, predictions):
                for case in error_cases(d["id"], d["text"], g, p):
                    out.write(json.dumps(case, ensure_ascii=False) + "\n")
    if args.write_baseline:
        _write_json(args.write_baseline, {"corpus": args.corpus.name, "limit": args.limit,
                                          "model": model, "tagger": tagger,
                                          "headline": report["headline"]})
    if args.baseline:
        baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
        failures = regressions(report["headline"], baseline.get("headline", baseline),
                               args.tolerance)
        if failures:
            print("REGRESSION against " + str(args.baseline) + ":\n  " + "\n  ".join(failures),
                  file=sys.stderr)
            return 1
        print(f"no regression against {args.baseline} (tolerance {args.tolerance})",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

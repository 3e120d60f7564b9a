"""``quotes compare A B``: two versions of a story compared, as a report or as the API's JSON.

The report puts the alarms first, then the paired quotes with the changed words marked
(``[-removed-]`` and ``{+added+}``), then what only one version has.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import Any, TextIO

import nlp
from nlp.compare import (FACT_CHANGED, MISATTRIBUTION, MISQUOTE, PARAPHRASE_TO_QUOTE, QUOTE_TO_PARAPHRASE,
                         Comparison, Version, prepare)
from nlp.compare import compare as compare_versions
from quotes_cli.options import ACTS_HELP, acts_option
from quotes_schemas import Stopwatch, analysis_document, meta
from quotes_schemas.compare import comparison_document

_ALARM_TITLES = {
    MISQUOTE: "MISQUOTE",
    MISATTRIBUTION: "MISATTRIBUTION",
    PARAPHRASE_TO_QUOTE: "PARAPHRASE BECAME A QUOTE",
    QUOTE_TO_PARAPHRASE: "QUOTE BECAME A PARAPHRASE",
    FACT_CHANGED: "FACT CHANGED",
}


def add_parser(commands: Any) -> None:
    """Register ``compare`` on the ``quotes`` command's sub-parsers."""
    parser = commands.add_parser(
        "compare", help="compare the attributions of two versions of a story",
        description="Pair the attributions of two versions of a story and list the alarms: "
                    "MISQUOTE (quoted words altered), FACT CHANGED (a name, number, date or "
                    "negation in what was reported stated otherwise), MISATTRIBUTION (two "
                    "different named speakers), PARAPHRASE BECAME A QUOTE and QUOTE BECAME A "
                    "PARAPHRASE; then the pairs and what one version alone has.")
    parser.add_argument("a", metavar="A", help="the first version, a UTF-8 text file")
    parser.add_argument("b", metavar="B", help="the second version, a UTF-8 text file")
    parser.add_argument("--json", action="store_true",
                        help="print the JSON that POST /v1/compare answers with")
    parser.add_argument("--acts", type=acts_option, metavar="ACT[,ACT...]",
                        help=ACTS_HELP + " (both versions: the others are not compared)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    texts = {}
    for side, path in (("a", args.a), ("b", args.b)):
        with open(path, encoding="utf-8") as handle:
            texts[side] = handle.read().removeprefix("\ufeff")
        if not texts[side].strip():
            print(f"quotes: {path} is empty", file=sys.stderr)
            return 2
    pipeline = nlp.shared_pipeline(args.model)
    info = nlp.pipeline_info(pipeline)
    versions, documents = {}, {}
    for side, text in texts.items():
        watch = Stopwatch()
        versions[side] = prepare(pipeline, text)
        if args.acts is not None:
            versions[side] = replace(versions[side],
                                     analysis=versions[side].analysis.only(args.acts))
        documents[side] = analysis_document(versions[side].analysis, doc_id=None,
                                            meta=meta(info, len(text), watch.lap()))
    comparison = compare_versions(versions["a"], versions["b"])
    if args.json:
        json.dump(comparison_document(comparison, documents["a"], documents["b"]), sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        report(comparison, versions["a"], versions["b"], sys.stdout)
    return 0


def report(comparison: Comparison, a: Version, b: Version, out: TextIO) -> None:
    """Write ``comparison`` for a person to read."""
    quotes_a = {q.id: q for q in a.analysis.quotes}
    quotes_b = {q.id: q for q in b.analysis.quotes}

    def who(quote: nlp.Quote) -> str:
        return quote.speaker.name if quote.speaker else "(no speaker)"

    out.write(f"ALARMS ({len(comparison.alarms)})\n")
    for alarm in comparison.alarms:
        out.write(f"  {_ALARM_TITLES[alarm.kind]}  A {alarm.a} / B {alarm.b}: {alarm.detail}\n")
    if not comparison.alarms:
        out.write("  none\n")

    out.write(f"\nPAIRS ({len(comparison.pairs)})\n")
    for pair in comparison.pairs:
        x, y = quotes_a[pair.a], quotes_b[pair.b]
        verdict = pair.quoted_words or "not quoted in both"
        out.write(f"  A {pair.a} / B {pair.b}  {who(x)} / {who(y)}  similarity "
                  f"{pair.similarity:.2f}, quoted words {verdict}\n")
        out.write(f"    {_marked(pair.diff)}\n")
        for change in pair.changes:
            if change.field != "wording":
                out.write(f"    {change.field}: {change.a} -> {change.b}\n")

    for side, ids, quotes in (("A", comparison.only_a, quotes_a),
                              ("B", comparison.only_b, quotes_b)):
        out.write(f"\nONLY IN {side} ({len(ids)})\n")
        for quote_id in ids:
            quote = quotes[quote_id]
            out.write(f"  {quote_id}  {who(quote)}: {quote.text}\n")


def _marked(diff: Any) -> str:
    pieces = []
    for op in diff:
        if op.op == "equal":
            pieces.append(op.a)
            continue
        if op.a:
            pieces.append(f"[-{op.a}-]")
        if op.b:
            pieces.append(f"{{+{op.b}+}}")
    return " ".join(pieces)

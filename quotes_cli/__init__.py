"""``quotes``: the extraction from the command line, for one article or a whole archive.

    quotes extract article.txt            # the JSON the API answers with
    quotes extract page.html              # a web page: its article only
    quotes batch archive.jsonl -o out.jsonl --workers 4
    quotes batch archive.jsonl -o out.csv --format csv
    quotes batch archive.jsonl -o out.jsonl --dask [--scheduler tcp://host:8786]
    quotes compare a.txt b.txt             # two versions of a story: alarms, pairs, drops

It shares the extraction (:mod:`nlp`) and the documents (:mod:`quotes_schemas`) with the
service, and imports nothing of Flask.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import articles
import nlp
from quotes_cli import compare
from quotes_cli.options import ACTS_HELP, acts_option
from quotes_cli.archive import BadLine, done_ids, open_output, read_documents
from quotes_cli.work import DEFAULT_TIME_LIMIT, is_skipped
from quotes_schemas import Stopwatch, analysis_document, meta

EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except nlp.ModelNotFound as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=os.environ.get(nlp.MODEL_SETTING, nlp.DEFAULT_MODEL),
                        help=f"spaCy pipeline (default: ${nlp.MODEL_SETTING} or "
                             f"{nlp.DEFAULT_MODEL})")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    extract = commands.add_parser("extract", help="print the attributions of one article")
    extract.add_argument("file", metavar="FILE",
                         help="a UTF-8 text file or an HTML page (.html, .htm or one that "
                              "starts like a page), or - for stdin")
    extract.add_argument("--id", help="the article's id, echoed in the output")
    extract.add_argument("--acts", type=acts_option, metavar="ACT[,ACT...]", help=ACTS_HELP)
    extract.set_defaults(run=_extract)

    batch = commands.add_parser("batch", help="analyse a JSONL archive of {id, text} lines")
    batch.add_argument("input", metavar="IN.jsonl", help="the archive, or - for stdin")
    batch.add_argument("-o", "--output", required=True, metavar="OUT",
                       help="appended to; ids already in it are skipped")
    batch.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                       help="jsonl: the API's document per line; csv: one row per quote")
    batch.add_argument("--workers", type=_positive, default=1,
                       help="worker processes, each loading the model once (default 1)")
    batch.add_argument("--chunk-size", type=_positive, default=32,
                       help="documents sent to a worker at a time (default 32)")
    batch.add_argument("--dask", action="store_true",
                       help="run on Dask: a local cluster of --workers processes, or "
                            "--scheduler's")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="a Dask scheduler to run on (implies --dask)")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    batch.add_argument("--acts", type=acts_option, metavar="ACT[,ACT...]", help=ACTS_HELP)
    batch.add_argument("--time-limit", type=_positive_seconds, default=DEFAULT_TIME_LIMIT,
                       metavar="SECONDS",
                       help="CPU seconds one document's analysis may take; a document that "
                            "runs over is reported and skipped (not written, so a later run "
                            "tries it again) (default: %(default)g)")
    batch.set_defaults(run=_batch)

    compare.add_parser(commands)
    return parser


def _positive_seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {raw!r}")
    return value


def _positive(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {raw}")
    return value


def _extract(args: argparse.Namespace) -> int:
    if args.file == "-":
        raw = sys.stdin.buffer.read()
    else:
        with open(args.file, "rb") as handle:
            raw = handle.read()
    title = None
    page = args.file.lower().endswith((".html", ".htm")) or articles.looks_like_html(
        raw[:4096].decode("utf-8", "replace").removeprefix("\ufeff"))
    if page:
        try:
            article = articles.from_html(articles.decode_html(raw))
        except articles.ArticleError as exc:
            print(f"quotes: {args.file}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        text, title = article.text, article.title
    else:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    if not text.strip():
        print("quotes: the article is empty", file=sys.stderr)
        return EXIT_USAGE
    pipeline = nlp.shared_pipeline(args.model)
    watch = Stopwatch()
    analysis = nlp.analyze(pipeline, text)
    if args.acts is not None:
        analysis = analysis.only(args.acts)
    document = analysis_document(analysis, doc_id=args.id, title=title,
                                 text=text if page else None,
                                 meta=meta(nlp.pipeline_info(pipeline), len(text), watch.lap()))
    json.dump(document,
              sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from quotes_cli.runners import DaskCluster, InProcess, ProcessPool, ordered_results

    skip = done_ids(args.output, args.format)
    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    total = None if args.input == "-" else _count_lines(args.input)
    stats = {"written": 0, "skipped": 0, "bad": 0, "timed_out": 0}
    with source, tqdm(total=total, unit="doc", file=sys.stderr, disable=args.quiet,
                      dynamic_ncols=True) as progress:
        documents = _to_do(read_documents(source), skip, args.input, progress, stats)
        chunks = _chunks(documents, args.chunk_size)
        if args.dask or args.scheduler:
            runner: Any = DaskCluster(args.model, args.workers, args.scheduler,
                                      time_limit=args.time_limit, acts=args.acts)
        elif args.workers > 1:
            runner = ProcessPool(args.model, args.workers, time_limit=args.time_limit,
                                 acts=args.acts)
        else:
            runner = InProcess(args.model, time_limit=args.time_limit, acts=args.acts)
        handle, writer = open_output(args.output, args.format)
        with runner, handle:
            for _, results in ordered_results(runner, chunks, in_flight=2 * runner.workers):
                for result in results:
                    if is_skipped(result):
                        progress.write(f"quotes: {result['id']}: {result['skipped']}; "
                                       "skipped", file=sys.stderr)
                        stats["timed_out"] += 1
                        continue
                    writer.write(result)
                    stats["written"] += 1
                progress.update(len(results))
    print(f"quotes: {stats['written']} written, {stats['skipped']} already in "
          f"{args.output}, {stats['bad']} bad lines, {stats['timed_out']} over the time "
          "limit", file=sys.stderr)
    return 0


def _to_do(documents: Iterator[tuple[str, str] | BadLine], skip: set[str], name: str,
           progress: Any, stats: dict[str, int]) -> Iterator[tuple[str, str]]:
    """The documents still to analyse; bad lines reported, done and repeated ids skipped."""
    for document in documents:
        if isinstance(document, BadLine):
            progress.write(f"quotes: {name}:{document.lineno}: {document.reason}; skipped",
                           file=sys.stderr)
            stats["bad"] += 1
            progress.update(1)
        elif document[0] in skip:
            stats["skipped"] += 1
            progress.update(1)
        else:
            skip.add(document[0])  # a repeated id is analysed once
            yield document


def _chunks(documents: Iterator[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    while chunk := list(itertools.islice(documents, size)):
        yield chunk


def _count_lines(path: str) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())

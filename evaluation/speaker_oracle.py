"""Oracle for :func:`nlp.speakers.expand_mention` on PolNeAR.

For every gold source span, find its syntactic head (the token in the span whose head lies
outside it), expand it with ``expand_mention`` and compare the expansion with the gold span
after trimming white space and punctuation at both ends. Prints the exact-match rate and the
commonest kinds of mismatch.

    python -m evaluation.speaker_oracle /work/shared/corpora/polnear/train.jsonl
    python -m evaluation.speaker_oracle /work/shared/corpora/polnear/dev.jsonl --show 40

Parses are cached beside the corpus-independent temp dir (``--cache``) so that re-runs while
tuning take seconds. Never point this at a test split.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span

import nlp
from evaluation.scoring import trim_span  # (spans compared as the scorer compares them)
from nlp.speakers import expand_mention
from nlp.types import Offsets

def _load_docs(path: Path, pipeline, cache_dir: Path) -> tuple[list[dict], list[Doc]]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    key = hashlib.sha1(path.read_bytes() + pipeline.meta.get("version", "").encode()).hexdigest()
    cache = cache_dir / f"speaker_oracle_{key[:16]}.spacy"
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(pipeline.vocab))
    else:
        docs = list(pipeline.pipe((r["text"] for r in records), batch_size=16, n_process=2))
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return records, docs


def _head(span: Span):
    heads = [t for t in span if not (span.start <= t.head.i < span.end) or t.head == t]
    return heads[0] if heads else None


def _pattern(gold: Span, got: Span) -> str:
    """A coarse description of how the expansion differs from the gold span."""
    if got.start > gold.start:
        side = "missing-left:" + " ".join(t.dep_ for t in gold.doc[gold.start:got.start])
    elif got.start < gold.start:
        side = "extra-left:" + " ".join(t.dep_ for t in gold.doc[got.start:gold.start])
    else:
        side = ""
    if got.end < gold.end:
        side += " missing-right:" + " ".join(t.dep_ for t in gold.doc[got.end:gold.end][:4])
    elif got.end > gold.end:
        side += " extra-right:" + " ".join(t.dep_ for t in gold.doc[gold.end:got.end][:4])
    return side.strip() or "char-offsets"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="+")
    parser.add_argument("--model", default=nlp.DEFAULT_MODEL)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--show", type=int, default=15, help="examples of mismatches to print")
    parser.add_argument("--top", type=int, default=25, help="mismatch patterns to print")
    args = parser.parse_args(argv)
    pipeline = nlp.shared_pipeline(args.model)
    total = exact = unaligned = 0
    patterns: Counter[str] = Counter()
    misses = []
    for path in args.corpus:
        if "test" in path.name:
            parser.error("the test split is kept apart; use train or dev")
        records, docs = _load_docs(path, pipeline, args.cache)
        for record, doc in zip(records, docs):
            text = doc.text
            for quote in record["quotes"]:
                if quote["speaker_start"] is None:
                    continue
                total += 1
                gold_span = trim_span(text, Offsets(quote["speaker_start"], quote["speaker_end"]))
                gs, ge = gold_span.start, gold_span.end
                gold = doc.char_span(gs, ge, alignment_mode="expand")
                head = _head(gold) if gold is not None and len(gold) else None
                if head is None:
                    unaligned += 1
                    continue
                got = expand_mention(head)
                got_span = trim_span(text, Offsets(got.start_char, got.end_char))
                s, e = got_span.start, got_span.end
                if (s, e) == (gs, ge):
                    exact += 1
                    continue
                patterns[_pattern(gold, got)] += 1
                misses.append((text[gs:ge], text[s:e], head.text, head.dep_))
    print(f"spans {total}  exact {exact}  rate {exact / max(total, 1):.4f}  unaligned {unaligned}")
    for pattern, count in patterns.most_common(args.top):
        print(f"{count:6d}  {pattern}")
    random.Random(0).shuffle(misses)
    for gold_text, got_text, head, dep in misses[:args.show]:
        print(f"GOLD {gold_text!r}\n GOT {got_text!r}  (head {head!r} {dep})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""PolNeAR JSONL -> spaCy DocBin for training the attribution tagger.

Each article is parsed by the same pipeline the service runs (``nlp.pipeline.load_pipeline``),
so the tagger learns over the tokens, tags and parse it will see. The gold attributions become
``doc.spans["attribution"]`` with the labels CONTENT, SOURCE and CUE; where two gold spans
overlap (an attribution inside another's content), the cue wins over the source and the
source over the content, and a longer span over a shorter one of the same label. A content
that runs over several sentences becomes one span a sentence.

    python -m training.prepare ../shared/corpora/polnear/train.jsonl train.spacy
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

from spacy.tokens import Doc, DocBin, Span

from nlp.pipeline import DEFAULT_MODEL, NO_TAGGER, load_pipeline

SPANS_KEY = "attribution"
_PRIORITY = {"CUE": 0, "SOURCE": 1, "CONTENT": 2}


def gold_spans(item: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Every annotated piece of an article as (start, end, label) character ranges."""
    spans = []
    for q in item["quotes"]:
        for start, end in q.get("content_spans") or [[q["content_start"], q["content_end"]]]:
            spans.append((start, end, "CONTENT"))
        if q.get("speaker_start") is not None:
            spans.append((q["speaker_start"], q["speaker_end"], "SOURCE"))
        if q.get("cue_start") is not None:
            spans.append((q["cue_start"], q["cue_end"], "CUE"))
    return spans


def token_spans(doc: Doc, spans: Sequence[tuple[int, int, str]]) -> list[Span]:
    """The character ranges as non-overlapping token spans (see the module's order)."""
    taken = bytearray(len(doc))
    kept = []
    order = sorted(set(spans), key=lambda s: (_PRIORITY[s[2]], -(s[1] - s[0]), s[0]))
    for start, end, label in order:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or any(taken[span.start:span.end]):
            continue
        taken[span.start:span.end] = b"\x01" * len(span)
        kept.extend(by_sentence(span))
    return sorted(kept, key=lambda s: s.start)


def by_sentence(span: Span) -> list[Span]:
    """The span cut at sentence starts, without white space at the ends of a piece: spaCy's
    entity recognizer never lets an entity cross a sentence boundary or end on a space."""
    doc = span.doc
    pieces, first = [], span.start
    for i in range(span.start + 1, span.end + 1):
        if i == span.end or doc[i].is_sent_start:
            piece = _without_space(Span(doc, first, i, label=span.label))
            if piece is not None:
                pieces.append(piece)
            first = i
    return pieces


def _without_space(span: Span) -> Optional[Span]:
    """The span without white-space tokens at its ends, or None when nothing is left."""
    first, last = span.start, span.end
    while first < last and span.doc[first].is_space:
        first += 1
    while last > first and span.doc[last - 1].is_space:
        last -= 1
    return Span(span.doc, first, last, label=span.label) if last > first else None


def read(path: Path, limit: Optional[int] = None) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf8") as lines:
        for n, line in enumerate(lines):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    pipeline = load_pipeline(args.model, NO_TAGGER)
    items = list(read(args.corpus, args.limit))
    docs = DocBin(store_user_data=False)
    kept = total = 0
    for item, doc in zip(items, pipeline.pipe(item["text"] for item in items)):
        spans = gold_spans(item)
        doc.spans[SPANS_KEY] = token_spans(doc, spans)
        kept += len(doc.spans[SPANS_KEY])
        total += len(spans)
        docs.add(doc)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(args.output)
    print(f"{len(items)} articles: {total} gold spans -> {kept} entity spans (overlaps left "
          f"out, contents cut at sentences) -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Measure the version comparison on pairs made by planting changes in PolNeAR dev articles.

For each article (read at run time from the corpus; nothing of it is kept), four second
versions are made, one change each:

  word     a content word inside a direct quotation replaced by another noun of the article
  speaker  a named speaker's mention replaced by the name of another person of the article
  drop     a paragraph holding a direct quotation deleted
  marks    the quotation-mark style changed throughout (curly <-> straight)

and compared with the original. A planted change counts as detected when the comparison says
it: a misquote on the record quoting the replaced word, a misattribution on the record whose
speaker was renamed, the deleted records in ``only_a``, and for the marks, the direct quote
paired with its quoted words ``identical``. Only changes to records the extraction found are
counted. Records the change does not touch are "unchanged": they should be paired (with a
record of the same words) and, when they quote, raise no alarm.

    .venv/bin/python -m evaluation.plant_changes [../shared/corpora/polnear/dev.jsonl] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

import nlp
from nlp.compare import (ALTERED, IDENTICAL, MINOR, MISATTRIBUTION, MISQUOTE,
                         compare, quoted_words)
from nlp.compare import version_of

SHARED = Path(os.environ.get("QUOTES_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.translate(_MARKS)).strip().casefold()


def _covers(quote: nlp.Quote, start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in quote.spans)


def _speaker_at(quote: nlp.Quote, start: int, end: int) -> bool:
    span = quote.speaker.mention_span if quote.speaker else None
    return span is not None and span.start < end and start < span.end


def plant_word(doc, version, rng):
    """Replace a noun inside a direct quotation; the records quoting it are the planted ones."""
    quoted = [(q, w) for q in version.analysis.quotes for w in quoted_words(version, q)]
    positions = {w.start for _, w in quoted}
    targets = [t for t in doc if t.idx in positions and t.pos_ == "NOUN" and t.is_alpha
               and len(t) > 3]
    if not targets:
        return None
    target = rng.choice(targets)
    others = sorted({t.text for t in doc if t.pos_ == "NOUN" and t.is_alpha and len(t) > 3
                     and t.lemma_.lower() != target.lemma_.lower()})
    if not others:
        return None
    new = rng.choice(others)
    start, end = target.idx, target.idx + len(target)
    return doc.text[:start] + new + doc.text[end:], (start, end)


def _personal_name(name: str) -> bool:
    """A person's name to plant ("Paul Ryan"), not a role the resolution kept as the name of
    an unnamed person ("Indiana governor") or a one-word name it may have mistaken."""
    words = name.split()
    return len(words) >= 2 and all(word[:1].isupper() for word in words)


def plant_speaker(doc, version, rng):
    """Give a named speaker's quote to another person of the article."""
    people = [e for e in version.analysis.speakers if e.kind == "person"]
    choices = []
    for q in version.analysis.quotes:
        s = q.speaker
        if s is None or s.kind != "person" or s.mention_span is None or not s.mention[:1].isupper():
            continue
        entity = next(e for e in people if e.entity_id == s.entity_id) if s.entity_id in {
            e.entity_id for e in people} else None
        if entity is None or s.mention not in (entity.name, *entity.aliases):
            continue
        others = [e for e in people if e.entity_id != entity.entity_id and _personal_name(e.name)
                  and not set(e.name.split()) & set(entity.name.split())]
        if others:
            choices.append((q, rng.choice(others)))
    if not choices:
        return None
    quote, other = rng.choice(choices)
    span = quote.speaker.mention_span
    return doc.text[:span.start] + other.name + doc.text[span.end:], (span.start, span.end)


def plant_drop(doc, version, rng):
    """Delete a paragraph holding a direct quotation."""
    text = doc.text
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    holding = [(s, e) for s, e in paragraphs if any(
        s <= w.start and w.end <= e for q in version.analysis.quotes
        for w in quoted_words(version, q))]
    if not holding:
        return None
    start, end = rng.choice(holding)
    stop = end + 1 if text[end:end + 1] == "\n" else end
    return text[:start] + text[stop:], (start, end)


def plant_marks(doc, version, rng):
    """Change the quotation-mark style throughout: curly to straight, or straight to curly."""
    text = doc.text
    if any(ch in text for ch in "“”"):
        return text.translate(_MARKS), (0, 0)
    curly, opening = [], True
    for ch in text:
        if ch == '"':
            curly.append("“" if opening else "”")
            opening = not opening
        else:
            curly.append(ch)
    return "".join(curly), (0, 0)


PLANTS = {"word": plant_word, "speaker": plant_speaker, "drop": plant_drop,
          "marks": plant_marks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?",
                        default=str(SHARED / "corpora" / "polnear" / "dev.jsonl"))
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--model", default=os.environ.get(nlp.MODEL_SETTING, nlp.DEFAULT_MODEL))
    args = parser.parse_args()
    pipeline = nlp.shared_pipeline(args.model)
    counts: Counter = Counter()
    with open(args.corpus, encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    if args.limit:
        articles = articles[:args.limit]
    for number, article in enumerate(articles):
        doc = pipeline(article["text"])
        va = version_of(doc)
        quotes = va.analysis.quotes
        quoting = {q.id for q in quotes if quoted_words(va, q)}
        for kind, plant in PLANTS.items():
            rng = random.Random(f"{args.seed}:{number}:{kind}")
            planted = plant(doc, va, rng)
            if planted is None:
                continue
            text_b, (start, end) = planted
            vb = version_of(pipeline(text_b))
            result = compare(va, vb)
            by_a = {p.a: p for p in result.pairs}
            b_quotes = {q.id: q for q in vb.analysis.quotes}
            alarmed = {(al.kind, al.a) for al in result.alarms}
            if kind == "word":
                touched = {q.id for q in quotes if _covers(q, start, end)}
                hit = [i for i in touched if i in quoting]
                counts["word planted"] += bool(hit)
                counts["word detected"] += bool(hit) and any((MISQUOTE, i) in alarmed
                                                              for i in hit)
            elif kind == "speaker":
                entity = next(q.speaker.entity_id for q in quotes if _speaker_at(q, start, end))
                touched = {q.id for q in quotes if _speaker_at(q, start, end)
                           or _covers(q, start, end)
                           or (q.speaker and q.speaker.entity_id == entity)}
                named = [q.id for q in quotes if _speaker_at(q, start, end)]
                counts["speaker planted"] += 1
                counts["speaker detected"] += any((MISATTRIBUTION, i) in alarmed for i in named)
            elif kind == "drop":
                touched = {q.id for q in quotes if _covers(q, start, end)
                           or _speaker_at(q, start, end) or q.sentence.start < end
                           and start < q.sentence.end}
                gone = [q.id for q in quotes if q.span.start >= start and q.span.end <= end]
                counts["drop planted"] += len(gone)
                counts["drop detected"] += sum(i in result.only_a for i in gone)
            else:
                touched = set()
                for i in quoting:
                    counts["marks planted"] += 1
                    pair = by_a.get(i)
                    counts["marks detected"] += (pair is not None
                                                 and pair.quoted_words in (IDENTICAL, MINOR)
                                                 and not any(a == i for _, a in alarmed))
            for q in quotes:
                if q.id in touched:
                    continue
                counts["unchanged"] += 1
                pair = by_a.get(q.id)
                counts["unchanged paired"] += pair is not None
                counts["unchanged paired alike"] += (pair is not None and _norm(
                    b_quotes[pair.b].text) == _norm(q.text))
                if q.id in quoting:
                    counts["unchanged quoting"] += 1
                    counts["unchanged quoting alarmed"] += any(a == q.id for _, a in alarmed)
                    counts["unchanged quoting altered"] += bool(
                        pair and pair.quoted_words == ALTERED)
        print(f"\r{number + 1}/{len(articles)} articles", end="", file=sys.stderr)
    print(file=sys.stderr)
    print(f"articles: {len(articles)}")
    for kind in PLANTS:
        planted, detected = counts[f"{kind} planted"], counts[f"{kind} detected"]
        print(f"{kind:8} detected {detected}/{planted} = {detected / max(planted, 1):.1%}")
    print(f"unchanged records paired: {counts['unchanged paired']}/{counts['unchanged']} = "
          f"{counts['unchanged paired'] / max(counts['unchanged'], 1):.1%} (with the same "
          f"words: {counts['unchanged paired alike'] / max(counts['unchanged'], 1):.1%})")
    print(f"false alarms on unchanged quoting records: {counts['unchanged quoting alarmed']}/"
          f"{counts['unchanged quoting']} = "
          f"{counts['unchanged quoting alarmed'] / max(counts['unchanged quoting'], 1):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the version comparison on pairs made by planting changes in PolNeAR dev articles.

For each article (read at run time from the corpus; nothing of it is kept), ten second
versions are made, one change each:

  word     a content word inside a direct quotation replaced by another noun of the article
  speaker  a named speaker's mention (a name the tagger reads as a person's) replaced by the
           name of another person of the article
  pronoun  the name a pronoun speaker stands for ("..., he said"), where the text last gave
           it before, replaced by another person's of the pronoun's gender (by the first
           name): the pronoun's record is the planted one
  nested   a nested attribution's named speaker replaced by another person's name
  drop     a paragraph holding a direct quotation deleted
  marks    the quotation-mark style changed throughout (curly <-> straight)
  number   a number inside an indirect content changed ("300" -> "301")
  entity   a name inside an indirect content replaced by another of its kind from the
           article (a person's, an organisation's, a place's or nationality's); only what
           reads as a name, not a word the tagger mistook for one ("n’t", "pro-Russian"), and
           never by another spelling of the same ("Britain" -> "UK")
  negation "not" added after an auxiliary inside an indirect content ("will" -> "will not")
  benign   a fact of an indirect content written otherwise and kept ("U.S." -> "United
           States", "two" -> "2", "$2 million" -> "2 million dollars", a title dropped)

and compared with the original. A planted change counts as detected when the comparison says
it: a misquote on the record quoting the replaced word, a misattribution on the record whose
speaker was renamed (or whose pronoun now stands for the new name), the deleted records in ``only_a``, for the marks, the direct quote
paired with its quoted words ``identical``, and for a number, a name or a negation, a
``fact_changed`` alarm of that kind on a record holding it; a benign edit should raise none.
Only changes to records the extraction found are counted. Records the change does not touch
are "unchanged": they should be paired (with a record of the same words), raise no
``fact_changed`` alarm and, when they quote, no alarm at all.

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
from nlp.lexicons import load_lexicon
from nlp.compare import (ALTERED, FACT_CHANGED, IDENTICAL, MINOR, MISATTRIBUTION, MISQUOTE,
                         compare, quoted_words)
from nlp.compare import alias_of, version_of

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


def _personal_name(name: str, doc=None) -> bool:
    """A person's name to plant ("Paul Ryan"), not a role the resolution kept as the name of
    an unnamed person ("Indiana governor"), a one-word name it may have mistaken, or (given
    the article) words the tagger never reads as a person's name there ("News Guide",
    "NEW HAMPSHIRE")."""
    words = name.split()
    if len(words) < 2 or not all(word[:1].isupper() for word in words) or name.isupper():
        return False
    return doc is None or any(e.label_ == "PERSON" and e.text == name for e in doc.ents)


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
        if entity is None or s.mention not in (entity.name, *entity.aliases) \
                or not _tagged_person(doc, s.mention_span):
            continue
        others = [e for e in people if e.entity_id != entity.entity_id
                  and _personal_name(e.name, doc)
                  and not set(e.name.split()) & set(entity.name.split())]
        if others:
            choices.append((q, rng.choice(others)))
    if not choices:
        return None
    quote, other = rng.choice(choices)
    span = quote.speaker.mention_span
    return doc.text[:span.start] + other.name + doc.text[span.end:], (span.start, span.end)


def _tagged_person(doc, span) -> bool:
    """Whether the tagger reads a person's name in the mention (not a headline's words the
    resolution kept as a name: "News Guide", "Transcript")."""
    return any(e.label_ == "PERSON" and span.start <= e.start_char and e.end_char <= span.end
               for e in doc.ents)


def _other_person(doc, version, entity_id: str, rng, gender: str | None = None):
    """The speaker entity ``entity_id`` and another person of the article to give its words
    to (of ``gender``, "m" or "f", by the first name, when given)."""
    people = [e for e in version.analysis.speakers if e.kind == "person"]
    entity = next((e for e in people if e.entity_id == entity_id), None)
    if entity is None:
        return None
    others = [e for e in people if e.entity_id != entity_id and _personal_name(e.name, doc)
              and not set(e.name.split()) & set(entity.name.split())
              and (gender is None or _gender(e.name) == gender)]
    return (entity, rng.choice(others)) if others else None


def _gender(name: str) -> str | None:
    first = name.split()[0].lower()
    if first in load_lexicon("speaker_male.txt"):
        return "m"
    if first in load_lexicon("speaker_female.txt"):
        return "f"
    return None


def plant_pronoun(doc, version, rng):
    """Give a quote whose speaker is a pronoun ("..., he said") to another person, by renaming
    the person it stands for where the text last named them before it; the pronoun's record
    is the planted one."""
    choices = []
    for q in version.analysis.quotes:
        s = q.speaker
        if s is None or s.kind != "person" or s.mention_span is None \
                or s.mention.lower() not in ("he", "she"):
            continue
        # the new name must be one the pronoun can stand for ("she" for a woman's)
        found = _other_person(doc, version, s.entity_id, rng,
                              gender="m" if s.mention.lower() == "he" else "f")
        if found is None:
            continue
        entity, other = found
        names = sorted({entity.name, *entity.aliases}, key=len, reverse=True)
        before = [(m.start(), m.end()) for name in names if name[:1].isupper()
                  for m in re.finditer(re.escape(name), doc.text[:s.mention_span.start])]
        if before:
            choices.append((q, max(before), other))
    if not choices:
        return None
    quote, (start, end), other = rng.choice(choices)
    return doc.text[:start] + other.name + doc.text[end:], (start, end), quote.id


def plant_nested(doc, version, rng):
    """Give an attribution nested in another ("X said Y had claimed ...") to another person:
    its named speaker's mention replaced by another person's name."""
    choices = []
    for q in version.analysis.quotes:
        s = q.speaker
        if q.parent_id is None or s is None or s.kind != "person" or s.mention_span is None \
                or not s.mention[:1].isupper():
            continue
        found = _other_person(doc, version, s.entity_id, rng)
        if found is not None and s.mention in (found[0].name, *found[0].aliases) \
                and _tagged_person(doc, s.mention_span):
            choices.append((q, found[1]))
    if not choices:
        return None
    quote, other = rng.choice(choices)
    span = quote.speaker.mention_span
    return doc.text[:span.start] + other.name + doc.text[span.end:], (span.start, span.end), \
        quote.id


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


def _indirect_tokens(doc, version, keep):
    """The tokens inside the content of an indirect record that ``keep`` accepts."""
    spans = [(s.start, s.end) for q in version.analysis.quotes if q.type == "indirect"
             for s in q.spans]
    return [t for t in doc if any(a <= t.idx and t.idx + len(t) <= b for a, b in spans)
            and keep(t)]


def plant_number(doc, version, rng):
    """Change a number inside an indirect content ("300" -> "301")."""
    targets = _indirect_tokens(doc, version, lambda t: re.fullmatch(r"\d[\d,]*", t.text)
                               is not None and t.ent_type_ not in ("DATE", "TIME"))
    if not targets:
        return None
    target = rng.choice(targets)
    value = int(target.text.replace(",", ""))
    new = str(value + rng.choice((1, 2, 7, 10)))
    return doc.text[:target.idx] + new + doc.text[target.idx + len(target):], (
        target.idx, target.idx + len(target))


_CLASSES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "place"}


def plant_entity(doc, version, rng):
    """Replace a name inside an indirect content by another name of its kind from the
    article ("Ukraine" -> "China")."""
    spans = [(s.start, s.end) for q in version.analysis.quotes if q.type == "indirect"
             for s in q.spans]
    inside = [e for e in doc.ents if e.label_ in _CLASSES and _a_name(e.text)
              and any(a <= e.start_char and e.end_char <= b for a, b in spans)]
    if not inside:
        return None
    target = rng.choice(inside)
    words = {w.casefold()[:4] for w in target.text.split()}
    same = alias_of(target.text)
    others = sorted({e.text for e in doc.ents if _CLASSES.get(e.label_) ==
                     _CLASSES[target.label_] and _a_name(e.text)
                     and not words & {w.casefold()[:4] for w in e.text.split()}
                     and (same is None or alias_of(e.text) != same)})
    if not others:
        return None
    new = rng.choice(others)
    return doc.text[:target.start_char] + new + doc.text[target.end_char:], (
        target.start_char, target.end_char)


def _a_name(text: str) -> bool:
    """Whether the tagger's entity reads as a name: its words capitalised (but for "of",
    "the", "and"), not a word like "n’t" or "pro-Russian" it mistook for one."""
    words = [w for w in re.split(r"[\s-]+", text) if w.casefold() not in ("of", "the", "and")]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


_AUXILIARIES = {"will", "would", "can", "could", "should", "must", "is", "are", "was", "were",
                "has", "have", "had", "may", "might"}


def plant_negation(doc, version, rng):
    """Add "not" after an auxiliary inside an indirect content ("will" -> "will not")."""
    targets = _indirect_tokens(doc, version, lambda t: t.lower_ in _AUXILIARIES
                               and t.i + 1 < len(doc) and doc[t.i + 1].dep_ != "neg")
    if not targets:
        return None
    target = rng.choice(targets)
    end = target.idx + len(target)
    return doc.text[:end] + " not" + doc.text[end:], (target.idx, end)


_BENIGN = ((r"\bU\.S\.", "United States"), (r"\bUnited States\b", "U.S."),
           (r"\btwo\b", "2"), (r"\bthree\b", "3"), (r"\$(\d+) million\b", r"\1 million dollars"),
           (r"\b(President|Sen\.|Senator|Rep\.|Gov\.|Secretary) (?=[A-Z])", ""))


def plant_benign(doc, version, rng):
    """Write a fact of an indirect content otherwise, keeping it ("U.S." -> "United States",
    "two" -> "2", "$2 million" -> "2 million dollars", a title dropped before a name)."""
    spans = [(s.start, s.end) for q in version.analysis.quotes if q.type == "indirect"
             for s in q.spans]
    found = [(m, new) for pattern, new in _BENIGN for m in re.finditer(pattern, doc.text)
             if any(a <= m.start() and m.end() <= b for a, b in spans)]
    if not found:
        return None
    match, new = rng.choice(found)
    return doc.text[:match.start()] + match.expand(new) + doc.text[match.end():], (
        match.start(), match.end())


# The facts planted inside indirect contents, and the fact each should be reported as.
FACT_PLANTS = {"number": "number", "entity": "entity", "negation": "negation"}

PLANTS = {"word": plant_word, "speaker": plant_speaker, "pronoun": plant_pronoun,
          "nested": plant_nested, "drop": plant_drop,
          "marks": plant_marks, "number": plant_number, "entity": plant_entity,
          "negation": plant_negation, "benign": plant_benign}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?",
                        default=str(SHARED / "corpora" / "polnear" / "dev.jsonl"))
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--model", default=os.environ.get(nlp.MODEL_SETTING, nlp.DEFAULT_MODEL))
    parser.add_argument("--misses", default="",
                        help="print the undetected changes of these kinds, and the alarmed "
                             "benign edits for 'benign' (comma-separated)")
    args = parser.parse_args()
    show = {k.strip() for k in args.misses.split(",") if k.strip()}
    misses: list[str] = []
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
            text_b, (start, end), *target = planted
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
                found = any((MISATTRIBUTION, i) in alarmed for i in named)
                counts["speaker detected"] += found
                if not found and kind in show:
                    misses.append(_miss(kind, article, doc.text, text_b, start, end, result,
                                        set(named)))
            elif kind in ("pronoun", "nested"):
                entity = next(q.speaker.entity_id for q in quotes if q.id == target[0])
                touched = {q.id for q in quotes if _covers(q, start, end)
                           or (q.speaker and q.speaker.entity_id == entity)}
                counts[f"{kind} planted"] += 1
                found = (MISATTRIBUTION, target[0]) in alarmed
                counts[f"{kind} detected"] += found
                if not found and kind in show:
                    misses.append(_miss(kind, article, doc.text, text_b, start, end, result,
                                        {target[0]}))
            elif kind == "drop":
                touched = {q.id for q in quotes if _covers(q, start, end)
                           or _speaker_at(q, start, end) or q.sentence.start < end
                           and start < q.sentence.end}
                gone = [q.id for q in quotes if q.span.start >= start and q.span.end <= end]
                counts["drop planted"] += len(gone)
                counts["drop detected"] += sum(i in result.only_a for i in gone)
            elif kind in FACT_PLANTS or kind == "benign":
                touched = {q.id for q in quotes if _covers(q, start, end)}
                facts = {(al.a, fact.kind) for al in result.alarms if al.kind == FACT_CHANGED
                         for fact in al.facts}
                if kind == "benign":
                    alarmed_here = any(a in touched for a, _ in facts)
                    counts["benign planted"] += bool(touched)
                    counts["benign alarmed"] += alarmed_here
                    if alarmed_here and kind in show:
                        misses.append(_miss(kind, article, doc.text, text_b, start, end,
                                            result, touched))
                else:
                    found = any((i, FACT_PLANTS[kind]) in facts for i in touched)
                    counts[f"{kind} planted"] += bool(touched)
                    counts[f"{kind} detected"] += found
                    if touched and not found and kind in show:
                        misses.append(_miss(kind, article, doc.text, text_b, start, end,
                                            result, touched))
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
                counts["unchanged fact alarmed"] += (FACT_CHANGED, q.id) in alarmed
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
        if kind == "benign":
            planted, alarmed = counts["benign planted"], counts["benign alarmed"]
            print(f"benign   fact alarms {alarmed}/{planted} = {alarmed / max(planted, 1):.1%}")
            continue
        planted, detected = counts[f"{kind} planted"], counts[f"{kind} detected"]
        print(f"{kind:8} detected {detected}/{planted} = {detected / max(planted, 1):.1%}")
    print(f"fact alarms on unchanged records: {counts['unchanged fact alarmed']}/"
          f"{counts['unchanged']} = "
          f"{counts['unchanged fact alarmed'] / max(counts['unchanged'], 1):.1%}")
    print(f"unchanged records paired: {counts['unchanged paired']}/{counts['unchanged']} = "
          f"{counts['unchanged paired'] / max(counts['unchanged'], 1):.1%} (with the same "
          f"words: {counts['unchanged paired alike'] / max(counts['unchanged'], 1):.1%})")
    print(f"false alarms on unchanged quoting records: {counts['unchanged quoting alarmed']}/"
          f"{counts['unchanged quoting']} = "
          f"{counts['unchanged quoting alarmed'] / max(counts['unchanged quoting'], 1):.1%}")
    for miss in misses:
        print(miss)
    return 0


def _miss(kind: str, article: dict, text_a: str, text_b: str, start: int, end: int, result,
          touched: set) -> str:
    """One undetected change, to be read: the words before and after, and the alarms the
    records it touched raised."""
    grown = len(text_b) - len(text_a)
    context = " ".join(text_a[max(start - 90, 0):end + 60].split())
    alarms = sorted({(al.kind, tuple((f.kind, f.a, f.b) for f in al.facts))
                     for al in result.alarms if al.a in touched})
    return (f"\n[{kind}] {article['id']} {text_a[start:end]!r} -> "
            f"{text_b[start:end + grown]!r}\n  {context}\n  alarms: {alarms}")


if __name__ == "__main__":
    sys.exit(main())

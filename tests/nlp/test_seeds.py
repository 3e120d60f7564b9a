"""The two seed articles against their hand-made gold (../shared/gold/seeds.json).

A gold attribution is found when a record's text contains its anchor (after case-folding,
straight quotes and collapsed white space); the record must then carry the gold speaker
mention and, for nested gold, sit inside the record found for the gold parent.
"""
from __future__ import annotations

import re

import pytest

import nlp

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "„": '"', "«": '"', "»": '"'})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().casefold()


@pytest.fixture(scope="module")
def analyses(pipeline, seed_texts):
    return {name: nlp.analyze(pipeline, text) for name, text in seed_texts.items()}


def _documents(seed_gold):
    return [(doc["file"], doc) for doc in seed_gold["documents"]]


def _find(analysis, gold) -> nlp.Quote | None:
    anchor = normalise(gold["anchor"])
    mention = normalise(gold.get("mention") or "")
    candidates = [q for q in analysis.quotes if anchor in normalise(q.text)]
    # among records holding the anchor, the one spoken by the gold mention
    for q in candidates:
        if q.speaker is not None and normalise(q.speaker.mention) == mention:
            return q
    return None


def test_every_required_attribution_is_found_with_its_mention(analyses, seed_gold):
    missing = []
    for name, doc in _documents(seed_gold):
        for gold in doc["quotes"]:
            if gold.get("optional"):
                continue
            if _find(analyses[name], gold) is None:
                missing.append(f"{name} {gold['id']}: {gold['mention']} / {gold['anchor']}")
    assert not missing, "not found:\n" + "\n".join(missing)


def test_nested_attributions_point_to_their_parent(analyses, seed_gold):
    wrong = []
    for name, doc in _documents(seed_gold):
        by_id = {g["id"]: g for g in doc["quotes"]}
        for gold in doc["quotes"]:
            if gold.get("optional") or "parent" not in gold:
                continue
            inner = _find(analyses[name], gold)
            outer = _find(analyses[name], by_id[gold["parent"]])
            if inner is None or outer is None or inner.parent_id != outer.id:
                wrong.append(f"{name} {gold['id']} -> {gold['parent']}")
    assert not wrong, "nesting not linked: " + ", ".join(wrong)


def test_page_furniture_yields_nothing(analyses, seed_gold, seed_texts):
    for name, doc in _documents(seed_gold):
        text = seed_texts[name]
        for boiler in doc.get("absent", []):
            at = text.find(boiler)
            assert at >= 0
            for q in analyses[name].quotes:
                pieces = [q.span] + ([q.cue.span] if q.cue else [])
                assert not any(p.start < at + len(boiler) and at < p.end for p in pieces), \
                    f"{q.id} comes from {boiler!r}"


def test_offsets_are_exact(analyses, seed_texts):
    for name, analysis in analyses.items():
        text = seed_texts[name]
        for q in analysis.quotes:
            assert text[q.span.start:q.span.end] == q.text
            assert q.spans[0].start == q.span.start and q.spans[-1].end == q.span.end
            assert text[q.sentence.start:q.sentence.end] == q.sentence.text
            assert q.sentence.start <= q.span.start and q.span.end <= q.sentence.end
            if q.cue is not None:
                assert text[q.cue.span.start:q.cue.span.end] == q.cue.text
            if q.speaker is not None and q.speaker.mention_span is not None:
                span = q.speaker.mention_span
                assert text[span.start:span.end] == q.speaker.mention


def test_gold_stance_labels(analyses, seed_gold):
    wrong = []
    for name, doc in _documents(seed_gold):
        for gold in doc["quotes"]:
            if gold.get("optional") or "stance" not in gold:
                continue
            q = _find(analyses[name], gold)
            if q is None or q.stance.label != gold["stance"]:
                wrong.append(f"{name} {gold['id']}: want {gold['stance']}, "
                             f"got {q.stance.label if q else 'no record'}")
    assert not wrong, "\n".join(wrong)

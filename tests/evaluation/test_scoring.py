"""The evaluation scorer, on hand-made gold and records (no pipeline is loaded)."""
from __future__ import annotations

from typing import Optional

import pytest

from evaluation import scoring
from evaluation.scoring import Count, Gold
from nlp.types import Cue, Offsets, Quote, Sentence, Speaker, Stance


def span(start: int, end: int) -> Offsets:
    return Offsets(start, end)


def record(start: int, end: int, speaker: Optional[tuple[int, int]] = None,
           cue: Optional[tuple[int, int]] = None, confidence: float = 0.5,
           parent_id: Optional[str] = None, has_speaker: bool = False) -> Quote:
    """A record; ``has_speaker`` gives a speaker without a mention span."""
    who = None
    if speaker or has_speaker:
        who = Speaker(name="X", mention="X", kind="person",
                      mention_span=span(*speaker) if speaker else None)
    return Quote(id=f"q{start}-{end}", type="indirect", text="", span=span(start, end),
                 spans=(span(start, end),), speaker=who,
                 cue=Cue("said", "say", span(*cue)) if cue else None,
                 stance=Stance("neutral"), sentence=Sentence(0, "", 0, 0),
                 parent_id=parent_id, confidence=confidence)


def gold(start: int, end: int, source: Optional[tuple[int, int]] = None,
         cue: Optional[tuple[int, int]] = None, type_: str = "indirect") -> Gold:
    return Gold(id=f"E{start}", type=type_, content=span(start, end),
                source=span(*source) if source else None, cue=span(*cue) if cue else None)


@pytest.mark.parametrize("a, b, ratio, matches", [
    ((0, 10), (0, 10), 1.0, True),
    ((0, 10), (5, 15), 0.5, True),          # exactly half of the longer counts
    ((0, 10), (0, 5), 0.5, True),
    ((0, 10), (5, 16), 5 / 11, False),      # just under half of the longer
    ((0, 10), (2, 6), 0.4, False),          # contained, but too short
    ((0, 4), (4, 8), 0.0, False),           # touching is not overlapping
    ((3, 3), (3, 3), 0.0, False),           # empty spans never match
])
def test_overlap_ratio_and_match(a, b, ratio, matches):
    assert scoring.overlap_ratio(span(*a), span(*b)) == pytest.approx(ratio)
    assert scoring.overlap_ratio(span(*b), span(*a)) == pytest.approx(ratio)
    assert scoring.is_match(span(*a), span(*b)) is matches


@pytest.mark.parametrize("text, expected", [
    ('"Hello, world."', "Hello, world"),
    ("  \u201cWe will win,\u201d ", "We will win"),
    ("\u00abNon, jamais!\u00bb", "Non, jamais"),
    ("\u201eJa\u201c", "Ja"),
    ("\u201a so \u2018", "so"),
    ("\u2019tis true\u2026", "tis true"),
    ("it is done; ", "it is done"),
    ("plain", "plain"),
    ('"U.S. officials," ', "U.S. officials"),
    (' ."!? ', ' ."!? '),                 # nothing but punctuation stays as it is
    (":", ":"),
])
def test_trim_span(text, expected):
    padded = "ab" + text + "cd"
    trimmed = scoring.trim_span(padded, span(2, 2 + len(text)))
    assert padded[trimmed.start:trimmed.end] == expected


@pytest.mark.parametrize("golds, records, pairs", [
    ([(0, 10)], [(0, 8), (0, 10)], [(0, 1)]),             # the better of two takes the gold
    ([(0, 10)], [(0, 10), (0, 10)], [(0, 0)]),            # a gold is matched once
    ([(0, 10), (10, 20)], [(0, 10), (4, 20)], [(0, 0), (1, 1)]),
    ([(0, 10), (0, 12)], [(0, 10)], [(0, 0)]),            # a record is matched once
    ([(0, 10)], [(20, 30)], []),
    ([], [(0, 10)], []),
    ([(0, 10)], [], []),
])
def test_match_content_is_one_to_one_best_first(golds, records, pairs):
    assert scoring.match_content([gold(*g) for g in golds],
                                  [record(*r) for r in records]) == pairs


@pytest.mark.parametrize("source, predicted, has_speaker, agrees", [
    ((0, 5), (3, 8), False, True),
    ((0, 5), (0, 5), False, True),
    ((0, 5), (5, 8), False, False),     # adjacent, no shared character
    ((0, 5), None, False, False),       # no speaker predicted
    ((0, 5), None, True, False),        # a speaker, but no mention to compare
    (None, None, False, True),          # no source in gold, none predicted
    (None, None, True, True),           # a speaker without a mention is no mention
    (None, (0, 5), False, False),       # no source in gold, one predicted
])
def test_speaker_agrees(source, predicted, has_speaker, agrees):
    assert scoring.speaker_agrees(gold(0, 10, source=source),
                                   record(0, 10, speaker=predicted,
                                          has_speaker=has_speaker)) is agrees


@pytest.mark.parametrize("golds, predicted, expected", [
    ([(0, 5)], [(0, 5)], Count(1, 1, 1)),
    ([(0, 5), (0, 5)], [(0, 5)], Count(1, 1, 2)),            # multisets, one-to-one
    ([(0, 5)], [(0, 5), (0, 5)], Count(1, 2, 1)),
    ([(0, 5)], [(0, 4)], Count(0, 1, 1)),
    ([(0, 5)], [], Count(0, 0, 1)),
    ([], [], Count(0, 0, 0)),
])
def test_exact_matches(golds, predicted, expected):
    text = "abcdefghij"
    assert scoring.exact_matches(text, [span(*g) for g in golds],
                                  [span(*p) for p in predicted]) == expected


def test_exact_matches_compare_trimmed_spans():
    text = 'He said "we won." Then'
    # gold without the quote marks and full stop, prediction with them
    assert scoring.exact_matches(text, [span(9, 15)], [span(8, 17)]) == Count(1, 1, 1)


TEXT = "x" * 100

# (gold, records, content, attribution, exact content, exact source, exact cue), as Counts
DOCUMENTS = [
    pytest.param(
        [gold(0, 20, source=(30, 35), cue=(36, 40))],
        [record(0, 20, speaker=(30, 35), cue=(36, 40))],
        Count(1, 1, 1), Count(1, 1, 1), Count(1, 1, 1), Count(1, 1, 1), Count(1, 1, 1),
        id="all right"),
    pytest.param(
        [gold(0, 20, source=(30, 35), cue=(36, 40))],
        [record(0, 15, speaker=(50, 55), cue=(36, 41))],
        Count(1, 1, 1), Count(0, 1, 1), Count(0, 1, 1), Count(0, 1, 1), Count(0, 1, 1),
        id="content overlaps, wrong speaker, spans not exact"),
    pytest.param(
        [gold(0, 20, source=(30, 35)), gold(60, 80)],
        [record(0, 20, speaker=(31, 33)), record(60, 80)],
        Count(2, 2, 2), Count(2, 2, 2), Count(2, 2, 2), Count(0, 1, 1), Count(0, 0, 0),
        id="missing source and cue are absent from the exact sets"),
    pytest.param(
        [gold(0, 20), gold(30, 40)], [],
        Count(0, 0, 2), Count(0, 0, 2), Count(0, 0, 2), Count(), Count(),
        id="no records"),
    pytest.param(
        [], [record(0, 20, speaker=(30, 35), cue=(36, 40))],
        Count(0, 1, 0), Count(0, 1, 0), Count(0, 1, 0), Count(0, 1, 0), Count(0, 1, 0),
        id="no gold"),
    pytest.param(
        [gold(0, 20)], [record(0, 20), record(2, 8, parent_id="q0-20")],
        Count(1, 1, 1), Count(1, 1, 1), Count(1, 1, 1), Count(), Count(),
        id="nested records are not scored"),
]


@pytest.mark.parametrize("golds, records, content, attribution, ex_content, ex_source, ex_cue",
                         DOCUMENTS)
def test_score_document(golds, records, content, attribution, ex_content, ex_source, ex_cue):
    score = scoring.score_document(TEXT, golds, records)
    assert score.content == content
    assert score.attribution == attribution
    assert score.exact == {"content": ex_content, "source": ex_source, "cue": ex_cue}


def test_score_document_counts_types_and_confidences():
    golds = [gold(0, 20, type_="direct"), gold(30, 50, type_="direct"),
             gold(60, 80, type_="mixed")]
    records = [record(0, 20, confidence=0.9), record(85, 95, confidence=0.1),
               record(2, 4, parent_id="q0-20")]
    score = scoring.score_document(TEXT, golds, records)
    assert score.by_type == {"direct": Count(matched=1, gold=2), "mixed": Count(gold=1)}
    assert score.confidences == ((0.9, True), (0.1, False))
    assert score.nested_ignored == 1


@pytest.mark.parametrize("count, precision, recall, f1", [
    (Count(1, 2, 4), 0.5, 0.25, 1 / 3),
    (Count(0, 0, 5), 0.0, 0.0, 0.0),
    (Count(0, 3, 0), 0.0, 0.0, 0.0),
    (Count(), 0.0, 0.0, 0.0),
])
def test_count_ratios(count, precision, recall, f1):
    assert (count.precision, count.recall) == (precision, recall)
    assert count.f1 == pytest.approx(f1)


def test_calibration_bins():
    bins = scoring.calibration([(0.1, True), (0.2, False), (0.25, True), (0.99, False),
                                 (1.0, True)])
    assert [(b["low"], b["records"], b["matched"]) for b in bins] == [
        (0.0, 1, 1), (0.2, 2, 1), (0.4, 0, 0), (0.6, 0, 0), (0.8, 2, 1)]
    assert [b["precision"] for b in bins] == [1.0, 0.5, 0.0, 0.0, 0.5]


def test_aggregate_sums_documents():
    scores = [scoring.score_document(TEXT, [gold(0, 20, source=(30, 35), type_="direct")],
                                      [record(0, 20, speaker=(30, 35), confidence=0.9)]),
              scoring.score_document(TEXT, [gold(0, 20, type_="indirect")],
                                      [record(50, 70, confidence=0.3)])]
    report = scoring.aggregate(scores)
    assert report["content"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5,
                                "matched": 1, "predicted": 2, "gold": 2}
    assert report["headline"] == {"content_f1": 0.5, "attribution_f1": 0.5,
                                  "exact_content_f1": 0.5, "exact_source_f1": 1.0,
                                  "exact_cue_f1": 0.0}
    assert report["recall_by_type"] == {"direct": {"recall": 1.0, "matched": 1, "gold": 1},
                                        "indirect": {"recall": 0.0, "matched": 0, "gold": 1}}
    assert [b["records"] for b in report["calibration"]] == [0, 1, 0, 0, 1]
    assert "confidence" in scoring.format_table(report)


def test_aggregate_of_nothing_is_zero():
    report = scoring.aggregate([scoring.score_document("", [], [])])
    assert set(report["headline"].values()) == {0.0}
    assert report["documents"] == 1


BASE = {name: 0.5 for name in scoring.HEADLINE}


@pytest.mark.parametrize("current, baseline, tolerance, failing", [
    (BASE, BASE, 0.02, []),
    (BASE | {"content_f1": 0.49}, BASE, 0.02, []),
    (BASE | {"content_f1": 0.48}, BASE, 0.02, []),          # exactly the tolerance
    (BASE | {"content_f1": 0.47}, BASE, 0.02, ["content_f1"]),
    (BASE | {"exact_cue_f1": 0.1, "attribution_f1": 0.4}, BASE, 0.02,
     ["attribution_f1", "exact_cue_f1"]),
    (BASE | {"content_f1": 0.49}, BASE, 0.0, ["content_f1"]),
    (BASE | {"content_f1": 0.9}, BASE, 0.02, []),           # improvements pass
    (BASE, {"content_f1": 0.9}, 0.02, ["content_f1"]),      # only figures in the baseline
    (BASE, {}, 0.02, []),
])
def test_regressions(current, baseline, tolerance, failing):
    messages = scoring.regressions(current, baseline, tolerance)
    assert [m.split()[0] for m in messages] == failing


def test_passage_widens_to_the_sentence():
    text = "First one. He said it is fine. Next one."
    start = text.index("it is")
    assert scoring.passage(text, start, start + len("it is fine")) == "He said it is fine."


def test_error_cases():
    text = "The mayor said that taxes will rise. Nobody said anything else at all here."
    golds = [gold(20, 35, source=(0, 9), cue=(10, 14)), gold(37, 75, source=(37, 43))]
    records = [record(20, 35, speaker=(60, 64)), record(0, 9)]
    cases = scoring.error_cases("doc", text, golds, records)
    assert [c["kind"] for c in cases] == ["false_negative", "false_positive", "wrong_speaker"]
    assert cases[0]["gold"]["source"]["text"] == "Nobody"
    assert cases[0]["passage"] == "Nobody said anything else at all here."
    assert cases[1]["record"]["span"] == {"start": 0, "end": 9}
    assert cases[2]["gold"]["cue"]["text"] == "said"

"""The resolved-speaker report: how a resolved name is judged against the gold's, and the
gold itself."""
from __future__ import annotations

import json

import numpy as np
import pytest

from evaluation.speakers import DEFAULT_GOLD, GoldSpeaker, read_gold, speaker_right, words
from nlp.types import ACTS, Offsets, Piece, Quote, Speaker, Stance, Sentence


def gold(name, kind="person", also=()):
    return GoldSpeaker("a", Offsets(0, 10), name, tuple(also), kind, "speech", False)


def record(name):
    speaker = Speaker(name=name, mention=name, mention_span=Offsets(20, 30), kind="person")
    return Quote(id="q1", type="indirect", text="x", span=Offsets(0, 10),
                 spans=(Piece(0, 10, False, 0.5),), cue=None, speaker=speaker,
                 stance=Stance(label="neutral"), sentence=Sentence(0, "x", 0, 30))


def test_words_leave_out_titles_articles_and_possessives():
    assert words("Sen. Ted Cruz's") == ("ted", "cruz")
    assert words("the Environmental Protection Agency") == ("environmental", "protection",
                                                          "agency")


@pytest.mark.parametrize("ours, right", [
    ("Hillary Clinton", True),
    ("Clinton", True),                                   # no other Clinton speaks
    ("Secretary Hillary Clinton", True),
    ("former secretary of state Hillary Clinton", True),  # the name with its description
    ("Bill Clinton", False),
    ("she", False),
])
def test_a_name_is_right_when_it_names_the_gold_speaker(ours, right):
    assert speaker_right(gold("Hillary Clinton"), record(ours), [gold("Hillary Clinton")]) \
        is right


def test_a_surname_two_speakers_share_is_not_enough():
    others = [gold("Hillary Clinton"), gold("Bill Clinton")]
    assert not speaker_right(gold("Hillary Clinton"), record("Clinton"), others)


def test_a_document_named_after_the_speaker_is_no_rival():
    minister = gold("Ildefonso Guajardo Villarreal")
    slide = gold("a slide from Guajardo Villarreal's presentation", "document")
    assert speaker_right(minister, record("Guajardo Villarreal"), [minister, slide])


def test_another_name_the_article_uses_counts():
    g = gold("Environmental Protection Agency", "organisation", also=["EPA"])
    assert speaker_right(g, record("EPA"), [g])


def test_an_unnamed_source_is_right_by_its_head_word():
    assert speaker_right(gold("sources", "anonymous"), record("sources familiar with the talks"),
                         [])
    assert not speaker_right(gold("sources", "anonymous"), record("officials"), [])


def test_the_gold_holds_offsets_and_labels_only():
    rows = read_gold(DEFAULT_GOLD)
    assert len(rows) >= 300 and len({r.article for r in rows}) >= 20
    kinds = {"person", "organisation", "group", "anonymous", "document", "none"}
    for line in DEFAULT_GOLD.read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)) == {"article", "start", "end", "speaker", "also", "kind",
                                         "act", "floating"}
    for r in rows:
        assert r.kind in kinds and r.act in ACTS and r.content.start < r.content.end
        assert (r.speaker is None) == (r.kind == "none")


@pytest.mark.parametrize("name", ["speakers-dev-2.jsonl", "speakers-dev-3.jsonl",
                                  "speakers-dev-4.jsonl"])
def test_every_speaker_set_holds_offsets_and_labels_only(name):
    for line in (DEFAULT_GOLD.parent / name).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert list(row) == ["article", "start", "end", "speaker", "also", "kind", "act",
                             "floating"]
        assert row["start"] < row["end"] and row["act"] in ACTS


@pytest.mark.parametrize("name", ["attitude-dev.jsonl", "attitude-dev-2.jsonl",
                                  "attitude-dev-3.jsonl", "attitude-dev-2-second-reader.jsonl"])
def test_the_attitude_gold_holds_offsets_and_labels_only(name):
    lines = (DEFAULT_GOLD.parent / name).read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 100
    for line in lines:
        row = json.loads(line)
        assert set(row) == {"article", "start", "end", "attitude", "why"}
        assert row["attitude"] in ("negative", "neutral", "positive")
        assert row["start"] < row["end"]


TEXT = ("Senator Maria Lopez spoke in Austin on Monday. She said the bill would fail. "
        "Lopez criticised the plan to close the clinic.")
BILL_END = TEXT.index(" would fail") + len(" would fail")


def _files(tmp_path, gold_rows):
    corpus = tmp_path / "corpus.jsonl"
    quotes = [{"content_start": TEXT.index("the bill"), "content_end": BILL_END,
               "cue_start": TEXT.index("said"), "cue_end": TEXT.index("said") + 4},
              {"content_start": TEXT.index("the plan"), "content_end": len(TEXT) - 1,
               "cue_start": TEXT.index("criticised"),
               "cue_end": TEXT.index("criticised") + len("criticised")}]
    corpus.write_text(json.dumps({"id": "x", "text": TEXT, "quotes": quotes}) + "\n",
                      encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in gold_rows), encoding="utf-8")
    return corpus, gold


def test_the_speaker_report_counts_a_resolved_pronoun_right(tmp_path, capsys):
    from evaluation.speakers import main
    start = TEXT.index("the bill")
    corpus, gold = _files(tmp_path, [
        {"article": "x", "start": start, "end": BILL_END,
         "speaker": "Maria Lopez", "also": [], "kind": "person", "act": "speech",
         "floating": False},
        {"article": "x", "start": start, "end": BILL_END,
         "speaker": "Someone Else", "also": [], "kind": "person", "act": "speech",
         "floating": True}])
    assert main(["--gold", str(gold), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert rows["person"][1:] == ["1", "1", "1.000", "1", "1.000"]   # "She" -> Maria Lopez
    assert rows["floating"][1:] == ["1", "1", "1.000", "0", "0.000"]  # another name: wrong
    # the act of the one attribution matched ("said": speech) is the gold's
    assert ("act agrees with the gold's on 1/1 matched attributions (1.000); speech: "
            "precision 1/1 (1.000), recall 1/1 (1.000)") in out


def _attitudes(tmp_path, plan, bill):
    """The fixture's two attributions ("the plan ...", "the bill ...") labelled so."""
    return _files(tmp_path, [
        {"article": "x", "start": TEXT.index("the plan"), "end": len(TEXT) - 1,
         "attitude": plan, "why": ""},
        {"article": "x", "start": TEXT.index("the bill"), "end": BILL_END,
         "attitude": bill, "why": ""}])


def test_the_attitude_report_compares_polarity_with_the_labels(tmp_path, capsys):
    from evaluation.attitude import main
    # "the plan" criticises; "the bill" is given a label its content does not bear
    corpus, gold = _attitudes(tmp_path, "negative", "positive")
    assert main(["--gold", str(gold), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "on the annotated cue and content spans: 1/2 = 0.500 agree" in out


def test_two_readers_agreement_and_kappa(tmp_path, capsys):
    from evaluation.attitude import main
    rows = [{"article": "x", "start": n, "end": n + 1, "attitude": label, "why": ""}
            for n, label in enumerate(["negative", "negative", "neutral", "positive"])]
    _, gold = _files(tmp_path, rows)
    other = tmp_path / "other.jsonl"
    rows[3] = dict(rows[3], attitude="neutral")
    other.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["--gold", str(gold), "--readers", str(other)]) == 0
    out = capsys.readouterr().out
    assert "4 attributions labelled by both: 3/4 = 0.750 agree" in out
    # observed 0.75; expected by chance (2*2 + 1*2 + 1*0) / 16 = 0.375; kappa 0.6
    assert "Cohen's kappa: 0.600" in out


def test_the_attitude_report_measures_the_rules_alone_with_rules(tmp_path, capsys,
                                                                  monkeypatch):
    from evaluation.attitude import main
    from nlp import attitude
    weights = attitude.weights()
    always = np.zeros(3)
    always[attitude.CLASSES.index("positive")] = 10.0   # a model that says positive always
    monkeypatch.setattr(attitude, "weights",
                        lambda: weights._replace(coef=np.zeros_like(weights.coef),
                                                 intercept=always))
    corpus, gold = _attitudes(tmp_path, "positive", "positive")
    assert main(["--gold", str(gold), "--corpus", str(corpus)]) == 0
    assert "on the annotated cue and content spans: 2/2 = 1.000 agree" in capsys.readouterr().out
    assert main(["--gold", str(gold), "--corpus", str(corpus), "--rules"]) == 0
    out = capsys.readouterr().out
    assert "on the annotated cue and content spans: 0/2 = 0.000 agree" in out
    assert "on the extraction's matched records: 0/" in out

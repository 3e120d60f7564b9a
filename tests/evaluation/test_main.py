"""The command ``python -m evaluation``, with the analysis replaced by a fixed record."""
from __future__ import annotations

import json

import pytest

from evaluation import __main__ as command
from nlp.types import Cue, Offsets, Piece, Quote, Sentence, Speaker, Stance

# Content 20-35, said by "mayor" (4-9), cue "said" (10-14).
RECORD = Quote(id="q20-35", type="indirect", text="", span=Offsets(20, 35),
               spans=(Piece(20, 35, False, 0.5),),
               speaker=Speaker(name="X", mention="X", kind="person", mention_span=Offsets(4, 9)),
               cue=Cue("said", "say", Offsets(10, 14)), stance=Stance("neutral"),
               sentence=Sentence(0, "", 0, 0), parent_id=None, confidence=0.5)


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A one-document corpus whose analysis is fixed: one right record, one missed gold."""
    text = "The mayor said that taxes will rise. Nobody said anything else at all here."
    line = {"id": "doc", "text": text, "quotes": [
        {"content_start": 20, "content_end": 35, "speaker_start": 0, "speaker_end": 9,
         "cue_start": 10, "cue_end": 14, "quote_type": "indirect", "attribution_id": "E1"},
        {"content_start": 37, "content_end": 75, "speaker_start": None, "speaker_end": None,
         "cue_start": None, "cue_end": None, "quote_type": "direct", "attribution_id": "E2"}]}
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    monkeypatch.setattr(command, "_analyses", lambda model, tagger, texts: iter(
        [(RECORD,)] * len(texts)))
    return path


def test_command_writes_and_checks_a_baseline(corpus, tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    assert command.main([str(corpus), "--write-baseline", str(baseline),
                         "--json", str(tmp_path / "out.json"),
                         "--errors", str(tmp_path / "errors.jsonl")]) == 0
    written = json.loads(baseline.read_text(encoding="utf-8"))["headline"]
    assert written["content_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert json.loads((tmp_path / "out.json").read_text())["content"]["matched"] == 1
    errors = [json.loads(line) for line in
              (tmp_path / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["kind"] for e in errors] == ["false_negative"]
    assert command.main([str(corpus), "--baseline", str(baseline)]) == 0

    assert written["exact_source_f1"] == 0.0        # "mayor" is not "The mayor"
    baseline.write_text(json.dumps({"headline": written | {"exact_source_f1": 0.5}}))
    assert command.main([str(corpus), "--baseline", str(baseline)]) == 1
    assert "exact_source_f1 fell" in capsys.readouterr().err

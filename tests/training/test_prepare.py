"""Gold attributions become non-overlapping entity spans the tagger can learn."""
from __future__ import annotations

from training.prepare import by_sentence, gold_spans, token_spans


def attribution(text, content, source, cue):
    def at(part):
        start = text.index(part)
        return start, start + len(part)
    (cs, ce), (ss, se), (qs, qe) = at(content), at(source), at(cue)
    return {"content_start": cs, "content_end": ce, "content_spans": [[cs, ce]],
            "speaker_start": ss, "speaker_end": se, "cue_start": qs, "cue_end": qe}


def test_every_piece_of_an_attribution_is_a_labelled_span():
    text = "The mayor said the roads were safe."
    item = {"quotes": [attribution(text, "the roads were safe", "The mayor", "said")]}
    assert sorted(label for _, _, label in gold_spans(item)) == ["CONTENT", "CUE", "SOURCE"]


def test_overlaps_keep_the_cue_then_the_source_then_the_content(pipeline):
    text = "Aides said the governor denied the claims."
    doc = pipeline(text)
    outer = attribution(text, "the governor denied the claims", "Aides", "said")
    inner = attribution(text, "the claims", "the governor", "denied")
    spans = token_spans(doc, gold_spans({"quotes": [outer, inner]}))
    labels = [(s.text, s.label_) for s in spans]
    assert ("denied", "CUE") in labels and ("the governor", "SOURCE") in labels
    assert not any(label == "CONTENT" and "denied" in t for t, label in labels)
    covered = [i for s in spans for i in range(s.start, s.end)]
    assert len(covered) == len(set(covered))


def test_a_content_over_two_sentences_is_cut_at_the_sentence_start(pipeline):
    text = 'He said: "We will win. We always do." Then he left.'
    doc = pipeline(text)
    content = doc.char_span(text.index("We"), text.index(' Then') - 1, label="CONTENT",
                            alignment_mode="expand")
    pieces = by_sentence(content)
    assert [p.text for p in pieces] == ["We will win.", "We always do."]
    assert all(not p[0].is_space and not p[-1].is_space for p in pieces)

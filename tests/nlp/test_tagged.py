"""The trained tagger in the pipeline, and the drafts made from its spans."""
from __future__ import annotations

import pytest

from spacy.tokens import Span

import nlp
from nlp.attribution import find_prepositional_cues, find_verb_cues
from nlp.quotemarks import find_quotations
from nlp.tagged import SPANS_KEY, TAGGER_NAME, refine_drafts, tagged_drafts


@pytest.fixture(scope="module")
def rules_only():
    return nlp.shared_pipeline(nlp.DEFAULT_MODEL, nlp.NO_TAGGER)


TEXT = ("Angela Merkel met Emmanuel Macron in Paris on Monday. The chancellor said that Europe "
        "must act together, according to a German official.")


def test_the_tagger_runs_last_and_leaves_the_entities_as_they_were(pipeline, rules_only):
    assert pipeline.pipe_names[-1] == TAGGER_NAME
    assert TAGGER_NAME not in rules_only.pipe_names
    tagged, plain = pipeline(TEXT), rules_only(TEXT)
    assert [(e.text, e.label_) for e in tagged.ents] == [(e.text, e.label_) for e in plain.ents]
    assert [t.ent_iob_ for t in tagged] == [t.ent_iob_ for t in plain]
    labels = {s.label_ for s in tagged.spans[SPANS_KEY]}
    assert labels and labels <= {"CONTENT", "SOURCE", "CUE"}
    assert SPANS_KEY not in plain.spans


def test_a_missing_tagger_names_the_setting():
    with pytest.raises(nlp.ModelNotFound, match="QUOTES_TAGGER"):
        nlp.load_pipeline(nlp.DEFAULT_MODEL, "/no/such/tagger")


def tag(doc, **labelled):
    """Set the tagger's spans by hand: label=[phrase, ...]."""
    spans = []
    for label, phrases in labelled.items():
        for phrase in phrases:
            start = doc.text.index(phrase)
            spans.append(doc.char_span(start, start + len(phrase), label=label.upper()))
    doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: s.start)
    return doc


def drafts_of(doc, rule_drafts=()):
    return tagged_drafts(doc, list(rule_drafts))


def test_a_tagged_content_gets_its_cue_and_its_source(rules_only):
    doc = tag(rules_only("Analysts expect the deal to collapse next week."),
              source=["Analysts"], cue=["expect"], content=["the deal to collapse next week"])
    (draft,) = drafts_of(doc)
    assert doc.text[draft.start:draft.end] == "the deal to collapse next week"
    assert doc[draft.cue[0]:draft.cue[1]].text == "expect"
    assert doc[slice(*draft.speaker_tokens)].text == "Analysts"


def test_a_tagged_content_without_a_tagged_source_takes_the_cue_verbs_subject(rules_only):
    doc = tag(rules_only("The senator contends that rival countries donated millions to the fund."),
              cue=["contends"], content=["that rival countries donated millions to the fund"])
    (draft,) = drafts_of(doc)
    assert draft.speaker_tokens is None and doc[draft.speaker].text == "senator"


@pytest.mark.parametrize("headline, speaker", [
    ("A lesson from Loretta Lynch: 'Be the voice that people hear.'", "Lynch"),
    ("WARNING: 'Video contains graphic images.'", None),  # a topic before the colon is no one
])
def test_a_headline_colon_without_a_tagged_source_takes_the_name_before_it(
        rules_only, headline, speaker):
    content = headline[headline.index("'"):]
    doc = tag(rules_only(headline), cue=[":"], content=[content])
    (draft,) = drafts_of(doc)
    assert (doc[draft.speaker].text if draft.speaker is not None else None) == speaker


def test_a_subject_inside_the_tagged_content_is_no_source(rules_only):
    doc = tag(rules_only("Rival countries reportedly donated millions to the fund."),
              cue=["reportedly"], content=["Rival countries"])
    assert all(d.speaker is None for d in drafts_of(doc))


def test_content_pieces_of_consecutive_sentences_are_one_content(rules_only):
    doc = tag(rules_only("He argued the plan was flawed. It would cost too much."),
              source=["He"], cue=["argued"],
              content=["the plan was flawed.", "It would cost too much"])
    (draft,) = drafts_of(doc)
    assert doc.text[draft.start:draft.end] == "the plan was flawed. It would cost too much"


def test_a_content_without_a_cue_nearby_is_left_out(rules_only):
    doc = tag(rules_only("The plan was flawed and would cost too much."),
              content=["The plan was flawed"])
    assert drafts_of(doc) == []


def test_a_content_the_rules_already_have_is_left_to_them(rules_only):
    doc = tag(rules_only("The mayor said that taxes would rise."),
              source=["The mayor"], cue=["said"], content=["taxes would rise"])
    found = find_verb_cues(doc, find_quotations(doc.text))
    assert found and drafts_of(doc, found) == []


def test_content_pieces_of_two_paragraphs_stay_apart(rules_only):
    doc = tag(rules_only("He argued the plan was flawed.\n\nIt would cost too much, she said."),
              source=["He", "she"], cue=["argued", "said"],
              content=["the plan was flawed", "It would cost too much"])
    assert [doc.text[d.start:d.end] for d in drafts_of(doc)] == [
        "the plan was flawed", "It would cost too much"]


def test_a_content_that_runs_on_into_a_paragraph_break_joins_nothing_after_it(rules_only):
    doc = tag(rules_only("Critics say the deal would fail.\n\n\u201cWe will win,\u201d the mayor said."),
              source=["Critics", "the mayor"], cue=["say", "said"],
              content=["the deal would fail.\n\n", "\u201cWe will win,\u201d"])
    assert [doc.text[d.start:d.end] for d in drafts_of(doc)] == [
        "the deal would fail", "\u201cWe will win,\u201d"]


def rule_drafts(doc):
    return find_verb_cues(doc, find_quotations(doc.text))


def test_a_rule_content_grows_to_the_tagged_content_that_holds_it(rules_only):
    text = "He said he would review the defences and warned against hackers."
    doc = tag(rules_only(text), source=["He"], cue=["said"],
              content=["he would review the defences and warned against hackers"])
    (draft,) = [d for d in rule_drafts(doc) if doc[d.cue_head].text == "said"]
    draft.pieces = [(text.index("he would"), text.index(" and warned"))]
    (refined,) = refine_drafts(doc, [draft])
    assert text[refined.start:refined.end] == (
        "he would review the defences and warned against hackers")


def test_a_rule_content_is_never_cut_down_by_the_tagger(rules_only):
    text = "The mayor said that taxes would rise next year."
    doc = tag(rules_only(text), source=["The mayor"], cue=["said"], content=["taxes"])
    (draft,) = rule_drafts(doc)
    before = list(draft.pieces)
    assert refine_drafts(doc, [draft])[0].pieces == before


def test_the_tagged_cue_and_source_give_the_exact_spans(rules_only):
    text = "A spokesman for the ministry has repeatedly denied that talks took place."
    doc = tag(rules_only(text), source=["A spokesman for the ministry"],
              cue=["has repeatedly denied"], content=["that talks took place"])
    (draft,) = refine_drafts(doc, rule_drafts(doc))
    assert doc[draft.cue[0]:draft.cue[1]].text == "has repeatedly denied"
    assert doc[slice(*draft.speaker_tokens)].text == "A spokesman for the ministry"


def test_a_tagged_source_never_narrows_the_speakers_noun_phrase(rules_only):
    text = "U.S. Secretary of State Antony Blinken said the talks had been candid."
    doc = tag(rules_only(text), source=["Antony Blinken"], cue=["said"],
              content=["the talks had been candid"])
    (draft,) = refine_drafts(doc, rule_drafts(doc))
    assert doc[draft.speaker].text == "Blinken" and draft.speaker_tokens is None


def test_a_tagged_source_with_another_head_word_is_not_taken(rules_only):
    text = "The talks went well, according to a readout from the foreign ministry."
    doc = tag(rules_only(text), source=["a readout from the foreign ministry"],
              cue=["according to"], content=["The talks went well"])
    (draft,) = refine_drafts(doc, find_prepositional_cues(doc, find_quotations(text)))
    assert doc[draft.speaker].text == "ministry"
    assert draft.speaker_tokens is None or "readout" not in doc[slice(*draft.speaker_tokens)].text


def test_overlapping_empty_or_unordered_tags_leave_the_longer_content(rules_only):
    doc = rules_only("Analysts expect the deal to collapse next week.")
    doc.spans[SPANS_KEY] = [Span(doc, 2, 4, "CONTENT"), Span(doc, 2, 8, "CONTENT"),
                            Span(doc, 0, 0, "CUE"), Span(doc, 1, 2, "CUE"),
                            Span(doc, 0, 1, "SOURCE")]
    (draft,) = drafts_of(doc)
    assert doc.text[draft.start:draft.end] == "the deal to collapse next week"
    assert doc[draft.cue[0]:draft.cue[1]].text == "expect"


def test_a_shorter_tagged_cue_never_cuts_the_rules_cue(rules_only):
    text = "The talks went well, according to the foreign ministry."
    doc = tag(rules_only(text), source=["the foreign ministry"], cue=["according"],
              content=["The talks went well"])
    (draft,) = refine_drafts(doc, find_prepositional_cues(doc, find_quotations(text)))
    assert doc[draft.cue[0]:draft.cue[1]].text == "according to"


def test_a_tagged_cue_never_reaches_into_the_content(rules_only):
    text = "He also stressed the importance of keeping the peace in the strait."
    doc = tag(rules_only(text), source=["He"],
              cue=["also stressed the importance of keeping"],
              content=["the importance of keeping the peace in the strait"])
    (draft,) = refine_drafts(doc, rule_drafts(doc))
    assert doc[draft.cue[0]:draft.cue[1]].text == "stressed"


def test_a_widened_content_never_takes_in_another_records_speaker(rules_only):
    text = ("Blinken stressed the importance of the progress made at the summit, "
            "spokesman Matthew Miller said.")
    doc = tag(rules_only(text), source=["Blinken", "spokesman Matthew Miller"],
              cue=["stressed", "said"],
              content=["the importance of the progress made at the summit, spokesman "
                       "Matthew Miller"])
    drafts = rule_drafts(doc)
    inner = next(d for d in drafts if doc[d.cue_head].text == "stressed")
    before = text[inner.start:inner.end]
    assert "Miller" not in before
    refine_drafts(doc, drafts)
    assert text[inner.start:inner.end] == before


def test_a_tagged_content_that_is_its_cues_subject_is_no_attribution(rules_only):
    doc = tag(rules_only("The film \u201cGone with the Wind\u201d was shown on Sunday."),
              content=["The film \u201cGone with the Wind\u201d"], cue=["was shown"])
    assert drafts_of(doc) == []


def test_a_tagged_content_of_marks_alone_is_no_attribution(rules_only):
    doc = tag(rules_only("Lawmakers accused each other of 'bad faith' ."),
              source=["Lawmakers"], cue=["accused"], content=["' ."])
    assert drafts_of(doc) == []

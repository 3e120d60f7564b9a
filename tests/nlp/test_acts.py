"""What an attribution reports: speech, thought, intention or evidence."""
from __future__ import annotations

import pytest

import nlp
from nlp.acts import ACTS, act_of


def _acts(pipeline, text):
    return [(q.cue.text if q.cue else None, q.act) for q in nlp.analyze(pipeline, text).quotes]


@pytest.mark.parametrize("text, cue, act", [
    ("The minister said the plan would work.", "said", "speech"),
    ("She told reporters that the talks had failed.", "told", "speech"),
    ("According to officials, the road is closed.", "According to", "speech"),
    ("Officials believe the attack was planned.", "believe", "thought"),
    ("Many voters think the economy is weak.", "think", "thought"),
    ("The company wants to cut 500 jobs.", "wants", "intention"),
    ("The senator is expected to vote against the bill.", "is expected", "intention"),
    ("A new poll showed that voters trust the governor.", "showed", "evidence"),
    ("According to a study, smoking kills.", "According to", "evidence"),
    ("This image released by NASA shows the storm over Florida.", "shows", "evidence"),
    # an evidential cue with a person as its source reports what they said
    ("She suggested that the deal was dead.", "suggested", "speech"),
    # a cue of several words is read by the word that decides ("would like", "refused")
    ("The campaign would like to organize another rally.", "would like", "intention"),
    ("He has steadfastly refused to release his tax returns.", "has steadfastly refused",
     "intention"),
    ("Many Democrats are afraid that turnout will be low.", "are afraid", "thought"),
    # a slide, like a chart, is a thing: what it shows is evidence
    ("Another slide shows that most avocados are grown in Mexico.", "shows", "evidence"),
    ("They cited a study that showed rents had doubled.", "showed", "evidence"),
])
def test_the_act_follows_the_cue_and_the_source(pipeline, text, cue, act):
    assert (cue, act) in _acts(pipeline, text)


def test_every_record_has_an_act(pipeline, seed_texts):
    for text in seed_texts.values():
        assert {q.act for q in nlp.analyze(pipeline, text).quotes} <= set(ACTS)


def test_a_record_without_a_cue_or_an_unknown_cue_reports_speech():
    assert act_of(None, None) == "speech"
    assert act_of("lambast", None) == "speech"
    assert act_of("believe", None) == "thought"


def test_with_no_source_a_verb_of_showing_reports_evidence_and_one_of_seeing_a_view():
    # "It has shown it knows how", "is seen as": nobody is named as the one who shows or sees
    assert act_of("have show", None) == "evidence"
    assert act_of("be see", None) == "thought"
    # "It was revealed / confirmed that ...", "Prices are predicted to rise": an unnamed
    # statement, not evidence
    assert act_of("be reveal", None) == "speech"
    assert act_of("be predict", None) == "speech"
    # a decision may be a ruling ("the court's decision that the law was void")
    assert act_of("decision", None) == "speech"


def test_only_some_acts_keeps_ids_and_relinks_parents(pipeline):
    text = "Officials believe the minister said the plan would work."
    analysis = nlp.analyze(pipeline, text)
    by_act = {q.act: q for q in analysis.quotes}
    assert set(by_act) == {"thought", "speech"} and by_act["speech"].parent_id == \
        by_act["thought"].id
    speech = analysis.only(["speech"])
    assert [q.id for q in speech.quotes] == [by_act["speech"].id]
    assert speech.quotes[0].parent_id is None  # its parent was left out
    assert all(set(e.quote_ids) <= {by_act["speech"].id} and e.quote_ids
               for e in speech.speakers)
    assert analysis.only(ACTS) is analysis

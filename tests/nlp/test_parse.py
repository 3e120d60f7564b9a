"""Helpers over the parse that every step shares (nlp/parse.py)."""
from __future__ import annotations

from spacy.attrs import DEP, LOWER, POS

import pytest

from nlp.parse import attribute_in, find_subject, tokens_with

TEXT = ("According to the ministry, the talks failed. Officials said they would meet again, "
        "and the spokesman said nothing.")


def test_tokens_with_a_part_of_speech_are_those_the_parse_gives_in_order(pipeline):
    doc = pipeline(TEXT)
    verbs = tokens_with(doc, POS, ("VERB", "AUX"))
    assert [t.i for t in verbs] == [t.i for t in doc if t.pos_ in ("VERB", "AUX")]
    assert "said" in [t.text for t in verbs]


def test_tokens_with_a_lower_case_form_match_whatever_the_case(pipeline):
    doc = pipeline.make_doc("SAID said Said sad")
    assert [t.i for t in tokens_with(doc, LOWER, {"said"})] == [0, 1, 2]


def test_attribute_in_reads_dependency_labels(pipeline):
    doc = pipeline(TEXT)
    subjects = attribute_in(doc, DEP, ("nsubj", "nsubjpass"))
    assert subjects.tolist() == [t.dep_ in ("nsubj", "nsubjpass") for t in doc]
    assert subjects.any()


def test_a_word_no_text_has_ever_had_and_an_empty_document_find_nothing(pipeline):
    assert tokens_with(pipeline.make_doc("the talks"), LOWER, {"zxqvjk"}) == []
    assert tokens_with(pipeline.make_doc(""), POS, ("VERB",)) == []


def _verb(doc, word):
    return next(t for t in doc if t.text == word)


def test_a_fronted_description_gives_way_to_the_name_after_its_comma(pipeline):
    # the parse reads both noun phrases as subjects of "said"; the name is the speaker
    doc = pipeline("A former Marine, Smith said the war had been a mistake.")
    assert find_subject(_verb(doc, "said")).text == "Smith"


@pytest.mark.parametrize("text, speaker", [
    ("Antonio Guterres, the secretary general of the United Nations, said the talks failed.",
     "Guterres"),
    ("The family, protesters and civic leaders said the video must be released.", "family"),
    ("Critics said the plan would fail.", "Critics"),
    ("Ford, GM said sales fell sharply in March.", "Ford"),  # a name first is no description
])
def test_a_name_a_list_or_a_lone_subject_stays_the_subject(pipeline, text, speaker):
    doc = pipeline(text)
    assert find_subject(_verb(doc, "said")).text == speaker


def test_a_participle_after_aside_from_takes_the_subject_of_the_clause(pipeline):
    doc = pipeline("She declined to comment, apart from saying the talks were continuing.")
    assert find_subject(_verb(doc, "saying")).text == "She"


@pytest.mark.parametrize("text, verb, speaker", [
    # a verb of moving someone to act: its object does what the infinitive says
    ("The senator forced Stumpf to admit that no one had been fired.", "admit", "Stumpf"),
    ("Reporters asked the governor to explain why the bridge was closed.", "explain",
     "governor"),
    ("She persuaded him to concede that the plan had failed.", "concede", "him"),
    # and so does it what an infinitive joined to that one says
    ("That prompted Rubio to make a joke and call Trump very flexible.", "call", "Rubio"),
    # the object is the goal of the subject's own act
    ("Some Democrats have called her to say they will not vote.", "say", "Democrats"),
    ("Later, I emailed Brafman to thank him for his work.", "thank", "I"),
    # reached from a prepositional or coordinated clause, the subject does it
    ("Rahm Emanuel pressured them to stop by threatening their funding.", "threatening",
     "Emanuel"),
    ("Nance would like Trump to explain his stance but supports his candidacy.", "supports",
     "Nance"),
])
def test_who_does_what_an_infinitive_after_an_object_says(pipeline, text, verb, speaker):
    doc = pipeline(text)
    assert find_subject(_verb(doc, verb)).text == speaker


@pytest.mark.parametrize("text, verb, speaker", [
    # a noun that cannot speak is no subject: whoever took it, owns it or is given it is
    ("The president took the opportunity to say that the economy was strong.", "say",
     "president"),
    ("He criticized the president's refusal to call the attack terrorism.", "call",
     "president"),
    ("The trip gives Biden the chance to defend Pennsylvania.", "defend", "Biden"),
    ("Trump attacked the decision by the FBI to reveal that it was investigating.", "reveal",
     "FBI"),
    ("The board denied Smith the chance to argue that the vote was rigged.", "argue", "Smith"),
    # after a verb that does not take it up, nobody named
    ("Democrats blocked the attempt to declare that the emergency was over.", "declare", None),
    # a noun that can is
    ("Clinton was the first candidate to say that the deal was bad.", "say", "candidate"),
])
def test_who_does_what_an_infinitive_after_a_noun_says(pipeline, text, verb, speaker):
    doc = pipeline(text)
    subject = find_subject(_verb(doc, verb))
    assert (subject.text if subject is not None else None) == speaker

"""The parse features the attribution tagger reads: long-range facts carried to every token."""
from __future__ import annotations

import numpy

from nlp.features import ENTITIES_KEY, PARSE, feature_array, parse_features


def features_of(doc, word):
    token = next(t for t in doc if t.text == word)
    return dict(zip(PARSE, parse_features(doc)[token.i]))


def test_every_word_of_a_reported_clause_knows_its_cue(pipeline):
    doc = pipeline("The minister said that the new tariffs would hurt farmers badly.")
    for word in ("tariffs", "hurt", "farmers", "badly"):
        assert features_of(doc, word)["report"] == "ccomp|say"
    assert features_of(doc, "minister")["report"] == "-"


def test_every_word_of_the_subject_knows_its_verb(pipeline):
    doc = pipeline("The foreign minister of Japan said the talks had failed.")
    assert features_of(doc, "foreign")["clause"] == "nsubj|say"
    assert features_of(doc, "Japan")["clause"] == "nsubj|say"


def test_quotation_marks_and_the_words_inside_them(pipeline):
    doc = pipeline('He said: "We will win." Then he left.')
    assert features_of(doc, "We")["quoted"] == "in"
    assert features_of(doc, '"')["quoted"] == "mark"
    assert features_of(doc, "left")["quoted"] == "out"


def test_entity_types_come_from_the_set_aside_entities_while_the_tagger_runs(pipeline):
    doc = pipeline("Angela Merkel spoke in Berlin.")
    assert features_of(doc, "Merkel")["entity"] == "PERSON"
    doc.spans[ENTITIES_KEY] = list(doc.ents)
    doc.set_ents([], default="missing")
    assert features_of(doc, "Merkel")["entity"] == "PERSON"
    doc.spans[ENTITIES_KEY] = []
    assert features_of(doc, "Merkel")["entity"] == ""


def test_the_array_has_one_hashed_row_per_token_and_is_stable(pipeline):
    doc = pipeline("Officials said the plan was dead.")
    first, second = feature_array(doc), feature_array(pipeline(doc.text))
    assert first.shape == (len(doc), len(PARSE)) and first.dtype == numpy.uint64
    assert numpy.array_equal(first, second)


def test_each_word_knows_what_the_rules_made_of_it(pipeline):
    doc = pipeline("The minister said that the new tariffs would hurt farmers.")
    assert features_of(doc, "said")["rules"] == "cue:ccomp"
    assert features_of(doc, "minister")["rules"] == "source"
    assert features_of(doc, "tariffs")["rules"] == "content:ccomp"
    assert features_of(doc, ".")["rules"] == "-"

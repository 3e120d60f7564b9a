"""Planting fact changes in an article: each plant changes what it says inside an indirect
content, and the comparison reports it (or, for a benign edit, does not)."""
from __future__ import annotations

import random

import pytest

from evaluation.plant_changes import (plant_benign, plant_entity, plant_negation, plant_number,
                                      plant_pronoun)
from nlp.compare import FACT_CHANGED, MISATTRIBUTION, compare, version_of

TEXT = ("The minister said the plant in Germany would employ 300 workers. "
        "Officials in France said the U.S. would pay two thirds of the cost.")


@pytest.mark.parametrize("plant, kind", [(plant_number, "number"), (plant_entity, "entity"),
                                         (plant_negation, "negation")])
def test_a_planted_fact_is_reported_as_its_kind(pipeline, plant, kind):
    doc = pipeline(TEXT)
    version = version_of(doc)
    text_b, (start, end) = plant(doc, version, random.Random(1))
    assert text_b != TEXT and 0 <= start < end <= len(TEXT)
    result = compare(version, version_of(pipeline(text_b)))
    assert kind in {fact.kind for alarm in result.alarms if alarm.kind == FACT_CHANGED
                    for fact in alarm.facts}


def test_a_benign_edit_keeps_the_facts(pipeline):
    doc = pipeline(TEXT)
    version = version_of(doc)
    for seed in range(4):
        text_b, _ = plant_benign(doc, version, random.Random(seed))
        assert text_b != TEXT
        result = compare(version, version_of(pipeline(text_b)))
        assert not [alarm for alarm in result.alarms if alarm.kind == FACT_CHANGED], text_b


def test_a_pronoun_speaker_planted_elsewhere_is_a_misattribution(pipeline):
    text = ("Peter Brown said the plan was sound. John Smith disagreed on Monday. "
            "“We will not pay for it,” he said.")
    doc = pipeline(text)
    version = version_of(doc)
    text_b, (start, end), target = plant_pronoun(doc, version, random.Random(1))
    assert text[start:end] == "John Smith" and "Peter Brown disagreed" in text_b
    result = compare(version, version_of(pipeline(text_b)))
    assert (MISATTRIBUTION, target) in {(alarm.kind, alarm.a) for alarm in result.alarms}

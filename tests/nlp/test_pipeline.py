"""The loaded pipeline: sentence starts set before the parser runs."""
from __future__ import annotations

import pytest

import nlp


def sentences(pipeline, text):
    return [s.text.strip() for s in pipeline(text).sents if s.text.strip()]


def test_a_line_break_ends_a_sentence(pipeline):
    text = "Senator backs the bill\n\nThe bill would pass, the senator said."
    assert sentences(pipeline, text) == ["Senator backs the bill",
                                         "The bill would pass, the senator said."]


@pytest.mark.parametrize("text", [
    "U.S. Secretary of State Antony Blinken raised concerns on Friday.",
    "Sen. Elizabeth Warren said the bill would pass.",
    "Talks in Washington, D.C. Officials said more would follow.",
])
def test_abbreviations_do_not_end_a_sentence(pipeline, text):
    assert sentences(pipeline, text)[0].startswith(text.split()[0] + " " + text.split()[1])


def test_the_component_is_added_once_before_the_parser(pipeline):
    names = pipeline.pipe_names
    assert names.count(nlp.pipeline.PARAGRAPH_BREAKS) == 1
    assert names.index(nlp.pipeline.PARAGRAPH_BREAKS) < names.index("parser")


def test_a_missing_model_names_the_setting():
    with pytest.raises(nlp.ModelNotFound, match="QUOTES_MODEL"):
        nlp.load_pipeline("en_no_such_model_xyz")


@pytest.mark.parametrize("text", [
    '"' * 50_000,
    "He said: " + "“" * 3_000 + " and stopped.",
    "(" * 10_000 + " x",
])
def test_runs_of_punctuation_are_one_token_and_keep_the_text(pipeline, text):
    doc = pipeline(text)
    assert doc.text == text
    assert len(doc) < 10


def test_ordinary_words_are_tokenized_as_usual(pipeline):
    assert [t.text for t in pipeline("“We won,” she said.")] == \
        ["“", "We", "won", ",", "”", "she", "said", "."]

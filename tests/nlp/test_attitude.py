"""The learned attitude: shipped weights for the default model, applied only to documents that
model has read, and the rules' polarity wherever it cannot apply."""
from __future__ import annotations

import numpy as np
import pytest

from nlp import attitude
from nlp.pipeline import ATTITUDE_FITS
from nlp.stance import LABELS, assess_stance


def _spans(doc, cue, content):
    def span(words):
        start = doc.text.index(words)
        return doc.char_span(start, start + len(words), alignment_mode="expand")
    return span(cue), [span(content)]


def test_the_shipped_weights_name_the_default_model_and_fit_its_vectors(pipeline):
    weights = attitude.weights()
    assert weights is not None
    assert weights.pipeline == attitude.pipeline_name(pipeline.meta)
    assert weights.acts == LABELS
    assert weights.coef.shape == (3, attitude.feature_count(pipeline("A.").tensor.shape[1],
                                                            LABELS))
    assert ATTITUDE_FITS in pipeline.pipe_names


def test_weights_whose_shapes_do_not_match_their_features_are_refused():
    good = {"pipeline": "en_x 1", "width": 2, "classes": list(attitude.CLASSES),
            "acts": ["neutral"], "coef": [[0.0] * 7] * 3, "intercept": [0.0] * 3}
    assert attitude.weights_from(good).coef.shape == (3, 7)
    with pytest.raises(ValueError):
        attitude.weights_from(dict(good, coef=[[0.0] * 6] * 3))
    with pytest.raises(ValueError):
        attitude.weights_from(dict(good, classes=["positive", "neutral", "negative"]))


def test_the_model_decides_polarity_on_a_document_of_its_pipeline(pipeline):
    doc = pipeline("The senator said the agency had lied to Congress for years.")
    cue, contents = _spans(doc, "said", "the agency had lied to Congress for years")
    rules = assess_stance(cue, contents, learned=False)
    model = attitude.learned_polarity(contents, rules.label, rules.polarity, rules.score)
    assert model in attitude.CLASSES
    stance = assess_stance(cue, contents)
    assert stance.polarity == model
    # the evidence says so where the model overrules the rules
    assert (f"model:{model}" in stance.evidence) == (model != rules.polarity)


def test_a_document_no_fitting_pipeline_read_keeps_the_rules_polarity(pipeline):
    doc = pipeline("The senator said the agency had lied to Congress for years.")
    del doc.user_data[attitude.FITS_KEY]
    cue, contents = _spans(doc, "said", "the agency had lied to Congress for years")
    rules = assess_stance(cue, contents, learned=False)
    assert attitude.learned_polarity(contents, rules.label, rules.polarity, rules.score) is None
    assert assess_stance(cue, contents) == rules


def test_features_need_vectors_of_the_trained_width(pipeline):
    doc = pipeline("She said the plan would fail.")
    _, contents = _spans(doc, "said", "the plan would fail")
    width = doc.tensor.shape[1]
    x = attitude.features(contents, "neutral", "negative", -0.5, LABELS, width)
    assert x.shape == (attitude.feature_count(width, LABELS),)
    assert np.isclose(np.linalg.norm(x[:width]), 1.0)          # the content's mean vector
    assert x[width + LABELS.index("neutral")] == 1.0            # the act
    assert x[-4:].tolist() == [1.0, 0.0, 0.0, -0.5]              # the rules' polarity, the tone
    assert attitude.features(contents, "neutral", "negative", -0.5, LABELS, width + 1) is None
    assert attitude.features([], "neutral", "negative", 0.0, LABELS, width) is None

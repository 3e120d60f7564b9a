"""The loaded pipeline: sentence starts set before the parser runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from thinc.api import Model, NumpyOps

import nlp
from nlp.pipeline import _THREAD_SETTINGS

REPO = Path(__file__).resolve().parents[2]


def sentences(pipeline, text):
    return [s.text.strip() for s in pipeline(text).sents if s.text.strip()]


def test_a_line_break_ends_a_sentence(pipeline):
    text = "Senator backs the bill\n\nThe bill would pass, the senator said."
    assert sentences(pipeline, text) == ["Senator backs the bill",
                                         "The bill would pass, the senator said."]


def test_a_wire_dateline_is_a_sentence_of_its_own(pipeline):
    # else the parser makes the place the subject: "PARIS — The French government said"
    text = "PARIS (AP) — The French government said Tuesday it would raise taxes."
    assert sentences(pipeline, text) == [
        "PARIS (AP) —", "The French government said Tuesday it would raise taxes."]


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


def test_every_model_multiplies_with_numpy_and_parses_as_spacy_does(pipeline):
    models = [c.model for _, c in pipeline.pipeline if isinstance(getattr(c, "model", None), Model)]
    assert len(models) >= 4  # tok2vec, tagger, parser, ner (and the attribution tagger)
    for model in models:
        assert all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in model.walk())
    stock = spacy.load(nlp.DEFAULT_MODEL)  # thinc's BLIS
    assert stock.get_pipe("ner").model.ops.use_blis
    text = ("China's foreign ministry said on Monday that Wang Yi had urged restraint. "
            '"We will not back down," State Department spokesman Matthew Miller told reporters.')
    ours, theirs = pipeline(text), stock(text)
    assert [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in ours] == \
        [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in theirs]


NUMPY_THREADS = """
import json
from thinc.api import Linear
from threadpoolctl import threadpool_info
from nlp.pipeline import use_numpy_products

def threads():
    return sorted({p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"})

before = threads()
assert use_numpy_products(Linear(4, 4))
print(json.dumps([before, threads()]))
"""


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="BLAS never runs more threads "
                    "than the process has CPUs")
@pytest.mark.parametrize("setting,before,after", [(None, "many", [1]), ("2", [2], [2])])
def test_numpy_multiplies_on_one_thread_unless_a_setting_says_otherwise(setting, before, after):
    env = {k: v for k, v in os.environ.items() if k not in _THREAD_SETTINGS}
    if setting is not None:
        env["OPENBLAS_NUM_THREADS"] = setting
    out = subprocess.run([sys.executable, "-c", NUMPY_THREADS], env=env, cwd=REPO, check=True,
                         capture_output=True, text=True).stdout
    found_before, found_after = json.loads(out)
    assert found_after == after
    assert found_before == before if before != "many" else min(found_before) > 1

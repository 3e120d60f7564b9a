"""Train the attitude model (:mod:`nlp.attitude`) on attributions of PolNeAR train labelled by
reading (``training/data/attitude-train.jsonl``), and write its weights into the package.

    python -m training.attitude                      # ../shared/corpora/polnear/train.jsonl
    python -m training.attitude --corpus PATH --out nlp/data/models/attitude/weights.json

Each labelled attribution is read as the service reads it: its article parsed by the service's
pipeline, its cue and content taken from PolNeAR's annotation, the rules' act, polarity and
tone from :func:`nlp.stance.assess_stance`, and the features from :func:`nlp.attitude.features`.
The model is a multinomial logistic regression with an L2 penalty (``--c``, as scikit-learn's
``C``), fitted by gradient descent in numpy from zero: the same data give the same weights.
It prints the fit's agreement on its own data; ``python -m evaluation.attitude`` measures it on
the dev labels, which it never sees.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

import nlp
from evaluation.scoring import annotated_spans, read_corpus
from nlp.attitude import CLASSES, features, pipeline_name
from nlp.stance import LABELS, assess_stance

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("QUOTES_SHARED_DIR", HERE.parent.parent / "shared"))
DEFAULT_LABELS = HERE / "data" / "attitude-train.jsonl"
DEFAULT_CORPUS = SHARED / "corpora" / "polnear" / "train.jsonl"
DEFAULT_OUT = HERE.parent / "nlp" / "data" / "models" / "attitude" / "weights.json"
DEFAULT_C = 0.3


def fit(x: np.ndarray, y: np.ndarray, c: float, steps: int = 20000,
        tolerance: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """Minimise the summed cross-entropy plus ``|W|^2 / (2c)`` (the intercept unpenalised) by
    accelerated gradient descent with a step of one over the gradient's Lipschitz bound."""
    n, d = x.shape
    k = int(y.max()) + 1
    target = np.eye(k)[y]
    design = np.hstack([x, np.ones((n, 1))])
    step = 1.0 / (0.5 * np.linalg.norm(design, 2) ** 2 + 1.0 / c)
    penalty = np.ones((d + 1, 1)) / c
    penalty[-1] = 0.0
    theta = np.zeros((d + 1, k))
    previous = theta.copy()
    for t in range(1, steps + 1):
        look = theta + (t - 1) / (t + 2) * (theta - previous)
        scores = design @ look
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        gradient = design.T @ (p - target) + penalty * look
        previous, theta = theta, look - step * gradient
        if np.abs(gradient).max() < tolerance:
            break
    return theta[:-1].T.copy(), theta[-1].copy()


def labelled_features(labels: list[dict], corpus: Path) -> tuple[np.ndarray, np.ndarray, str,
                                                                   int]:
    wanted = {g["article"] for g in labels}
    articles = {a["id"]: a for a in read_corpus(corpus) if a["id"] in wanted}
    missing = wanted - set(articles)
    if missing:
        raise SystemExit(f"{corpus}: no article {sorted(missing)[0]!r}")
    pipeline = nlp.shared_pipeline()
    ids = sorted(articles)
    docs = dict(zip(ids, pipeline.pipe(articles[i]["text"] for i in ids)))
    width = docs[ids[0]].tensor.shape[1]
    rows, ys = [], []
    for g in labels:
        doc = docs[g["article"]]
        _, cue, contents = annotated_spans(articles[g["article"]], doc, g["start"], g["end"])
        x = features(contents, assess_stance(cue, contents), width)
        if x is None:
            continue
        rows.append(x)
        ys.append(CLASSES.index(g["attitude"]))
    return np.vstack(rows), np.asarray(ys), pipeline_name(pipeline.meta), width


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="inverse L2 strength")
    args = parser.parse_args(argv)
    with args.labels.open(encoding="utf-8") as lines:
        labels = [json.loads(line) for line in lines if line.strip()]
    x, y, model, width = labelled_features(labels, args.corpus)
    coef, intercept = fit(x, y, args.c)
    agree = float(((x @ coef.T + intercept).argmax(axis=1) == y).mean())
    counts = Counter(CLASSES[i] for i in y)
    print(f"{len(y)} labelled attributions of {len({g['article'] for g in labels})} articles "
          f"({', '.join(f'{c} {counts[c]}' for c in CLASSES)}); agreement on them {agree:.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    weights = {
        "pipeline": model, "width": width, "classes": list(CLASSES), "acts": list(LABELS),
        "c": args.c, "examples": len(y), "labels": args.labels.name,
        "coef": [[round(float(v), 6) for v in row] for row in coef],
        "intercept": [round(float(v), 6) for v in intercept],
    }
    args.out.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

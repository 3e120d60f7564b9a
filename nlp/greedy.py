"""Greedy decoding of the attribution tagger's spans, a sentence's worth of steps at a time.

The tagger is spaCy's transition-based entity recognizer trained without a hidden layer
above its state features (``use_upper = false``). At each token it scores its moves (B-, I-,
L-, U- of each label, and O) as the maximum over pieces of three precomputed rows summed
with a bias: the row of the token itself, the row of the first token of the span being
built, and the row of the token before, these two only while a span is open. With no span
open the scores therefore depend on the token alone, and they are computed for every token
at once; once a span opens at ``s`` the choice at each following token is only between
going on (I-) and closing (L-), which is decided for the rest of the sentence at once.

Spans are the ones spaCy's own decoder finds, float for float: the same rows are summed in
the same order in single precision, a move wins only when its score is strictly higher than
every earlier valid move's, and the moves are valid as spaCy's rules say for a document with
no entities set:

- O only with no span open;
- B- with no span open, not on white space, not on the last token, not before a sentence
  start (a span never crosses a sentence boundary);
- U- with no span open, not on white space;
- I- with the open span's label, not on the last token, not before a sentence start;
- L- with the open span's label.

spaCy's decoder takes one step per token in a loop that checks every move's validity; this
one takes a handful of array operations per span.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy

Span = tuple[int, int, str]  # token start, token end, label


@dataclass(frozen=True)
class Moves:
    """Where each kind of move sits among the model's classes, per label."""

    labels: tuple[str, ...]
    begin: tuple[int, ...]
    inside: tuple[int, ...]
    last: tuple[int, ...]
    unit: tuple[int, ...]
    out: int
    count: int

    @classmethod
    def from_names(cls, names: list[str]) -> "Moves":
        """From the class names of spaCy's BILUO moves ("B-CUE", ..., "U-", "O")."""
        labels = tuple(dict.fromkeys(n[2:] for n in names if n[:2] == "B-" and n[2:]))

        def index(prefix: str) -> tuple[int, ...]:
            return tuple(names.index(f"{prefix}-{label}") for label in labels)

        return cls(labels, index("B"), index("I"), index("L"), index("U"), names.index("O"),
                   len(names))


def decode(rows: numpy.ndarray, padding: numpy.ndarray, bias: numpy.ndarray,
           before_start: numpy.ndarray, space: numpy.ndarray, moves: Moves) -> list[Span]:
    """The spans of one document of ``n`` tokens.

    ``rows`` holds the precomputed rows of the token before the document and of its ``n``
    tokens, shape (n + 1, 3 features, classes, pieces), the first being that of the token
    before (read only as "the token before" of the first token, which never needs it);
    ``padding`` (3, classes, pieces) stands for an absent token; ``bias`` (classes, pieces).
    ``before_start[i]`` says token ``i + 1`` starts a sentence, ``space[i]`` that token ``i``
    is white space.
    """
    n = len(space)
    if n == 0:
        return []
    own = rows[1:, 0]
    closed = (((own + padding[1]) + padding[2]) + bias).max(axis=-1)  # (n, classes)
    may_go_on = numpy.ones(n, dtype=bool)
    may_go_on[-1] = False
    may_go_on[:-1] = ~before_start[:-1]
    valid = numpy.zeros((n, moves.count), dtype=bool)
    valid[:, moves.out] = True
    valid[:, list(moves.begin)] = (may_go_on & ~space)[:, None]
    valid[:, list(moves.unit)] = ~space[:, None]
    best = numpy.where(valid, closed, -numpy.inf).argmax(axis=1)
    openings = numpy.flatnonzero(best != moves.out).tolist()
    stops = numpy.flatnonzero(~may_go_on).tolist()  # where a span must close at the latest
    best = best.tolist()
    spans: list[Span] = []
    begin = {c: k for k, c in enumerate(moves.begin)}
    unit = {c: k for k, c in enumerate(moves.unit)}
    i = 0
    while i < len(openings):
        start = openings[i]
        move = best[start]
        if move in unit:
            end = start + 1
            spans.append((start, end, moves.labels[unit[move]]))
        else:
            k = begin[move]
            stop = stops[bisect_left(stops, start + 1)]
            end = _close(rows, bias, start, stop, moves.inside[k], moves.last[k]) + 1
            spans.append((start, end, moves.labels[k]))
        i = bisect_left(openings, end, lo=i + 1)
    return spans


def _close(rows: numpy.ndarray, bias: numpy.ndarray, start: int, stop: int,
           inside: int, last: int) -> int:
    """Where a span opened at ``start`` closes: the first token after it where closing
    scores strictly higher than going on, else ``stop``, where going on is not valid."""
    if stop == start + 1:
        return stop
    tokens = slice(start + 2, stop + 1)  # rows of tokens start + 1 .. stop - 1 (shifted by 1)
    before = slice(start + 1, stop)  # the rows of the tokens before them
    pair = [inside, last]
    scores = (((rows[tokens, 0][:, pair] + rows[start + 1, 1][pair]) + rows[before, 2][:, pair])
              + bias[pair]).max(axis=-1)
    closing = numpy.flatnonzero(scores[:, 1] > scores[:, 0])
    return start + 1 + int(closing[0]) if len(closing) else stop

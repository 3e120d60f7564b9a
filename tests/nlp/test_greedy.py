"""Greedy decoding of the tagger's spans in bulk: the spans spaCy's own decoder finds."""
from __future__ import annotations

import numpy
import pytest

import nlp
from nlp.features import ENTITIES_KEY
from nlp.greedy import Moves, decode
from nlp.tagged import SPANS_KEY, TAGGER_NAME, AttributionTagger

NAMES = ["B-CONTENT", "B-SOURCE", "B-CUE", "I-CONTENT", "I-SOURCE", "I-CUE", "L-CONTENT",
         "L-SOURCE", "L-CUE", "U-CONTENT", "U-SOURCE", "U-CUE", "U-", "O"]
MOVES = Moves.from_names(NAMES)


def step_by_step(rows, padding, bias, before_start, space, moves):
    """spaCy's greedy decoder for a document with no entities set, transcribed from its
    sources (``ner.pyx``, ``parser_model.pyx``), one token at a time: every valid move is
    scored, the first of the highest wins. The trained tagger is checked against spaCy's
    decoder itself below."""
    n, spans, open_at, label = len(space), [], None, None
    for b in range(n):
        first = rows[open_at + 1, 1] if open_at is not None else padding[1]
        before = rows[b, 2] if open_at is not None else padding[2]
        scores = (((rows[b + 1, 0] + first) + before) + bias).max(axis=-1)
        go_on = b < n - 1 and not before_start[b]
        valid = {moves.out: open_at is None}
        for k, name in enumerate(moves.labels):
            valid[moves.begin[k]] = open_at is None and go_on and not space[b]
            valid[moves.unit[k]] = open_at is None and not space[b]
            valid[moves.inside[k]] = open_at is not None and label == name and go_on
            valid[moves.last[k]] = open_at is not None and label == name
        best = None
        for move in range(moves.count):
            if valid.get(move) and (best is None or scores[move] > scores[best]):
                best = move
        if best in moves.begin:
            open_at, label = b, moves.labels[moves.begin.index(best)]
        elif best in moves.unit:
            spans.append((b, b + 1, moves.labels[moves.unit.index(best)]))
        elif best in moves.last:
            spans.append((open_at, b + 1, label))
            open_at = None
    return spans


def random_document(rng, n, spread=1.0):
    rows = rng.normal(0, spread, (n + 1, 3, MOVES.count, 2)).astype("float32")
    padding = rng.normal(0, spread, (3, MOVES.count, 2)).astype("float32")
    bias = rng.normal(0, spread, (MOVES.count, 2)).astype("float32")
    before_start = rng.random(n) < 0.1
    space = rng.random(n) < 0.1
    return rows, padding, bias, before_start, space


def test_the_moves_are_found_by_their_names():
    assert MOVES.labels == ("CONTENT", "SOURCE", "CUE")
    assert MOVES.begin == (0, 1, 2) and MOVES.last == (6, 7, 8) and MOVES.out == 13


@pytest.mark.parametrize("seed", range(40))
def test_the_spans_are_the_step_by_step_decoders(seed):
    rng = numpy.random.default_rng(seed)
    document = random_document(rng, int(rng.integers(1, 120)))
    assert decode(*document, MOVES) == step_by_step(*document, MOVES)


def test_ties_go_to_the_earlier_move_as_in_spacy():
    rows, padding, bias, before_start, space = random_document(numpy.random.default_rng(0), 30)
    rows[:] = 0
    padding[:] = 0
    bias[:] = 0  # every score ties: B-CONTENT opens, I-CONTENT goes on, L-CONTENT only
    # where it must (before a sentence start, at the last token)
    before_start[:] = False
    before_start[9] = True
    space[:] = False
    spans = decode(rows, padding, bias, before_start, space, MOVES)
    assert spans == step_by_step(rows, padding, bias, before_start, space, MOVES)
    assert spans == [(0, 10, "CONTENT"), (10, 30, "CONTENT")]


def test_no_span_starts_on_white_space_or_crosses_a_sentence_start():
    rng = numpy.random.default_rng(7)
    for _ in range(20):
        rows, padding, bias, before_start, space = random_document(rng, 80, spread=3.0)
        for start, end, _ in decode(rows, padding, bias, before_start, space, MOVES):
            assert not space[start]
            assert not before_start[start:end - 1].any()


def test_an_empty_document_has_no_spans():
    rows, padding, bias, _, _ = random_document(numpy.random.default_rng(1), 0)
    assert decode(rows, padding, bias, numpy.zeros(0, bool), numpy.zeros(0, bool), MOVES) == []


@pytest.fixture(scope="module")
def fresh_tagger():
    """The tagger of a pipeline of its own, which nothing has run yet."""
    return nlp.load_pipeline(nlp.DEFAULT_MODEL).get_pipe(TAGGER_NAME)


def spans(doc):
    return [(s.start, s.end, s.label_) for s in doc.spans[SPANS_KEY]]


def parsed_texts(pipeline, seed_texts):
    texts = [*seed_texts.values(), "Yes.", "\n\n", 'He said:\n"We will win."\n\nThen he left.']
    with pipeline.select_pipes(disable=[TAGGER_NAME]):
        return list(pipeline.pipe(texts))


def by_spacys_decoder(recognizer, docs):
    """spaCy's own greedy decoding of ``docs`` as one batch, their entities set aside."""
    docs = [doc.copy() for doc in docs]
    for doc in docs:
        doc.spans[ENTITIES_KEY] = list(doc.ents)  # where the features read them
        doc.set_ents([], default="missing")
    recognizer.set_annotations(docs, recognizer.predict(docs))
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]


def test_the_trained_tagger_is_decoded_in_bulk_as_spacy_decodes_it(pipeline, fresh_tagger,
                                                                    seed_texts):
    assert fresh_tagger.in_bulk
    parsed = parsed_texts(pipeline, seed_texts)
    by_spacy = AttributionTagger(fresh_tagger.recognizer)
    by_spacy.in_bulk = False  # first, on a pipeline whose tagger has tagged nothing yet
    reference = [spans(by_spacy(doc.copy())) for doc in parsed]
    assert sum(map(len, reference)) > 20
    in_bulk = [fresh_tagger(doc.copy()) for doc in parsed]
    for ours, theirs, doc in zip(in_bulk, reference, parsed):
        assert spans(ours) == theirs
        assert [(e.start, e.end, e.label_) for e in ours.ents] == \
            [(e.start, e.end, e.label_) for e in doc.ents]  # left as they were


def test_a_batch_is_decoded_as_spacy_decodes_the_same_batch(pipeline, fresh_tagger,
                                                            seed_texts):
    parsed = parsed_texts(pipeline, seed_texts)
    batched = list(fresh_tagger.pipe([doc.copy() for doc in parsed], batch_size=3))
    reference = []
    for first in range(0, len(parsed), 3):
        reference += by_spacys_decoder(fresh_tagger.recognizer, parsed[first:first + 3])
    assert [spans(doc) for doc in batched] == reference

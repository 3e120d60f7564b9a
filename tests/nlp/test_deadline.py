"""The time limit on an analysis: checked between steps, per thread, and only where set."""
from __future__ import annotations

import threading
import time

import pytest

import nlp
from nlp import deadline

PROSE = ("The minister said the plan would work, according to officials in the capital. "
         "“It will not,” the mayor replied, adding that the council had voted against it. ")


def _spin(seconds: float) -> None:
    """Spend ``seconds`` of this thread's CPU time, checking the limit as a step does."""
    ends = time.thread_time() + seconds
    while time.thread_time() < ends:
        deadline.check()


def test_without_a_limit_check_never_raises():
    _spin(0.01)


def test_a_spent_limit_raises_at_the_next_check():
    with deadline.time_limit(0.01):
        with pytest.raises(nlp.AnalysisTimeout) as raised:
            _spin(5)
    assert raised.value.limit == 0.01
    _spin(0.02)  # the limit ended with its block


def test_an_inner_limit_cannot_outlast_the_outer_one():
    with deadline.time_limit(0.01):
        with deadline.time_limit(60):
            with pytest.raises(nlp.AnalysisTimeout):
                _spin(5)


def test_the_limit_counts_this_threads_cpu_not_time_spent_waiting():
    with deadline.time_limit(0.2):
        time.sleep(0.3)
        deadline.check()


def test_each_thread_has_its_own_limit():
    raised: list[BaseException] = []

    def other() -> None:
        try:
            _spin(0.05)
        except BaseException as exc:  # reported to the test below
            raised.append(exc)

    with deadline.time_limit(0.01):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert raised == []


def test_a_limit_must_be_positive():
    with pytest.raises(ValueError):
        with deadline.time_limit(0):
            pass


def test_an_analysis_over_its_limit_is_stopped(pipeline):
    with pytest.raises(nlp.AnalysisTimeout):
        nlp.analyze(pipeline, PROSE * 300, time_limit=0.05)


def test_an_analysis_within_its_limit_is_the_analysis_without_one(pipeline):
    assert nlp.analyze(pipeline, PROSE, time_limit=60) == nlp.analyze(pipeline, PROSE)


def test_many_texts_each_get_their_analysis_or_their_timeout(pipeline):
    texts = [PROSE, PROSE * 300, PROSE]
    results = list(nlp.analyze_many(pipeline, texts, batch_size=3, time_limit=0.3))
    assert isinstance(results[1], nlp.AnalysisTimeout)
    assert results[0] == results[2] == nlp.analyze(pipeline, PROSE)
    untimed = list(nlp.analyze_many(pipeline, [PROSE, PROSE], batch_size=2))
    assert list(nlp.analyze_many(pipeline, [PROSE, PROSE], batch_size=2, time_limit=60)) \
        == untimed

"""The hostile shapes of ``scripts/worst_case.py`` grow the work of an analysis at most about
linearly: checked without clocks.

Each shape is analysed at two small sizes, n and 2n, as ``scripts/worst_case.py`` analyses it
(``run_case``: ``nlp.analyze``'s parse and extraction, ``articles.from_html`` for a page,
``nlp.compare`` for two versions, the response serialised as the API does). A tracer counts
the Python lines run in the repository's ``nlp/`` and ``articles/`` and in the pure-Python
libraries they lean on (VADER for the stance, ``difflib`` for the comparison); the count at 2n
must stay within ``MAX_GROWTH`` times the count at n, and so must the response's size. The
counts are the same on every machine and every run, so the test is not timed.

Work done in compiled code (the spaCy parse, regular expressions, numpy and scipy) is not
counted: ``scripts/worst_case.py`` measures it in CPU seconds up to the service's caps.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import articles
import nlp

REPO = Path(__file__).resolve().parents[2]


def _load_script():
    # scripts/ is not a package (and tests/scripts/ would shadow it): load the file itself.
    spec = importlib.util.spec_from_file_location("worst_case", REPO / "scripts" / "worst_case.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("worst_case", module)
    spec.loader.exec_module(module)
    return module


worst_case = _load_script()

# Work at 2n over work at n: above 2 only by what does not scale down (a fixed cost shared
# out differently, a sentence split at another place); quadratic work gives about 4.
MAX_GROWTH = 2.5
# The response of the clause explosion, in bytes per character of text: realistic prose
# answers with 4.5 to 6.5 (a test below), short texts packed with records with up to 35 (each
# record costs some 700 bytes however short); when every record repeated its whole sentence,
# one endless sentence of 4,000 characters answered with 75 per character, and more the
# longer it was. Checked from 4,000 characters on, where that repetition dominates.
MAX_JSON_PER_CHAR = 20
# n for each shape (characters; bytes for a page; characters per version for a comparison):
# large enough that the fixed cost of an analysis does not hide its growth, small enough that
# all the shapes run in well under a minute.
DEFAULT_N = 2_000
# Some shapes start elsewhere: lower where the work at 2,000 is large; higher where a
# quadratic step would hide below it (a few people sharing a surname, a few quotes to pair,
# a few pull quotes), and for the long quote, above the length where a diff stops being
# difflib's exact one (nlp.compare._EXACT_DIFF_PAIRS), whose cost is quadratic by design;
# and for the coordinated figures, above the size where the parse still reshapes their one
# sentence (from 2,000 to 4,000 characters VADER's lines grow 2.6x, the repository's 2.1x).
N = {"emoji said": 1_000, "mixed quote marks": 1_000, "compare long quote": 8_000,
     "shared surname": 8_000, "compare many quotes": 8_000, "compare renamed names": 16_000,
     "html pull quotes": 32_000, "coordinated figures": 4_000}


def _traced_roots() -> tuple[str, ...]:
    import difflib

    import vaderSentiment.vaderSentiment as vader
    folders = [Path(nlp.__file__).parent, Path(articles.__file__).parent,
               Path(vader.__file__).parent]
    return tuple(str(folder) + os.sep for folder in folders) + (difflib.__file__,)


def count_lines(call: Callable[[], Any], roots: tuple[str, ...]) -> tuple[int, int, Any]:
    """Line events run by ``call()`` in files under ``roots``: all of them, those in the first
    two roots (the repository's own code), and what ``call`` returned."""
    own_roots = roots[:2]
    counts = [0, 0]

    def own_lines(frame, event, arg):
        if event == "line":
            counts[0] += 1
            counts[1] += 1
        return own_lines

    def library_lines(frame, event, arg):
        if event == "line":
            counts[0] += 1
        return library_lines

    def on_call(frame, event, arg):
        filename = frame.f_code.co_filename
        if filename.startswith(own_roots):
            return own_lines
        return library_lines if filename.startswith(roots) else None

    previous = sys.gettrace()  # a coverage tool's, say
    sys.settrace(on_call)
    try:
        result = call()
    finally:
        sys.settrace(previous)
    return counts[0], counts[1], result


_MEASURED: dict[tuple[str, int], tuple[int, int, dict[str, Any]]] = {}


def measured(pipeline, name: str, size: int) -> tuple[int, int, dict[str, Any]]:
    """Lines run (all traced, the repository's own) and ``run_case``'s figures, once per
    session for each shape and size."""
    key = (name, size)
    if key not in _MEASURED:
        shape = worst_case.SHAPES[name]
        payload = shape.make(size)
        _MEASURED[key] = count_lines(lambda: worst_case.run_case(pipeline, shape, payload),
                                     _traced_roots())
    return _MEASURED[key]


@pytest.fixture(scope="module")
def warm(pipeline):
    """The pipeline, after one analysis: lazy loads (lexicons, VADER) are not counted."""
    nlp.analyze(pipeline, 'Warm-up, she said. "It works," he said, happily.')
    for name in ("compare long quote", "html pull quotes"):
        shape = worst_case.SHAPES[name]
        worst_case.run_case(pipeline, shape, shape.make(200))
    return pipeline


@pytest.mark.parametrize("name", list(worst_case.SHAPES))
def test_work_grows_at_most_linearly(warm, name):
    n = N.get(name, DEFAULT_N)
    lines_n, own_n, _ = measured(warm, name, n)
    lines_2n, own_2n, _ = measured(warm, name, 2 * n)
    # Below a thousand lines the repository's own work is what any text costs (the shape's
    # work is in a library, a regular expression): it must then not grow at all.
    assert own_n > 1_000 or own_2n <= own_n + 100, "too small for the growth to show"
    own, everything = own_2n / own_n, lines_2n / lines_n
    # The repository's own lines alone (a library's linear work must not hide them), and with
    # the libraries' (where the repository calls them too often, or with too much).
    assert own <= MAX_GROWTH and everything <= MAX_GROWTH, (
        f"{name}: {own_2n:,} lines of nlp/ and articles/ at {2 * n:,} against {own_n:,} at "
        f"{n:,}: {own:.2f}x per doubling; with VADER and difflib {lines_2n:,} against "
        f"{lines_n:,}: {everything:.2f}x")


@pytest.mark.parametrize("name", list(worst_case.SHAPES))
def test_response_grows_at_most_linearly(warm, name):
    n = N.get(name, DEFAULT_N)
    *_, at_n = measured(warm, name, n)
    *_, at_2n = measured(warm, name, 2 * n)
    if "json_bytes" not in at_n:  # a page answered 413
        pytest.skip(f"{name}: no analysis at {n:,}")
    growth = at_2n["json_bytes"] / at_n["json_bytes"]
    assert growth <= MAX_GROWTH, (
        f"{name}: {at_2n['json_bytes']:,} bytes of JSON at {2 * n:,} against "
        f"{at_n['json_bytes']:,} at {n:,}: {growth:.2f}x")


@pytest.mark.parametrize("size", [4_000, 8_000, 16_000])
def test_clause_explosion_response_is_bounded(pipeline, size):
    shape = worst_case.SHAPES["clause explosion"]
    result = worst_case.run_case(pipeline, shape, shape.make(size))
    assert result["json_bytes"] <= MAX_JSON_PER_CHAR * result["chars"], (
        f"{result['json_bytes']:,} bytes of JSON for {result['chars']:,} characters "
        f"({result['json_bytes'] / result['chars']:.1f} per character, {result['records']} "
        "records)")


def test_prose_response_is_far_below_the_bound(pipeline):
    """What ``MAX_JSON_PER_CHAR`` was chosen from."""
    shape = worst_case.SHAPES["prose"]
    try:
        worst_case.prose()
    except OSError:
        pytest.skip("the PolNeAR dev articles are not in ../shared")
    result = worst_case.run_case(pipeline, shape, shape.make(8_000))
    assert result["records"] > 10
    assert result["json_bytes"] <= MAX_JSON_PER_CHAR / 2 * result["chars"]


# -- the script's own workings: cheap ---------------------------------------------------------

@pytest.mark.parametrize("name", list(worst_case.SHAPES))
def test_shapes_are_deterministic_and_sized(name):
    shape = worst_case.SHAPES[name]
    if name in ("prose", "long quotation"):
        try:
            worst_case.prose()
        except OSError:
            pytest.skip("the PolNeAR dev articles are not in ../shared")
    small, large = shape.make(1_000), shape.make(2_000)
    assert shape.make(1_000) == small
    texts = {worst_case.TEXT: lambda p: [p], worst_case.COMPARE: list,
             worst_case.HTML: lambda p: [p.encode("utf-8")]}[shape.kind]
    for payload, size in ((small, 1_000), (large, 2_000)):
        for text in texts(payload):
            assert size * 0.9 <= len(text) <= size


def test_sizes_double_up_to_the_cap():
    assert worst_case.sizes(1_000, 4_000) == [1_000, 2_000, 4_000]
    assert worst_case.sizes(1_000, 200_000)[-3:] == [64_000, 128_000, 200_000]


def test_a_shape_stops_at_the_token_cap():
    shape = worst_case.SHAPES["said said"]
    fitting = worst_case._largest_fitting(shape, 0, 10_000, max_tokens=1_000)
    assert fitting is not None
    assert worst_case.tokens_of(shape, shape.make(fitting)) <= 1_000
    assert worst_case.tokens_of(shape, shape.make(fitting + 20)) > 1_000


def test_a_runaway_case_is_stopped(pipeline):
    import time

    def forever():
        while True:
            time.sleep(0.01)
    result = worst_case.measure_limits.measure(pipeline, None, run=forever, limit_s=0.5)
    assert result.get("timed_out") and "still running" in result["error"]

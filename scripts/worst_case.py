#!/usr/bin/env python
"""Worst-case search: hostile input shapes grown up to the service's caps.

    .venv/bin/python scripts/worst_case.py [--shapes a,b] [--start-chars 1000]
        [--max-chars 200000] [--max-html-bytes 5242880] [--limit-s 120] [--profile]
        [--json OUT]
    .venv/bin/python scripts/worst_case.py --from-json OUT   # the table again

Each shape is a function ``size -> input``: a text of about ``size`` characters, an HTML page
of about ``size`` bytes, or two versions of a story of ``size`` characters each. Sizes double
from ``--start-chars`` up to the caps of ``api/config.py``: ``--max-chars`` (200,000
characters per text; the last size is the cap itself), the token cap (30,000 words and marks
per text, counted by ``api.limits.count_tokens`` as the service counts them; a shape that
passes it is measured once more at the largest size that fits, marked "token cap", and
stops) and, for HTML, ``--max-html-bytes`` (5 MB). A page whose article passes the text caps
is answered 413 by the service after ``articles.from_html``: only that step is timed.

Every case runs in a forked child (``measure_limits.measure``) with a time limit: a runaway
case is killed, printed as "over N s", and its shape stops growing. The model is loaded once.

It prints a Markdown table (the README's limits table comes from it), one row per shape and
size: characters and tokens of the text analysed, CPU seconds of the whole analysis and of
``pipeline(text)`` alone (the analysis is ``nlp.extract`` of that doc, which is what
``nlp.analyze`` does, so it comes for free; it holds spaCy's parse and the attribution tagger
component of ``nlp/tagged.py``, which runs the rules of ``nlp/extract.py`` for its
features), the records found, the size in bytes of the JSON response, serialised as the API
does it (``analysis_document`` of ``quotes_schemas``, compact, UTF-8, field order kept:
``api/__init__.py``'s JSON settings), and the growth of CPU time over the previous size, per
doubling. Growth above 2.5x per doubling is flagged "!" (from 0.5 s of CPU on; the last
column is the growth of all but ``pipeline(text)``). ``--profile`` then profiles the largest
measured size of each flagged shape (cProfile, in a child) and prints its top functions by
cumulative time.

``tests/scripts/test_worst_case.py`` checks the same shapes without clocks: the Python lines
run by the analysis at sizes n and 2n.
"""
from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import math
import os
import pstats
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
for _path in (str(REPO), str(SCRIPTS)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import articles  # noqa: E402  (the repository itself, above)
import measure_limits  # noqa: E402
import nlp  # noqa: E402
from api import limits  # noqa: E402
from nlp.compare import compare, version_of  # noqa: E402
from quotes_schemas import analysis_document  # noqa: E402

# The service's defaults (api/config.py).
MAX_TEXT_CHARS = 200_000
MAX_TEXT_TOKENS = 30_000
MAX_HTML_BYTES = 5 * 1024 * 1024
# Growth per doubling of the size above which a shape is flagged (and profiled), when the
# case took at least FLAG_MIN_CPU_S (below it, the timing's noise alone reaches 2.5x).
GROWTH_FLAG = 2.5
FLAG_MIN_CPU_S = 0.5

TEXT, HTML, COMPARE = "text", "html", "compare"


@dataclass(frozen=True)
class Shape:
    """A hostile input: ``make(size)`` gives a text, an HTML page (``kind`` html) or the two
    versions of a story (``kind`` compare)."""

    name: str
    kind: str
    make: Callable[[int], Any]
    stresses: str


# -- generators -------------------------------------------------------------------------------

def _units(unit: str, size: int) -> str:
    """Whole copies of ``unit``, at least one, up to ``size`` characters."""
    return unit * max(1, size // len(unit))


def _joined(parts: Callable[[int], str], size: int, sep: str = " ", head: str = "",
            tail: str = "") -> str:
    """``head`` + ``parts(0)`` + sep + ``parts(1)`` ... + ``tail``, at most ``size``
    characters (at least one part)."""
    out, length = [], len(head) + len(tail)
    for i in itertools.count():
        part = parts(i)
        extra = len(part) + (len(sep) if out else 0)
        if out and length + extra > size:
            break
        out.append(part)
        length += extra
    return head + sep.join(out) + tail


_ONSETS = "BDFGKLMNPRSTVZ"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _ONSETS for v in _VOWELS]
_LOWER_SYLLABLES = [s.lower() for s in _SYLLABLES]


def name(i: int) -> str:
    """The ``i``-th of a sequence of distinct invented given names: Bada, Bade, ... Badaba."""
    syllables = []
    i += len(_SYLLABLES)  # at least two syllables
    while i:
        i, r = divmod(i, len(_SYLLABLES))
        syllables.append(_LOWER_SYLLABLES[r])
    return "".join(reversed(syllables)).capitalize() + "n"


def word(i: int) -> str:
    """The ``i``-th of a sequence of distinct lower-case invented words."""
    return name(i).lower()


@lru_cache(maxsize=1)
def prose() -> str:
    """The PolNeAR dev articles, joined (``measure_limits._prose``)."""
    return measure_limits._prose(measure_limits.DEFAULT_CORPUS)


def _prose(size: int) -> str:
    return measure_limits._fill(prose() + "\n\n", size)


def _cueless(size: int) -> str:
    return _joined(lambda i: f'"{word(i)}"', size, sep=" , ", tail=" , he said.")


def _clauses(size: int) -> str:
    # "Bada said Bade, Badi said Bado, ... and ... said ..." with no full stop: one sentence.
    return _joined(lambda i: ("and " if i % 5 == 4 else "") + f"{name(2 * i)} said "
                   f"{name(2 * i + 1)}", size, sep=", ")


def _compare_quotes(size: int) -> tuple[str, str]:
    # About 600 short quotes per version at 36,000 characters; every third one reworded.
    def quote(i: int, changed: bool) -> str:
        words = f"{word(3 * i)} {'never' if changed else 'will'} {word(3 * i + 1)} the " \
                f"{word(3 * i + 2)}"
        return f"“{words.capitalize()},” {name(i)} Smith said."
    return (_joined(lambda i: quote(i, False), size),
            _joined(lambda i: quote(i, i % 3 == 0), size))


def _compare_long(size: int) -> tuple[str, str]:
    # One quotation of k times the same word; the other version has one word changed.
    head, tail = "She said: “", ".”"
    k = max(2, (size - len(head) - len(tail)) // 4)
    words = ["win"] * k
    a = head + " ".join(words) + tail
    words[k // 2] = "lose"
    return a, head + " ".join(words) + tail


def _compare_names(size: int) -> tuple[str, str]:
    # One quotation naming hundreds of people; in the other version, others in their place:
    # every name is a fact changed, each to be matched and placed in the word diff.
    head, tail = "She said: “We thank ", ".”"
    return (_joined(lambda i: f"{name(2 * i)} Smith", size, ", ", head, tail),
            _joined(lambda i: f"{name(2 * i + 1)} Jones", size, ", ", head, tail))


def _html(paragraphs: Callable[[int], str], size: int) -> str:
    head = "<!doctype html><html><head><title>Quotes</title></head><body><article>"
    tail = "</article></body></html>"
    # The size is in bytes of UTF-8, as the cap is: a curly mark is 3 bytes.
    out, length = [], len(head) + len(tail)
    for i in itertools.count():
        part = paragraphs(i)
        extra = len(part.encode("utf-8"))
        if out and length + extra > size:
            break
        out.append(part)
        length += extra
    return head + "".join(out) + tail


def _pull_quote(i: int) -> str:
    words = " ".join(word(7 * i + j) for j in range(7))
    return f"<p>“{words.capitalize()} and we will see it through,”</p>\n"


def _pull_quote_and_body(i: int) -> str:
    # Each pull quote repeats words of the paragraph before it: the one the page keeps.
    words = " ".join(word(5 * (i // 2) + j) for j in range(5))
    if i % 2 == 0:
        return f"<p>{name(i)} Smith said that {words} would hold, and so it did.</p>\n"
    return f"<p>“{words}”</p>\n"


SHAPES: dict[str, Shape] = {s.name: s for s in (
    Shape("capitals", TEXT, lambda n: "A" * n,
          "one line of capitals, no colon: the transcript-turn regex (_TURN)"),
    Shape("capital words", TEXT, lambda n: _units("AB CD EF GH IJ KL MN OP QR ST UV WX YZ ", n),
          "capitalised words with spaces, no colon: _TURN"),
    Shape("capitals before colon", TEXT,
          lambda n: _units("AB CD EF ", max(1, n - 40)) + "GH: he said it would rain.",
          "capitalised words, then a colon far away: _TURN"),
    Shape("emoji said", TEXT, lambda n: _units('👩‍👩‍👧‍👦 said "🙂🙃" ', n),
          "emoji speakers quoting emoji: stance (VADER) on every record"),
    Shape("spokesman of", TEXT,
          lambda n: "The " + _units("spokesman of the ", max(1, n - 24)) + "ministry said it.",
          "one endless noun phrase as the speaker: speakers.expand_mention"),
    Shape("shared surname", TEXT,
          lambda n: _joined(lambda i: f"{name(i)} Smith said the plan would work.", n),
          "many people sharing a surname: speakers._match_person"),
    Shape("cue-less quotations", TEXT, _cueless,
          "quotations without a verb in one sentence, 'he said' at the end: _speech_verbs_in"),
    Shape("said said", TEXT, lambda n: _units("said ", n), "'said' over and over"),
    Shape("smiled and", TEXT, lambda n: _units("He smiled and ", max(1, n - 5)) + "left.",
          "one endless coordination of the same clause"),
    Shape("clause explosion", TEXT, _clauses,
          "thousands of 'A said B' clauses in one sentence: every record's sentence is all of it"),
    Shape("nested that", TEXT,
          lambda n: _joined(lambda i: f"{name(i)} said that", max(1, n - 11), tail=" it rained."),
          "attributions nested in attributions"),
    Shape("quoted paragraphs", TEXT,
          lambda n: _joined(lambda i: f"“{word(2 * i).capitalize()} {word(2 * i + 1)}.”", n,
                            sep="\n\n", head="Bada Smith said:\n\n"),
          "short quoted paragraphs continuing one another"),
    Shape("quotes in one paragraph", TEXT,
          lambda n: _joined(lambda i: f"“{word(i).capitalize()},” he said.", n),
          "many quotations in one paragraph: paragraph bounds per quotation"),
    Shape("pronoun chain", TEXT,
          lambda n: _joined(lambda i: "She said it would rain.", n, head="Bada Smith arrived. "),
          "pronoun speakers resolved back to one person"),
    Shape("many people then he", TEXT,
          lambda n: _joined(lambda i: f"{name(2 * i)} Lee met {name(2 * i + 1)} Ray. "
                            "He said it would rain.", n),
          "coreference over a growing list of people"),
    Shape("his aide said", TEXT,
          lambda n: _joined(lambda i: f"{name(i)} Lee's rival and his aide said it would rain.",
                            n),
          "descriptions opened by a possessive: each names the one its pronoun stands for"),
    Shape("fronted descriptions", TEXT,
          lambda n: _joined(lambda i: f"A former Marine, {name(i)} said it rained,", n),
          "a description before each name, all in one sentence: parse.fronted_description"),
    Shape("interrupted reports", TEXT,
          lambda n: _joined(lambda i: f"prices rose by {i} per cent, the agency said, and wages "
                            f"fell by {i} per cent,", n, tail=" officials said."),
          "reports interrupted by their reporting clause, all in one sentence: each takes in "
          "the rest of the sentence (attribution._around_aside)"),
    Shape("coordinated figures", TEXT,
          lambda n: _joined(lambda i: f"{name(i)} rose {i} percent, {name(i + 1)} fell {i} "
                            f"percent and {name(i + 2)} held, according to the agency, and", n,
                            tail=" nothing else changed, according to officials."),
          "figures coordinated before 'according to', all in one sentence: each phrase looks "
          "back over the clauses before it (attribution._coordination_of)"),
    Shape("poll shares and ages", TEXT,
          lambda n: _joined(lambda i: f"Among {word(i)} voters, {i} percent backed {name(i)} "
                            f"Lee, while {i + 1} percent said no, and the {i + 20}-year-old "
                            "said yes,", n, tail=" the poll found."),
          "bare shares and descriptions by age, all in one paragraph: each looks back for its "
          "population or person (speakers._population_before, speakers._aged)"),
    Shape("long quotation", TEXT,
          lambda n: "She said: “" + _prose(max(1, n - 13)).replace("“", "").replace("”", "")
          .replace('"', "").replace("\n", " ") + ".”",
          "one quotation the length of the text: its stance and content"),
    Shape("mixed quote marks", TEXT,
          lambda n: _units('“a” "b" ‘c’ «d» „e“ \'f\' ', n),
          "every kind of quotation mark, paired and nested"),
    Shape("nested brackets", TEXT,
          lambda n: "(" * max(1, (n - 11) // 2) + "he said so."
          + ")" * max(1, (n - 11) // 2),
          "deep nesting of brackets"),
    Shape("short lines", TEXT, lambda n: _units("He said no.\n", n),
          "one short attributed sentence a line: thousands of sentences and records"),
    Shape("blank lines", TEXT, lambda n: _units("“Yes.”\n\n\n\n", n),
          "paragraph breaks between tiny quotations"),
    Shape("prose", TEXT, _prose, "realistic prose: the PolNeAR dev articles joined"),
    Shape("compare many quotes", COMPARE, _compare_quotes,
          "two versions with hundreds of short quotes each (about 600 at 36,000 characters)"),
    Shape("compare long quote", COMPARE, _compare_long,
          "one quotation of thousands of the same word, and the same with one word changed"),
    Shape("compare renamed names", COMPARE, _compare_names,
          "one quotation of hundreds of names, and the same with every name another"),
    Shape("html pull quotes", HTML, lambda n: _html(_pull_quote, n),
          "a page of distinct quotation-only paragraphs: articles.from_html's pull quotes"),
    Shape("html pull quotes repeating", HTML, lambda n: _html(_pull_quote_and_body, n),
          "a page where every other paragraph is a pull quote of the one before"),
)}


# -- one case ---------------------------------------------------------------------------------

def _json_bytes(document: dict[str, Any]) -> int:
    # As Flask answers with api/__init__.py's settings: compact, sort_keys off, UTF-8.
    return len(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def tokens_of(shape: Shape, payload: Any) -> int | None:
    """Tokens the service counts before analysing ``payload`` (None: known only after the
    page's article is taken out)."""
    if shape.kind == TEXT:
        return limits.count_tokens(payload)
    if shape.kind == COMPARE:
        return sum(limits.count_tokens(text) for text in payload)
    return None


def run_case(pipeline, shape: Shape, payload: Any, *, max_chars: int = MAX_TEXT_CHARS,
             max_tokens: int = MAX_TEXT_TOKENS) -> dict[str, Any]:
    """Analyse ``payload`` as the service would: the figures of one case (in this process)."""
    info = nlp.pipeline_info(pipeline)
    cpu = time.process_time
    started = cpu()
    result: dict[str, Any] = {}
    if shape.kind == COMPARE:
        versions, documents, parse = [], [], 0.0
        for text in payload:
            began = cpu()
            doc = pipeline(text)
            parse += cpu() - began
            versions.append(version_of(doc))  # what nlp.compare.prepare does
            documents.append(analysis_document(versions[-1].analysis, doc_id=None, meta={
                **info, "chars": len(text), "elapsed_ms": 0.0}))
        from quotes_schemas.compare import comparison_document
        comparison = compare(versions[0], versions[1])
        body = comparison_document(comparison, documents[0], documents[1])
        result.update(chars=sum(len(t) for t in payload), parse_cpu_s=parse,
                      records=sum(len(v.analysis.quotes) for v in versions),
                      pairs=len(comparison.pairs), json_bytes=_json_bytes(body))
    else:
        text, title = payload, None
        if shape.kind == HTML:
            result["html_bytes"] = len(payload.encode("utf-8"))
            try:
                article = articles.from_html(payload)
            except articles.PageTooComplex as exc:  # 413 before trafilatura runs
                result.update(from_html_cpu_s=cpu() - started, cpu_s=cpu() - started,
                              status=413, elements=exc.elements)
                return result
            result["from_html_cpu_s"] = cpu() - started
            text, title = article.text, article.title
            result["tokens"] = limits.count_tokens(text)
            if len(text) > max_chars or result["tokens"] > max_tokens:
                result.update(chars=len(text), cpu_s=cpu() - started, status=413)
                return result
        began = cpu()
        doc = pipeline(text)
        result["parse_cpu_s"] = cpu() - began
        analysis = nlp.analyze_doc(doc)  # nlp.analyze(pipeline, text) is extract(pipeline(text))
        body = analysis_document(analysis, doc_id=None, title=title,
                                 text=text if shape.kind == HTML else None,
                                 meta={**info, "chars": len(text), "elapsed_ms": 0.0})
        result.update(chars=len(text), records=len(analysis.quotes), json_bytes=_json_bytes(body))
    result["cpu_s"] = cpu() - started
    return result


def _profile(pipeline, shape: Shape, payload: Any, top: int) -> dict[str, Any]:
    profiler = cProfile.Profile()
    profiler.runcall(run_case, pipeline, shape, payload)
    stats = pstats.Stats(profiler)
    rows = []
    for (path, line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        if path == __file__ or function in ("<module>", "runcall"):
            continue
        try:
            where = str(Path(path).resolve().relative_to(REPO))
        except (ValueError, OSError):
            where = path if path.startswith("~") else "/".join(Path(path).parts[-2:])
        rows.append({"function": function, "where": f"{where}:{line}",
                     "cumulative_s": round(cumulative, 3)})
    rows.sort(key=lambda row: -row["cumulative_s"])
    return {"top": rows[:top]}


# -- the search -------------------------------------------------------------------------------

def sizes(start: int, cap: int) -> list[int]:
    """``start``, doubled while under ``cap``, and ``cap`` itself last."""
    out = []
    size = start
    while size < cap:
        out.append(size)
        size *= 2
    return out + [cap]


def _largest_fitting(shape: Shape, low: int, high: int, max_tokens: int) -> int | None:
    """The largest size in (low, high) whose input is within the token cap."""
    best = None
    while high - low > max(16, low // 200):
        middle = (low + high) // 2
        if tokens_of(shape, shape.make(middle)) <= max_tokens:
            best, low = middle, middle
        else:
            high = middle
    return best


_COLUMNS = ("shape", "size", "chars", "tokens", "CPU s", "pipeline s", "records",
            "JSON bytes", "JSON/char", "growth", "growth w/o pipeline")


def _growth(now: float, before: float, doublings: float) -> float:
    return (now / max(before, 1e-3)) ** (1 / doublings)


def _row(shape: Shape, size: int, result: dict[str, Any], growth: float | None,
         note: str, rest_growth: float | None = None) -> str:
    def number(key: str, digits: int = 2) -> str:
        value = result.get(key)
        return "" if value is None else (f"{value:,.{digits}f}" if isinstance(value, float)
                                         else f"{value:,}")
    size_text = f"{size:,} B" if shape.kind == HTML else f"{size:,}"
    if "error" in result:
        cpu = "over " + result["error"].split("after ", 1)[1] if result.get("timed_out") \
            else result["error"]
        cells = [shape.name, size_text, "", "", cpu, "", "", "", "", "", ""]
    else:
        parse = number("parse_cpu_s")
        if "from_html_cpu_s" in result:
            parse = f"from_html {result['from_html_cpu_s']:.2f}" + (f"; parse {parse}" if parse
                                                                   else "")
        ratio = (f"{result['json_bytes'] / max(1, result['chars']):.1f}"
                 if "json_bytes" in result else "")
        cells = [shape.name, size_text, number("chars", 0), number("tokens", 0),
                 number("cpu_s"), parse, number("records", 0), number("json_bytes", 0), ratio,
                 "" if growth is None else f"{growth:.2f}x" + (
                     " !" if growth > GROWTH_FLAG and result["cpu_s"] >= FLAG_MIN_CPU_S
                     else ""),
                 "" if rest_growth is None else f"{rest_growth:.2f}x"]
    if note:
        cells[1] += f" ({note})"
    return "| " + " | ".join(cells) + " |"


def print_table(figures: list[dict[str, Any]]) -> None:
    """The table again, from the figures of an earlier run (``--json``)."""
    print("| " + " | ".join(_COLUMNS) + " |")
    print("|" + "|".join("---" if c == "shape" else "---:" for c in _COLUMNS) + "|")
    before: dict[str, dict[str, Any]] = {}
    for figure in figures:
        shape = SHAPES.get(figure["shape"]) or Shape(figure["shape"], figure["kind"], str, "")
        rest = figure.get("growth_without_parse")
        previous = before.get(shape.name)
        if rest is None and previous is not None and "parse_cpu_s" in figure \
                and "parse_cpu_s" in previous and figure.get("status") is None:
            rest = _growth(figure["cpu_s"] - figure["parse_cpu_s"],
                           previous["cpu_s"] - previous["parse_cpu_s"],
                           math.log2(figure["size"] / previous["size"]))
        print(_row(shape, figure["size"], figure, figure.get("growth_per_doubling"),
                   figure.get("note", ""), rest))
        before[shape.name] = figure


def search(pipeline, chosen: list[Shape], *, start: int, max_chars: int, max_html: int,
           max_tokens: int, limit_s: float) -> list[dict[str, Any]]:
    """Grow each shape; print one Markdown row per case; the figures of every case."""
    print("| " + " | ".join(_COLUMNS) + " |")
    print("|" + "|".join("---" if c == "shape" else "---:" for c in _COLUMNS) + "|", flush=True)
    figures = []
    for shape in chosen:
        previous: dict[str, Any] | None = None
        for size in sizes(start, max_html if shape.kind == HTML else max_chars):
            payload = shape.make(size)
            note = ""
            tokens = tokens_of(shape, payload)
            if tokens is not None and tokens > max_tokens:
                fitting = _largest_fitting(shape, previous["size"] if previous else 0, size,
                                           max_tokens)
                if fitting is None:
                    break
                size, payload, note = fitting, shape.make(fitting), "token cap"
                tokens = tokens_of(shape, payload)
            result = measure_limits.measure(
                pipeline, None, limit_s=limit_s,
                run=lambda: run_case(pipeline, shape, payload, max_chars=max_chars,
                                     max_tokens=max_tokens))
            if tokens is not None:
                result.setdefault("tokens", tokens)
            if result.get("status") == 413:
                note = ("413: too many elements" if "elements" in result
                        else "413: article over the caps")
            growth = rest_growth = None
            # Growth between two analyses, or between two pages answered 413 (from_html alone).
            before = previous["result"] if previous is not None else {}
            if before.get("cpu_s") and "cpu_s" in result \
                    and result.get("status") == before.get("status") \
                    and ("elements" in result) == ("elements" in before):
                doublings = math.log2(size / previous["size"])
                growth = _growth(result["cpu_s"], before["cpu_s"], doublings)
                if "parse_cpu_s" in result and "parse_cpu_s" in before:
                    # The extraction's own growth (and from_html's, for a page).
                    rest_growth = _growth(result["cpu_s"] - result["parse_cpu_s"],
                                          before["cpu_s"] - before["parse_cpu_s"], doublings)
            print(_row(shape, size, result, growth, note, rest_growth), flush=True)
            figures.append({"shape": shape.name, "kind": shape.kind, "size": size,
                            "note": note, "growth_per_doubling": growth,
                            "growth_without_parse": rest_growth, **result})
            # A page whose article is over the caps still costs from_html: grow it on to the
            # HTML cap.
            if "error" in result or "elements" in result or note == "token cap":
                break
            previous = {"size": size, "result": result}
    return figures


def _flagged(mine: list[dict[str, Any]]) -> bool:
    """Whether a shape's figures grow faster than ``GROWTH_FLAG`` at its largest measured
    size, or a case ran over the limit."""
    measured = [f for f in mine if "cpu_s" in f]
    return any(f.get("timed_out") for f in mine) or bool(
        measured and (measured[-1].get("growth_per_doubling") or 0) > GROWTH_FLAG
        and measured[-1]["cpu_s"] >= FLAG_MIN_CPU_S)


def profile_flagged(pipeline, figures: list[dict[str, Any]], *, limit_s: float, max_chars: int,
                    max_html: int, max_tokens: int, top: int = 20) -> list[dict[str, Any]]:
    """cProfile of the largest measured size of each shape whose growth, at its last
    measured step or a step that timed out, passed ``GROWTH_FLAG``."""
    profiles = []
    for name_ in dict.fromkeys(f["shape"] for f in figures):
        mine = [f for f in figures if f["shape"] == name_]
        measured = [f for f in mine if "cpu_s" in f]
        if not measured or not _flagged(mine):
            continue
        timed_out = any(f.get("timed_out") for f in mine)
        last_growth = measured[-1]["growth_per_doubling"]
        shape, size = SHAPES[name_], measured[-1]["size"]
        payload = shape.make(size)
        result = measure_limits.measure(pipeline, None, limit_s=limit_s * 3,
                                        run=lambda: _profile(pipeline, shape, payload, top))
        print(f"\n### {name_} at {size:,} (growth {last_growth or 0:.2f}x per doubling"
              f"{', larger sizes over the limit' if timed_out else ''})\n")
        if "error" in result:
            print(f"profile: {result['error']}")
        else:
            print("| function | where | cumulative s |\n|---|---|---:|")
            for row in result["top"]:
                print(f"| {row['function']} | {row['where']} | {row['cumulative_s']:.2f} |")
        profiles.append({"shape": name_, "size": size, **result})
    return profiles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", default="", help="only these shapes, comma-separated ("
                        + ", ".join(SHAPES) + ")")
    parser.add_argument("--start-chars", type=int, default=1_000,
                        help="first size (characters; bytes for HTML shapes)")
    parser.add_argument("--max-chars", type=int, default=MAX_TEXT_CHARS,
                        help="largest text, in characters (the service's cap by default)")
    parser.add_argument("--max-html-bytes", type=int, default=MAX_HTML_BYTES,
                        help="largest HTML page, in bytes (the service's cap by default)")
    parser.add_argument("--max-tokens", type=int, default=MAX_TEXT_TOKENS,
                        help="token cap: a shape stops at it (both versions for compare)")
    parser.add_argument("--limit-s", type=float, default=120,
                        help="CPU-bound seconds a case may run before it is killed")
    parser.add_argument("--profile", action="store_true",
                        help="profile the largest size of each shape growing faster than "
                             f"{GROWTH_FLAG}x per doubling")
    parser.add_argument("--json", dest="json_out", help="also write the figures here")
    parser.add_argument("--from-json", dest="json_in",
                        help="only print the table of an earlier run's --json file")
    args = parser.parse_args()
    if args.json_in:
        print_table(json.loads(Path(args.json_in).read_text())["figures"])
        return

    chosen = [s.strip() for s in args.shapes.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SHAPES]
    if unknown:
        parser.error(f"unknown shapes: {', '.join(unknown)}")
    shapes = [SHAPES[s] for s in chosen] if chosen else list(SHAPES.values())

    started = time.perf_counter()
    pipeline = nlp.shared_pipeline(os.environ.get(nlp.MODEL_SETTING, nlp.DEFAULT_MODEL))
    print(f"model loaded in {time.perf_counter() - started:.1f} s; sizes double from "
          f"{args.start_chars:,} to {args.max_chars:,} characters ({args.max_html_bytes:,} "
          f"bytes of HTML), {args.max_tokens:,} tokens; {args.limit_s:g} s per case\n",
          flush=True)
    nlp.analyze(pipeline, "Warm-up, she said.")
    if any(s.name in ("prose", "long quotation") for s in shapes):
        prose()  # read once, before the children fork
    figures = search(pipeline, shapes, start=args.start_chars, max_chars=args.max_chars,
                     max_html=args.max_html_bytes, max_tokens=args.max_tokens,
                     limit_s=args.limit_s)
    flagged = [name_ for name_ in dict.fromkeys(f["shape"] for f in figures)
               if _flagged([f for f in figures if f["shape"] == name_])]
    print(f"\nstill growing faster than {GROWTH_FLAG}x per doubling at the largest size, or "
          f"over the limit: {', '.join(flagged) or 'none'}", flush=True)
    profiles = []
    if args.profile:
        profiles = profile_flagged(pipeline, figures, limit_s=args.limit_s,
                                   max_chars=args.max_chars, max_html=args.max_html_bytes,
                                   max_tokens=args.max_tokens)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"figures": figures, "profiles": profiles},
                                                  indent=2) + "\n")
    print(f"\ndone in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()

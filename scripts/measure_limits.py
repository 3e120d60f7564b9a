#!/usr/bin/env python
"""How long and how much memory one text costs, for choosing the service's limits.

    .venv/bin/python scripts/measure_limits.py [--sizes 50000,100000,200000] [--json OUT]

The model is loaded once; each case then runs ``nlp.analyze`` in a forked child, so that its
peak resident memory (VmHWM, from ``wait4``) is its own. The cases are realistic prose (the
PolNeAR dev articles, joined until the size is reached) and the pathological inputs a scraper
may send: one word without spaces, quotation marks only, unbalanced quotation marks over
prose, thousands of short lines, words without punctuation, emoji and right-to-left script.

It prints one line per case and size: seconds (wall clock and CPU, which a busy machine
inflates less), peak RSS of the child and its growth over a
child that analyses nothing. The README's "Load and limits" section quotes these figures;
``QUOTES_MAX_TEXT_CHARS`` and gunicorn's timeout (``QUOTES_TIMEOUT``) are chosen from them.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import nlp  # noqa: E402  (the repository itself, above)

DEFAULT_CORPUS = Path(os.environ.get("QUOTES_SHARED_DIR", REPO.parent / "shared")) \
    / "corpora" / "polnear" / "dev.jsonl"
# A case still running after this many seconds is stopped and reported as such.
CASE_LIMIT_S = 600


def _prose(corpus: Path) -> str:
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    return "\n\n".join(texts)


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def cases(prose: str) -> dict[str, Callable[[int], str]]:
    """Each case: a function making a text of the given number of characters."""
    return {
        "prose": lambda n: _fill(prose + "\n\n", n),
        "no spaces": lambda n: _fill("abcdefghij", n),
        "straight quotes": lambda n: '"' * n,
        "mixed quote marks": lambda n: _fill('"“”„«»‘’\'\'', n),
        "unbalanced quotes over prose": lambda n: _fill("“" + prose.replace("”", ""), n),
        "short lines": lambda n: _fill("He said no.\n", n),
        "no punctuation": lambda n: _fill("the minister said the plan would work ", n),
        "emoji and rtl": lambda n: _fill("قال الوزير 😀 \u200f«لا» 👍🏽 ", n),
    }


def _run_child(pipeline, text: str, write_fd: int) -> None:
    started, cpu_started = time.perf_counter(), time.process_time()
    analysis = nlp.analyze(pipeline, text)
    os.write(write_fd, json.dumps({"seconds": time.perf_counter() - started,
                                   "cpu_seconds": time.process_time() - cpu_started,
                                   "quotes": len(analysis.quotes)}).encode())


def measure(pipeline, text: str | None, *, run: Callable[[], dict] | None = None,
            limit_s: float | None = None) -> dict[str, float | int | str]:
    """Analyse ``text`` (or nothing, for the baseline) in a forked child.

    Given ``run``, the child calls ``run()`` instead and reports the JSON-ready dict it
    returns (``scripts/worst_case.py``). A child still running after ``limit_s`` seconds
    (default ``CASE_LIMIT_S``) is killed; the result then has ``error`` and ``timed_out``.
    """
    limit = CASE_LIMIT_S if limit_s is None else limit_s
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        code = 0
        try:
            if run is not None:
                os.write(write_fd, json.dumps(run()).encode())
            elif text is not None:
                _run_child(pipeline, text, write_fd)
            else:
                os.write(write_fd, b'{"seconds": 0, "cpu_seconds": 0, "quotes": 0}')
        except BaseException as exc:  # reported to the parent, never raised past the fork
            os.write(write_fd, json.dumps({"error": repr(exc)[:200]}).encode())
            code = 1
        os._exit(code)
    os.close(write_fd)
    deadline = time.monotonic() + limit
    chunks = []
    while True:
        # Read as the child writes, so that a result larger than the pipe's buffer cannot
        # block it.
        ready, _, _ = select.select([read_fd], [], [], 0.05)
        if ready:
            chunk = os.read(read_fd, 1 << 16)
            chunks.append(chunk)
            if not chunk:  # the child closed its end: it is exiting
                time.sleep(0.01)
        done, _status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.wait4(pid, 0)
            os.close(read_fd)
            return {"error": f"still running after {limit:g} s", "timed_out": True}
    with os.fdopen(read_fd, "rb") as pipe:
        result = json.loads(b"".join(chunks) + pipe.read() or b"{}")
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # ru_maxrss is in KiB on Linux
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--sizes", default="50000,100000,200000",
                        help="text sizes in characters, comma-separated")
    parser.add_argument("--cases", default="", help="only these cases, comma-separated")
    parser.add_argument("--json", dest="json_out", help="also write the figures here")
    args = parser.parse_args()

    sizes = [int(size) for size in args.sizes.split(",")]
    started = time.perf_counter()
    pipeline = nlp.shared_pipeline(os.environ.get(nlp.MODEL_SETTING, nlp.DEFAULT_MODEL))
    print(f"model loaded in {time.perf_counter() - started:.1f} s", flush=True)
    nlp.analyze(pipeline, "Warm-up, she said.")
    baseline = measure(pipeline, None)["peak_rss_mb"]
    print(f"baseline child peak RSS {baseline} MB", flush=True)

    chosen = set(filter(None, args.cases.split(",")))
    figures = []
    for name, make in cases(_prose(Path(args.corpus))).items():
        if chosen and name not in chosen:
            continue
        for size in sizes:
            result = measure(pipeline, make(size))
            result.update(case=name, chars=size)
            if "peak_rss_mb" in result:
                result["growth_mb"] = round(result["peak_rss_mb"] - baseline, 1)
            figures.append(result)
            if "error" in result:
                print(f"{name:30} {size:>8,}  {result['error']}", flush=True)
            else:
                print(f"{name:30} {size:>8,}  {result['seconds']:7.2f} s  "
                      f"(CPU {result['cpu_seconds']:6.2f} s)  "
                      f"peak {result['peak_rss_mb']:7.1f} MB  (+{result['growth_mb']:.1f})  "
                      f"{result['quotes']} records", flush=True)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"baseline_mb": baseline,
                                                   "cases": figures}, indent=2) + "\n")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"parent peak RSS {usage.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

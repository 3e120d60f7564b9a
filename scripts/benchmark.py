#!/usr/bin/env python
"""How much the service costs on top of spaCy's parse, and how it scales with workers.

    .venv/bin/python scripts/benchmark.py [CORPUS.jsonl] [--limit N] [--rounds R] [--json OUT]
                                          [--in-process]

On the articles of a JSONL corpus (``{"id", "text"}`` per line; default
``../shared/corpora/polnear/dev.jsonl``) it measures, in one run:

* the bare parse of the spaCy model alone (``nlp.pipe`` and one ``nlp(text)`` at a time) and
  the in-process extraction (``nlp.analyze_many`` and ``nlp.analyze``), with the trained
  attribution tagger of ``$QUOTES_TAGGER`` and with the rules only. The bare parse is taken
  twice: with the service's pipeline stopped before the extraction (the same models, with
  their matrix products on numpy, see ``nlp.pipeline.use_numpy_products``), which gives what
  the extraction itself adds, and with spaCy as installed (``spacy.load``, thinc's BLIS),
  which gives what the service costs against running spaCy;
* the HTTP service, gunicorn with ``--preload`` on a loopback port: sequential single requests
  (latency percentiles) on 1 worker, then concurrent load on 1 and on 2 workers (a burst of
  the articles once, and a sustained load of ``--passes`` passes over them), then the batch
  endpoint;
* the ``quotes batch`` command with 1 and 2 worker processes;
* the memory of the gunicorn master and each worker: peak RSS (VmHWM), and USS and PSS, which
  do not count the pages a worker shares with the master after ``--preload``.

Each measure is taken ``--rounds`` times (default 3), interleaved, because a shared machine
speeds up and slows down from one minute to the next: the batched ones one after another,
and those of one text at a time (the parses, ``nlp.analyze`` and the sequential requests)
taking turns on each article, and the concurrent loads on 1 and on 2 workers taking turns at
going first. The table gives the median round with the lowest and highest, and each ratio is
taken within a round, then the median over the rounds. It prints a table, then the figures
as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import psutil
import requests
import spacy

import nlp  # the repository itself: installed in .venv in editable mode
from _server import ServerDidNotStart, live_server

REPO = Path(__file__).resolve().parent.parent

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "polnear" / "dev.jsonl"
BATCH_DOCS = 16


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--limit", type=int, default=0, help="use the first N articles only")
    parser.add_argument("--concurrency", type=int, default=4,
                        help="client threads for the concurrent load (default 4)")
    parser.add_argument("--passes", type=int, default=3,
                        help="passes over the articles in a sustained load (default 3)")
    parser.add_argument("--json", dest="json_out", help="also write the figures here")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each measure is taken, interleaved (default 3)")
    parser.add_argument("--in-process", action="store_true",
                        help="measure the parse and the in-process extraction only")
    parser.add_argument("--components", action="store_true",
                        help="only the CPU time of each pipeline component and of the "
                             "extraction, one text at a time, least over the rounds")
    args = parser.parse_args()
    if args.rounds < 1 or args.passes < 1:
        parser.error("--rounds and --passes must be at least 1")

    documents = _read(args.corpus, args.limit)
    texts = [text for _, text in documents]
    chars = sum(map(len, texts))
    model = os.environ.get(nlp.MODEL_SETTING, nlp.DEFAULT_MODEL)
    tagger = os.environ.get(nlp.TAGGER_SETTING, nlp.DEFAULT_TAGGER)
    pipeline = nlp.shared_pipeline(model, tagger)
    if args.components:
        _print_components(pipeline, texts, args.rounds)
        return
    bare = nlp.shared_pipeline(model, nlp.NO_TAGGER)  # the spaCy model alone
    stock = spacy.load(model)  # and as spaCy loads it
    list(nlp.analyze_many(pipeline, texts[:4]))  # warm up
    list(nlp.analyze_many(bare, texts[:4]))
    list(stock.pipe(texts[:4]))

    batched = {
        "parse: nlp.pipe": lambda: list(bare.pipe(texts, batch_size=16)),
        "extract: analyze_many, rules only": lambda: list(nlp.analyze_many(bare, texts, 16)),
        "extract: analyze_many": lambda: list(nlp.analyze_many(pipeline, texts, 16)),
        "spaCy as installed: nlp.pipe": lambda: list(stock.pipe(texts, batch_size=16)),
    }
    # One text at a time, the measures take turns on each article, so that all of them meet
    # the machine in the same mood.
    each = {
        "parse: nlp(text) each": bare,
        "extract: analyze each": lambda text: nlp.analyze(pipeline, text),
        "spaCy as installed: nlp(text) each": stock,
    }
    rounds: dict[str, list[dict]] = {name: [] for name in [*batched, *each]}
    for round_ in range(args.rounds):  # interleaved, so that a slow spell hits all
        for name, run in batched.items():
            rounds[name].append(_rate(run, texts))
        for name, figures in _take_turns(each, documents, round_).items():
            rounds[name].append(figures)
    ratios = {
        "analyze_many / nlp.pipe": _ratio(rounds, "extract: analyze_many", "parse: nlp.pipe"),
        "analyze_many, rules only / nlp.pipe":
            _ratio(rounds, "extract: analyze_many, rules only", "parse: nlp.pipe"),
        "analyze / nlp(text)": _ratio(rounds, "extract: analyze each", "parse: nlp(text) each"),
        "analyze_many / spaCy as installed, nlp.pipe":
            _ratio(rounds, "extract: analyze_many", "spaCy as installed: nlp.pipe"),
        "analyze / spaCy as installed, nlp(text)":
            _ratio(rounds, "extract: analyze each", "spaCy as installed: nlp(text) each"),
    }
    if args.in_process:
        results = {name: _median_round(runs) for name, runs in rounds.items()}
        report = {"machine": _machine(), "corpus": {"path": args.corpus, "docs": len(texts),
                                                    "chars": chars},
                  "rounds": args.rounds, "results": results, "memory": {}, "ratios": ratios}
        _print_table(report)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n",
                                           encoding="utf-8")
        return

    # Both servers run through the rounds, so that the 1- and 2-worker loads of a round meet
    # the machine in the same mood; each round's HTTP figures are paired with parses taken
    # just before them (kept apart from the in-process rounds above).
    with _Server(workers=1) as one, _Server(workers=2) as two, requests.Session() as http:
        beside = {
            "parse: nlp(text) each, beside the servers": bare,
            "spaCy as installed: nlp(text) each, beside the servers": stock,
            "http: sequential, 1 worker": lambda text: _post(http, one.base, text),
        }
        for round_ in range(args.rounds):
            for name, figures in _take_turns(beside, documents, round_).items():
                rounds.setdefault(name, []).append(figures)
            # The loads on one and on two workers take turns at going first, so that neither
            # always meets the machine just after the sequential requests. A burst is the
            # articles once: the last long one keeps one worker busy while the other waits.
            # A sustained load is several passes, in which that tail counts for less.
            loads = [(1, one), (2, two)]
            for workers, server in loads if round_ % 2 == 0 else loads[::-1]:
                label = f"{workers} worker{'s' if workers > 1 else ''}"
                rounds.setdefault(f"http: concurrent, {label}", []).append(
                    _concurrent(server, documents, args.concurrency))
                rounds.setdefault(f"http: sustained, {label}", []).append(
                    _concurrent(server, documents * args.passes, args.concurrency))
        rounds["http: batch of 16, 2 workers"] = [_batches(two.base, documents, 2)]
    # Memory with one server at a time: two servers would share the libraries' pages.
    memory = {}
    for workers in (1, 2):
        with _Server(workers=workers) as server:
            _concurrent(server, documents, args.concurrency)
            memory[f"{workers} worker{'s' if workers > 1 else ''}"] = server.memory()
    for workers in (1, 2):
        rounds[f"cli: quotes batch, {workers} worker(s)"] = [_cli(documents, workers)]

    one_worker, two_workers = (rounds["http: concurrent, 1 worker"],
                               rounds["http: concurrent, 2 workers"])
    ratios |= {
        "http sequential / nlp(text)": _ratio(rounds, "http: sequential, 1 worker",
                                              "parse: nlp(text) each, beside the servers"),
        "http sequential / spaCy as installed, nlp(text)":
            _ratio(rounds, "http: sequential, 1 worker",
                   "spaCy as installed: nlp(text) each, beside the servers"),
        "http sequential / analyze, medians (the HTTP layer's own cost)":
            _median_round(rounds["http: sequential, 1 worker"])["seconds"]
            / _median_round(rounds["extract: analyze each"])["seconds"],
        # Throughput is articles per second: 1-worker seconds over 2-worker seconds.
        "2 workers / 1 worker (concurrent throughput)":
            _ratio(rounds, "http: concurrent, 1 worker", "http: concurrent, 2 workers"),
        "2 workers / 1 worker (sustained throughput)":
            _ratio(rounds, "http: sustained, 1 worker", "http: sustained, 2 workers"),
        "2 workers / 1 worker, per busy server core": _spread([
            (two_["docs_per_s"] / two_["server_cores_busy"])
            / (one_["docs_per_s"] / one_["server_cores_busy"])
            for one_, two_ in zip(one_worker, two_workers)]),
        "extra worker, MB PSS (total 2 workers - total 1 worker)":
            memory["2 workers"]["total_pss_mb"] - memory["1 worker"]["total_pss_mb"],
    }
    results = {name: _median_round(runs) for name, runs in rounds.items()}
    report = {"machine": _machine(), "corpus": {"path": args.corpus, "docs": len(texts),
                                                "chars": chars},
              "concurrency": args.concurrency, "rounds": args.rounds, "results": results,
              "memory": memory, "ratios": ratios}
    _print_table(report)
    print(json.dumps(report, indent=2))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def _print_components(pipeline, texts: list[str], rounds: int) -> None:
    """CPU seconds of each step over ``texts``, one at a time, the least over ``rounds``:
    the tokenizer, each pipeline component, and the extraction from the parsed document."""
    from nlp.extract import extract
    from nlp.tagged import TAGGER_NAME

    for text in texts[:4]:  # warm up: lexicons, the sentiment model
        extract(pipeline(text))
    least: dict[str, float] = {}
    for _ in range(rounds):
        spent: dict[str, float] = {}
        for text in texts:
            done = text  # the text, then the document, then the analysis
            for name, step in [("tokenizer", pipeline.make_doc), *pipeline.pipeline,
                               ("extraction", extract)]:
                started = time.process_time()
                done = step(done)
                spent[name] = spent.get(name, 0.0) + time.process_time() - started
        least = {name: min(least.get(name, seconds), seconds) for name, seconds in spent.items()}
    for name, seconds in least.items():
        print(f"{name:28} {seconds:7.3f} s")
    ours = least.get(TAGGER_NAME, 0.0) + least["extraction"]
    parse = sum(least.values()) - ours
    print(f"{'the parse (the rest)':28} {parse:7.3f} s")
    print(f"parse and extraction / parse: {(parse + ours) / parse:.3f}")


def _read(path: str, limit: int) -> list[tuple[str, str]]:
    documents = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                documents.append((str(record["id"]), record["text"]))
    return documents[:limit] if limit else documents


def _rate(run, texts) -> dict:
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "docs_per_s": len(texts) / seconds}


def _ratio(rounds: dict[str, list[dict]], numerator: str, denominator: str) -> dict:
    """The ratio of two measures' seconds in each round, and its median over the rounds."""
    return _spread([a["seconds"] / b["seconds"]
                    for a, b in zip(rounds[numerator], rounds[denominator])])


def _spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "low": min(values), "high": max(values)}


def _median_round(runs: list[dict]) -> dict:
    """The round with the median time (the faster of the middle two, for an even number),
    with the spread of the times over all rounds."""
    ordered = sorted(runs, key=lambda run: run["seconds"])
    return {**ordered[(len(ordered) - 1) // 2], "rounds": len(runs),
            "low_s": ordered[0]["seconds"], "high_s": ordered[-1]["seconds"]}


def _percentiles(latencies: list[float]) -> dict:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000, "p99_ms": cuts[98] * 1000}


def _take_turns(measures: dict, documents, round_: int) -> dict[str, dict]:
    """Each measure (a function of one text) on each article in turn, the order rotating
    from one article to the next and, for each article, from one round to the next: per
    measure, the seconds summed over the articles, and the latency percentiles."""
    latencies: dict[str, list[float]] = {name: [] for name in measures}
    names = list(measures)
    for i, (_, text) in enumerate(documents):
        first = (i + round_) % len(names)
        for name in names[first:] + names[:first]:
            started = time.perf_counter()
            measures[name](text)
            latencies[name].append(time.perf_counter() - started)
    return {name: {"seconds": sum(values), "docs_per_s": len(values) / sum(values),
                   **_percentiles(values)} for name, values in latencies.items()}


def _post(http: requests.Session, base: str, text: str) -> None:
    http.post(f"{base}/v1/quotes", json={"text": text}, timeout=120).raise_for_status()


def _cpu_seconds(processes) -> float:
    total = 0.0
    for process in processes:
        times = process.cpu_times()
        total += times.user + times.system
    return total


def _concurrent(server: "_Server", documents, concurrency: int) -> dict:
    """Concurrent single requests. Also the CPU time the server (master and workers) and this
    client spent meanwhile: on a small machine the client takes cores from the workers."""
    base = server.base
    sessions = [requests.Session() for _ in range(concurrency)]

    def post(index: int) -> float:
        doc_id, text = documents[index]
        sent = time.perf_counter()
        response = sessions[index % concurrency].post(
            f"{base}/v1/quotes", json={"id": doc_id, "text": text}, timeout=300)
        response.raise_for_status()
        return time.perf_counter() - sent

    # Each thread keeps to its own session (index % concurrency) in map's round robin.
    client, serving = psutil.Process(), server.processes()
    with ThreadPoolExecutor(concurrency) as pool:
        client_cpu, server_cpu = _cpu_seconds([client]), _cpu_seconds(serving)
        started = time.perf_counter()
        latencies = list(pool.map(post, range(len(documents))))
        seconds = time.perf_counter() - started
        client_cpu = _cpu_seconds([client]) - client_cpu
        server_cpu = _cpu_seconds(serving) - server_cpu
    for session in sessions:
        session.close()
    return {"seconds": seconds, "docs_per_s": len(documents) / seconds,
            **_percentiles(latencies), "server_cores_busy": server_cpu / seconds,
            "client_cores_busy": client_cpu / seconds}


def _batches(base: str, documents, concurrency: int) -> dict:
    batches = [documents[i:i + BATCH_DOCS] for i in range(0, len(documents), BATCH_DOCS)]

    def post(batch) -> None:
        body = {"documents": [{"id": doc_id, "text": text} for doc_id, text in batch]}
        response = requests.post(f"{base}/v1/quotes/batch", json=body, timeout=600)
        response.raise_for_status()
        assert len(response.json()["results"]) == len(batch)

    with ThreadPoolExecutor(concurrency) as pool:
        started = time.perf_counter()
        list(pool.map(post, batches))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "docs_per_s": len(documents) / seconds}


def _cli(documents, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        archive, out = Path(tmp, "in.jsonl"), Path(tmp, "out.jsonl")
        archive.write_text("".join(json.dumps({"id": doc_id, "text": text}) + "\n"
                                   for doc_id, text in documents), encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "quotes_cli", "batch", str(archive), "-o",
                        str(out), "--workers", str(workers), "--quiet"], cwd=REPO, check=True,
                       stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        assert len(out.read_text(encoding="utf-8").splitlines()) == len(documents)
    # Includes starting Python and loading the model in every worker.
    return {"seconds": seconds, "docs_per_s": len(documents) / seconds}


class _Server:
    """gunicorn as the Procfile runs it (the shared launcher, ``_server.live_server``), with
    ``workers`` workers, on a free loopback port, its output discarded."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._stack = ExitStack()

    def __enter__(self) -> "_Server":
        env = {"WEB_CONCURRENCY": str(self.workers), "QUOTES_MAX_REQUESTS": "0",
               "QUOTES_TIMEOUT": "300"}
        try:
            server = self._stack.enter_context(
                live_server(None, env, check_exit=False, stop_timeout_s=30))
        except ServerDidNotStart as error:
            raise SystemExit("gunicorn exited" if error.exited
                             else "gunicorn did not start") from None
        self.base, self.process = server.base, server.process
        try:
            self._warm_up()
        except BaseException:
            self._stack.close()
            raise
        return self

    def _warm_up(self) -> None:
        """A few requests first, as a long-running service has had: the first analysis in a
        worker loads the lexicons and the sentiment model."""
        body = {"text": "The minister said on Monday that the talks had failed."}
        with ThreadPoolExecutor(2 * self.workers) as pool:
            list(pool.map(lambda _: requests.post(f"{self.base}/v1/quotes", json=body,
                                                  timeout=60).raise_for_status(),
                          range(4 * self.workers)))

    def processes(self) -> list:
        master = psutil.Process(self.process.pid)
        return [master, *master.children()]

    def memory(self) -> dict:
        master = psutil.Process(self.process.pid)
        processes = {"master": master} | {f"worker {i + 1}": child for i, child in
                                          enumerate(master.children())}
        figures = {}
        for name, process in processes.items():
            info = process.memory_full_info()
            figures[name] = {"peak_rss_mb": _peak_rss_mb(process.pid),
                             "rss_mb": info.rss / 2**20, "uss_mb": info.uss / 2**20,
                             "pss_mb": info.pss / 2**20}
        figures["total_pss_mb"] = sum(f["pss_mb"] for f in figures.values())
        return figures

    def __exit__(self, *exc_info) -> None:
        self._stack.close()


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "cpu": model,
            "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "load_avg_1m_at_start": os.getloadavg()[0],
            "python": platform.python_version(), "spacy": spacy.__version__,
            "date": date.today().isoformat()}


def _print_table(report: dict) -> None:
    print(f"{report['corpus']['docs']} articles, {report['corpus']['chars']} characters; "
          f"{report['machine']}")
    print(f"median of {report['rounds']} interleaved rounds (low and high beside it)")
    print(f"{'':54} {'s':>7} {'low':>6} {'high':>6} {'docs/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
          f" {'p99 ms':>7} {'server':>7} {'client':>7}  (cores busy)")
    for name, row in report["results"].items():
        cells = [f"{row[key]:7.1f}" if key in row else f"{'':7}"
                 for key in ("p50_ms", "p95_ms", "p99_ms")]
        cells += [f"{row[key]:7.2f}" if key in row else f"{'':7}"
                  for key in ("server_cores_busy", "client_cores_busy")]
        print(f"{name:54} {row['seconds']:7.2f} {row['low_s']:6.2f} {row['high_s']:6.2f} "
              f"{row['docs_per_s']:7.1f} {' '.join(cells)}")
    for setup, figures in report["memory"].items():
        for name, row in figures.items():
            if isinstance(row, dict):
                print(f"memory, {setup:9} {name:9}  peak RSS {row['peak_rss_mb']:6.0f} MB  "
                      f"USS {row['uss_mb']:6.0f} MB  PSS {row['pss_mb']:6.0f} MB")
        print(f"memory, {setup:9} total PSS {figures['total_pss_mb']:6.0f} MB")
    print(f"{'ratio':58} {'median':>6} {'low':>6} {'high':>6}")
    for name, value in report["ratios"].items():
        if isinstance(value, dict):
            print(f"{name:58} {value['median']:6.2f} {value['low']:6.2f} {value['high']:6.2f}")
        else:
            print(f"{name:58} {value:6.2f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Soak: a few thousand requests against gunicorn (2 workers), watching the workers' memory.

    .venv/bin/python scripts/soak.py [--requests 3000] [--concurrency 2]

Workers are not recycled during the run (``QUOTES_MAX_REQUESTS=0``), so their resident
memory shows whether anything accumulates. The requests cycle through the PolNeAR dev
articles (or the seed articles), with a bad request every tenth. It prints each worker's RSS
every few hundred requests and the growth from the first sample after warm-up to the last.
"""
from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

from _server import articles, gunicorn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--every", type=int, default=250, help="sample RSS every N requests")
    parser.add_argument("--max-chars", type=int, default=2500,
                        help="send only the articles up to this long (default 2500)")
    args = parser.parse_args()

    texts = [text for text in articles() if len(text) <= args.max_chars]
    log = Path(tempfile.mkdtemp(prefix="soak-")) / "server.log"
    with gunicorn({"WEB_CONCURRENCY": "2", "QUOTES_MAX_REQUESTS": "0"}, log) as (base, master):
        workers = psutil.Process(master.pid).children()
        statuses: dict[int, int] = {}

        def one(n: int) -> int:
            if n % 10 == 9:
                return requests.post(base + "/v1/quotes", data=b'{"text": 1}',
                                     headers={"Content-Type": "application/json"},
                                     timeout=120).status_code
            return requests.post(base + "/v1/quotes", json={"text": texts[n % len(texts)]},
                                 timeout=120).status_code

        samples = []
        started = time.monotonic()
        counter = itertools.count()
        with ThreadPoolExecutor(args.concurrency) as pool:
            done = 0
            while done < args.requests:
                chunk = min(args.every, args.requests - done)
                for status in pool.map(one, [next(counter) for _ in range(chunk)]):
                    statuses[status] = statuses.get(status, 0) + 1
                done += chunk
                rss = [round(worker.memory_info().rss / 2**20, 1) for worker in workers]
                samples.append(rss)
                print(f"{done:6d} requests  {time.monotonic() - started:7.1f} s  "
                      f"worker RSS MB {rss}", flush=True)
        assert {w.pid for w in psutil.Process(master.pid).children()} == \
            {w.pid for w in workers}, "a worker was restarted"
    first, last = samples[0], samples[-1]
    print(f"statuses {dict(sorted(statuses.items()))}")
    print("RSS growth after the first sample, MB: "
          + ", ".join(f"{b - a:+.1f}" for a, b in zip(first, last)))


if __name__ == "__main__":
    main()

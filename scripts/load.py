#!/usr/bin/env python
"""Bounded load test: locust, headless, against gunicorn with 2 workers on loopback.

    .venv/bin/python scripts/load.py [--users 4] [--requests 1000] [--duration 120s]

Starts the service as the Procfile does, runs locust (``pip install .[load]``) with the given
number of users until the request count or the duration is reached, whichever comes first (the locustfile counts), then
prints the request count, failures and the p50/p99 latency of each endpoint from locust's CSV.
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _server import gunicorn

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--duration", default="120s")
    args = parser.parse_args()

    out = Path(tempfile.mkdtemp(prefix="load-"))
    with gunicorn({"WEB_CONCURRENCY": "2"}, out / "server.log") as (base, _master):
        subprocess.run([sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"),
                        "--headless", "--host", base, "-u", str(args.users),
                        "-r", str(args.users), "--run-time", args.duration,
                        "--csv", str(out / "load"),
                        "--only-summary", "--loglevel", "WARNING"],
                       cwd=HERE, check=False, env={**os.environ,
                                                   "LOAD_REQUESTS": str(args.requests)})
    with open(out / "load_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            print(f"{row['Name']:18} requests {row['Request Count']:>6}  "
                  f"failures {row['Failure Count']:>4}  p50 {row['50%']:>6} ms  "
                  f"p99 {row['99%']:>6} ms  {float(row['Requests/s']):.1f} req/s")


if __name__ == "__main__":
    main()

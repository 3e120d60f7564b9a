"""Locust's load for scripts/load.py: articles posted to /v1/quotes, a bad request now and
then, and a health check (the ``load`` extra installs locust)."""
from __future__ import annotations

import itertools
import os

from locust import HttpUser, between, task

from _server import articles

# The run stops by itself after this many requests (or locust's --run-time, if sooner).
_MAX_REQUESTS = int(os.environ.get("LOAD_REQUESTS", "1000"))
_SENT = itertools.count(1)
_TEXTS = itertools.cycle([text for text in articles()
                          if len(text) <= int(os.environ.get("LOAD_MAX_CHARS", "2500"))])


class Newsroom(HttpUser):
    wait_time = between(0, 0.1)

    def _count(self) -> None:
        if next(_SENT) >= _MAX_REQUESTS:
            self.environment.runner.quit()

    @task(10)
    def article(self):
        self._count()
        self.client.post("/v1/quotes", json={"text": next(_TEXTS)}, name="/v1/quotes")

    @task(1)
    def bad_request(self):
        self._count()
        with self.client.post("/v1/quotes", data=b"{", name="/v1/quotes [400]",
                              headers={"Content-Type": "application/json"},
                              catch_response=True) as response:
            if response.status_code == 400:
                response.success()
            else:
                response.failure(f"expected 400, got {response.status_code}")

    @task(1)
    def health(self):
        self._count()
        self.client.get("/healthz")

"""Prometheus metrics, served at ``/metrics`` in the text exposition format.

Requests by endpoint and status, their latency, the characters analysed, the records found per
article and the model's load time. Under gunicorn every worker is its own process: when
``PROMETHEUS_MULTIPROC_DIR`` is set (``gunicorn.conf.py`` sets it up, and removes each
worker's files when it exits) prometheus_client keeps the values in files there and a scrape
adds up every worker's. Without it (the Flask test client, one process) the values live in
memory.
"""
from __future__ import annotations

import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter,
                               Gauge, Histogram, generate_latest, multiprocess)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
EXTENSION = "quotes.metrics"
UNMATCHED = "<unmatched>"  # the endpoint label of a 404, so stray paths add no series
UNREAD_ENDPOINT = "<unread>"  # a request the server could not read, answered by api.worker
# The method label of any method outside RFC 9110's and PATCH, so invented ones ("FOOBAR")
# add no series either.
OTHER_METHOD = "other"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
                      "PATCH"})

# Seconds; the last buckets reach gunicorn's worker timeout.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
                    120.0)
_RECORD_BUCKETS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)

# prometheus_client's collectors are process-wide by design, like its default registry.
REQUESTS = Counter("quotes_http_requests", "HTTP requests answered, by endpoint, method and "
                   "status.", ["endpoint", "method", "status"])
LATENCY = Histogram("quotes_http_request_duration_seconds", "Time from the request's arrival "
                    "in the application to its response, by endpoint.", ["endpoint"],
                    buckets=_LATENCY_BUCKETS)
CHARACTERS = Counter("quotes_text_characters", "Characters of article text analysed.")
ARTICLES = Counter("quotes_articles", "Articles analysed (a batch counts each document).")
RECORDS_PER_ARTICLE = Histogram("quotes_records_per_article", "Attribution records found in "
                                "one article.", buckets=_RECORD_BUCKETS)
TIMEOUTS = Counter("quotes_analysis_timeouts", "Analyses stopped at their time limit (a batch "
                   "counts each document).")
MODEL_LOAD = Gauge("quotes_model_load_seconds", "Seconds the spaCy model took to load.",
                   multiprocess_mode="max")

bp = Blueprint("metrics", __name__)


def observe_article(chars: int, records: int) -> None:
    """Count one analysed article: its characters and the records found in it."""
    ARTICLES.inc()
    CHARACTERS.inc(chars)
    RECORDS_PER_ARTICLE.observe(records)


def observe_unread_request(status: int) -> None:
    """A request the server answered itself because it could not read it (its line or
    headers malformed or over the limits, or not sent in time)."""
    REQUESTS.labels(endpoint=UNREAD_ENDPOINT, method=OTHER_METHOD, status=str(status)).inc()


def observe_timeout() -> None:
    """An analysis stopped at its time limit (``QUOTES_ANALYSIS_TIMEOUT``)."""
    TIMEOUTS.inc()


def observe_model_load(seconds: float) -> None:
    MODEL_LOAD.set(seconds)


def _endpoint() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else UNMATCHED


def _method() -> str:
    return request.method if request.method in _METHODS else OTHER_METHOD


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _observe(response: Response) -> Response:
    started = g.pop("metrics_started", None)
    endpoint = _endpoint()
    REQUESTS.labels(endpoint, _method(), str(response.status_code)).inc()
    if started is not None:
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    return response


@bp.get("/metrics")
def metrics():
    """The metrics, in Prometheus's text format."""
    multiproc_dir = current_app.extensions[EXTENSION]
    if multiproc_dir:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=multiproc_dir)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), mimetype=None,
                    headers={"Content-Type": CONTENT_TYPE_LATEST})


def init_app(app: Flask) -> None:
    """Count every request and serve ``/metrics``."""
    app.extensions[EXTENSION] = os.environ.get(MULTIPROC_ENV) or None
    app.before_request(_start)
    app.after_request(_observe)
    app.register_blueprint(bp)

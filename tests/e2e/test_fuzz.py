"""Contract fuzzing: schemathesis sends requests made from ``openapi.yaml`` to the real server.

Every operation gets a bounded number of generated requests, valid and invalid; none may get
a 5xx and every response must be what the spec documents for it (status, media type, body
schema, headers).
"""
from __future__ import annotations

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from contract import SPEC_PATH
from live_server import live_server

pytestmark = pytest.mark.e2e

schema = schemathesis.openapi.from_path(SPEC_PATH)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("fuzz")) as running:
        yield running


@pytest.fixture(scope="module")
def http():
    with requests.Session() as session:
        yield session


@schema.parametrize()
@settings(max_examples=30, deadline=None, database=None, derandomize=bool(os.environ.get("CI")),
          suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_the_contract(case, server, http):
    excluded = []
    if case.operation.path == "/v1/quotes/batch":
        # By design a batch answers 200 with a problem in place of each invalid document
        # (the README's API table), so an invalid document is not an invalid request.
        excluded.append(schemathesis.checks.negative_data_rejection)
    if case.operation.path == "/v1/quotes" and (
            case.media_type == "text/html"
            or isinstance(case.body, dict) and "html" in case.body):
        # Any string is a page by the spec, but not every page has article text: by design
        # such a page gets 422 no-article-text (the README's error table).
        excluded.append(schemathesis.checks.positive_data_acceptance)
    if case.operation.path == "/v1/compare" and isinstance(case.body, dict) and any(
            isinstance(version, dict) and "html" in version for version in case.body.values()):
        excluded.append(schemathesis.checks.positive_data_acceptance)  # the same for a version
    case.call_and_validate(base_url=server.base, session=http, timeout=60,
                           excluded_checks=excluded)

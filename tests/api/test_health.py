"""Liveness, readiness, the spec, the docs page and the icon."""
from __future__ import annotations

import re

from contract import SPEC_PATH, check_problem, check_response


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    check_response("GET", "/healthz", 200, response.content_type, response.get_json())


def test_readyz_when_loaded(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    check_response("GET", "/readyz", 200, response.content_type, response.get_json())


def test_readyz_is_503_until_the_model_loads(make_app):
    client = make_app({"QUOTES_PRELOAD": False}, pipeline=None).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    check_problem(503, response.content_type, response.get_json(), method="GET", path="/readyz")

    assert client.post("/v1/quotes", json={"text": "He said so."}).status_code == 200
    assert client.get("/readyz").status_code == 200


def test_openapi_document_is_the_committed_one(client):
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert response.get_data(as_text=True) == SPEC_PATH.read_text(encoding="utf-8")


_URL_ATTR = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


def test_docs_page_loads_nothing_from_elsewhere(client):
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "http://" not in page and "https://" not in page and "//" not in page.replace(
        "<!doctype", "")
    assets = _URL_ATTR.findall(page)
    assert assets
    for url in assets:
        assert url.startswith("/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        asset.close()
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp


def test_docs_initialiser_turns_off_the_remote_validator(client):
    script = client.get("/static/docs.js")
    assert script.status_code == 200
    text = script.get_data(as_text=True)
    script.close()
    assert "validatorUrl: null" in text
    assert "http" not in text.replace("validatorUrl", "")


def test_favicon_is_served_under_both_names(client):
    for url in ("/favicon.ico", "/static/favicon.svg"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "image/svg+xml", url
        assert response.get_data().startswith(b"<svg "), url
        response.close()

"""The OpenAPI document and a human-readable page rendering it.

The page's scripts and styles come from the installed ``swagger-ui-bundle`` package and are
served from here, so it works offline; its Content-Security-Policy forbids other origins.
"""
from __future__ import annotations

from functools import cache

import swagger_ui_bundle
from flask import Blueprint, Response, abort, current_app, render_template, send_from_directory

bp = Blueprint("docs", __name__)

# The files of the bundle the page uses; nothing else of the package is served.
_ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png",
                     "favicon-16x16.png"})
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'")


@cache
def _spec_text() -> str:
    # Imported here so that `python -m api.spec` does not find itself half-imported.
    from api.spec import spec_yaml
    return spec_yaml()


def _spec_module():
    from api import spec
    return spec


@bp.get("/openapi.yaml")
def openapi_document():
    """The OpenAPI document, as generated from the schemas."""
    return Response(_spec_text(), mimetype=_spec_module().SPEC_MEDIA_TYPE)


@bp.get("/docs")
def docs_page():
    """Swagger UI, rendering /openapi.yaml."""
    response = current_app.make_response(render_template("docs.html", title=_spec_module().API_TITLE))
    response.headers["Content-Security-Policy"] = _CSP
    return response


@bp.get("/docs/assets/<name>")
def docs_asset(name: str):
    """A file of the Swagger UI bundle."""
    if name not in _ASSETS:
        abort(404)
    return send_from_directory(swagger_ui_bundle.swagger_ui_path, name, max_age=86400)

"""The OpenAPI document and a human-readable page rendering it.

The page is Swagger UI 5, which reads OpenAPI 3.1. Its scripts and styles are the Swagger UI
distribution files shipped inside the installed ``flask-swagger-ui`` package (whose version
is the Swagger UI version it carries), served from here, so the page works offline; its
Content-Security-Policy forbids other origins. Only the package's files are used: its
blueprint's page starts Swagger UI with an inline script, which that policy forbids, so the
page here is our own template and ``static/docs.js``.

The service's icon is ``static/favicon.svg``, which the pages link; ``/favicon.ico`` serves it
too, for browsers and tools that ask for it by that name.
"""
from __future__ import annotations

from functools import cache
from importlib.resources import files

from flask import Blueprint, Response, abort, current_app, render_template, send_from_directory

bp = Blueprint("docs", __name__)

# The Swagger UI distribution inside the package, and the files of it the page uses; nothing
# else of the package is served.
_DIST = files("flask_swagger_ui") / "dist"
_ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'")
_FAVICON = "favicon.svg"


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
    """A file of the Swagger UI distribution."""
    if name not in _ASSETS:
        abort(404)
    return send_from_directory(str(_DIST), name, max_age=86400)


@bp.get("/favicon.ico")
def favicon():
    """The service's icon (an SVG, which browsers take under this conventional name too)."""
    return send_from_directory(current_app.static_folder, _FAVICON, mimetype="image/svg+xml",
                               max_age=86400)

"""``GET /review``: the editors' page that calls ``/v1/quotes`` for one article and
``/v1/compare`` for two versions."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("review", __name__)

# The page's script and style are served by the service itself; nothing from other origins.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'")


@bp.get("/review")
def review_page():
    """Paste one article, or two versions, and see the quotes highlighted in place."""
    response = current_app.make_response(render_template("review.html"))
    response.headers["Content-Security-Policy"] = _CSP
    return response

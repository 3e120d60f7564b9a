"""Liveness and readiness."""
from __future__ import annotations

from flask import Blueprint, current_app
from marshmallow import Schema, fields

from api import errors
from api.state import get_state

bp = Blueprint("health", __name__)


class HealthSchema(Schema):
    """The process answers."""

    status = fields.String(required=True, metadata={"description": "Always `ok`."})


class ReadySchema(Schema):
    """The model is loaded and requests will be served."""

    status = fields.String(required=True, metadata={"description": "Always `ready`."})
    model = fields.String(required=True, metadata={"description": "The loaded model."})
    version = fields.String(required=True, metadata={"description": "The model's version."})
    tagger = fields.String(required=True, metadata={
        "description": "The attribution tagger, as name and version, or `off`."})


@bp.get("/healthz")
def healthz():
    """Liveness: the process is up."""
    return HealthSchema().dump({"status": "ok"})


@bp.get("/readyz")
def readyz():
    """Readiness: 503 until the model is loaded, then 200."""
    state = get_state(current_app)
    if not state.ready:
        raise errors.ApiProblem(503, errors.MSG_MODEL_UNAVAILABLE,
                                problem_type=errors.MODEL_UNAVAILABLE)
    return ReadySchema().dump({"status": "ready", **state.info})

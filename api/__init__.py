"""The HTTP layer: ``create_app()`` builds the Flask application.

gunicorn runs ``api:create_app()``; see the Procfile.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from api import config as settings
from api import compare, docs, errors, health, logs, metrics, quotes, review
from api.limits import Limits
from api.state import EXTENSION, QuotesState


def create_app(config: Mapping[str, Any] | None = None, *, pipeline: Any = None) -> Flask:
    """Build the application.

    Settings are the defaults, overridden by the environment (read here, once), overridden by
    ``config``. The model named by ``QUOTES_MODEL`` loads here, once per process, unless
    ``QUOTES_PRELOAD`` is false; ``pipeline`` hands in one already loaded.

    Raises :class:`nlp.ModelNotFound` (naming the setting) when the model is not installed.
    """
    app = Flask(__name__)
    app.config.update(settings.defaults())
    app.config.update(settings.from_environ())
    if config is not None:
        app.config.update(config)
    app.json.sort_keys = False  # keep the schemas' field order
    app.json.ensure_ascii = False

    logs.init_app(app)
    metrics.init_app(app)
    errors.register_error_handlers(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(quotes.bp)
    app.register_blueprint(compare.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(docs.bp)

    state = QuotesState(model=app.config["QUOTES_MODEL"], tagger=app.config["QUOTES_TAGGER"],
                        limits=Limits.from_config(app.config))
    app.extensions[EXTENSION] = state
    if pipeline is not None or app.config["QUOTES_PRELOAD"]:
        state.load(pipeline)
    return app

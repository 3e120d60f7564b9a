"""Settings: their defaults and the environment variables that override them.

The environment is read once, by :func:`from_environ`, which the factory calls; nothing here
runs at import time.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable

import nlp


@dataclass(frozen=True)
class Setting:
    """One setting: its config key, its environment variable, default and meaning."""

    key: str
    env: str
    default: Any
    parse: Callable[[str], Any]
    description: str


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true or false, got {raw!r}")


def positive_seconds(raw: str) -> float:
    """A positive, finite number of seconds (ValueError otherwise)."""
    value = float(raw)
    if not value > 0 or value == float("inf"):
        raise ValueError(f"expected a positive number of seconds, got {raw!r}")
    return value


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError(f"expected a positive integer, got {raw!r}")
    return value


# The application's settings. gunicorn's own (workers, timeout, ...) live in gunicorn.conf.py.
SETTINGS: tuple[Setting, ...] = (
    Setting("QUOTES_MODEL", nlp.MODEL_SETTING, nlp.DEFAULT_MODEL, str,
            "Installed spaCy pipeline (package name or path) the extraction runs on."),
    Setting("QUOTES_TAGGER", nlp.TAGGER_SETTING, nlp.DEFAULT_TAGGER, str,
            "Trained attribution tagger run after the pipeline: `builtin` (shipped with the "
            "package), `off` (rules only) or the directory of one made by "
            "`scripts/train-attribution`."),
    Setting("QUOTES_MAX_TEXT_CHARS", "QUOTES_MAX_TEXT_CHARS", 200_000, _positive_int,
            "Longest article text accepted, in characters (code points); longer gets 413."),
    Setting("QUOTES_MAX_HTML_BYTES", "QUOTES_MAX_HTML_BYTES", 5 * 1024 * 1024, _positive_int,
            "Largest HTML page accepted, in bytes (a text/html body, or an `html` field as "
            "UTF-8); larger gets 413."),
    Setting("MAX_CONTENT_LENGTH", "QUOTES_MAX_BODY_BYTES", 2 * 1024 * 1024, _positive_int,
            "Largest request body accepted, in bytes; larger gets 413."),
    Setting("QUOTES_MAX_BATCH_DOCS", "QUOTES_MAX_BATCH_DOCS", 100, _positive_int,
            "Most documents accepted in one batch; more gets 413."),
    Setting("QUOTES_MAX_TEXT_TOKENS", "QUOTES_MAX_TEXT_TOKENS", 30_000, _positive_int,
            "Most words and punctuation marks accepted in one text (what its analysis time "
            "grows with); more gets 413."),
    Setting("QUOTES_MAX_BATCH_TOKENS", "QUOTES_MAX_BATCH_TOKENS", 30_000, _positive_int,
            "Most words and punctuation marks accepted in all the texts of one batch; more "
            "gets 413."),
    Setting("QUOTES_MAX_BATCH_CHARS", "QUOTES_MAX_BATCH_CHARS", 2_000_000, _positive_int,
            "Most characters accepted in all the texts of one batch; more gets 413."),
    Setting("QUOTES_MAX_BATCH_BYTES", "QUOTES_MAX_BATCH_BODY_BYTES", 8 * 1024 * 1024,
            _positive_int, "Largest batch request body accepted, in bytes; larger gets 413."),
    Setting("QUOTES_ANALYSIS_TIMEOUT", "QUOTES_ANALYSIS_TIMEOUT", 30.0, positive_seconds,
            "Most CPU seconds one text's analysis may take (for /v1/compare, both versions "
            "together); an analysis that runs over is stopped and answered 413 "
            "`urn:quotes:problem:analysis-timeout` (in a batch, that document's problem). "
            "Well under the read and worker timeouts; at the caps the slowest input known "
            "takes under 20 s here."),
    Setting("QUOTES_PRELOAD", "QUOTES_PRELOAD", True, _bool,
            "Load the model inside create_app(); if false it loads on the first request "
            "and /readyz answers 503 until then."),
    Setting("QUOTES_LOG_LEVEL", "QUOTES_LOG_LEVEL", "INFO", lambda raw: raw.strip().upper(),
            "Level of the JSON-lines log written to standard error."),
)


class ConfigError(ValueError):
    """A setting in the environment has a value that cannot be used."""


def defaults() -> dict[str, Any]:
    """Every setting at its default value."""
    return {setting.key: setting.default for setting in SETTINGS}


def from_environ(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings given in ``environ`` (default ``os.environ``), parsed."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.env)
        if raw is None or raw == "":
            continue
        try:
            values[setting.key] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{setting.env}: {exc}") from exc
    return values

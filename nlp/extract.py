"""doc -> attribution records."""
from __future__ import annotations

from spacy.tokens import Doc

from nlp.types import Analysis


def extract(doc: Doc) -> Analysis:
    """The attributions in a parsed article."""
    return Analysis()

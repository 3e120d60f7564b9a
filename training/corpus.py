"""The spaCy reader for the prepared corpus, and the tagger's feature code.

The prepared documents carry the service pipeline's own parse. spaCy's stock reader would
re-tokenize their text and lose it, so this reader hands the tagger a copy of each parsed
document (the small model's entities set aside where the features read them) and scores it
against the gold attributions, which become the reference's entities.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import registry

from nlp.features import ENTITIES_KEY  # also registers quotes.AttributionEmbed.v2
from training.prepare import SPANS_KEY


@registry.readers("quotes.ParsedCorpus.v1")
def parsed_corpus(path: Path, limit: int = 0) -> Callable[[Language], Iterator[Example]]:
    def read(nlp: Language) -> Iterator[Example]:
        docs = DocBin().from_disk(path).get_docs(nlp.vocab)
        for n, doc in enumerate(docs):
            if limit and n >= limit:
                return
            reference = doc.copy()
            reference.set_ents(list(doc.spans[SPANS_KEY]), default="outside")
            doc.spans[ENTITIES_KEY] = list(doc.ents)
            doc.set_ents([], default="missing")
            yield Example(doc, reference)
    return read

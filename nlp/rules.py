"""The rules, all of them, over a parsed document: the cues found through the parse
(:mod:`nlp.attribution`), then the quotations linked to their attribution
(:mod:`nlp.linking`).

The trained tagger reads what the rules found as features, inside ``nlp(text)``, before the
extraction needs them; so the first call of :func:`rule_drafts` keeps them on the ``Doc``, in
the extension ``Doc._.quotes_rule_drafts`` (a fingerprint of the parse and the drafts as plain
values, which survive pickling and ``Doc.to_bytes``), and the extraction's own call takes them
from there (a ``Doc`` parsed again no longer matches, and gets the rules again).
"""
from __future__ import annotations

import zlib

from spacy.attrs import DEP, HEAD, LEMMA, ORTH, TAG
from spacy.tokens import Doc

from nlp import deadline
from nlp.attribution import (find_noun_cues, find_poll_phrases, find_prepositional_cues,
                             find_tag_lines, find_transcript_turns, find_verb_cues)
from nlp.drafts import Draft, drop_duplicates
from nlp.linking import link_quotations
from nlp.parse import forget_parse
from nlp.quotemarks import Quotations

RULES_EXTENSION = "quotes_rule_drafts"  # Doc._.quotes_rule_drafts: what the rules found
if not Doc.has_extension(RULES_EXTENSION):
    Doc.set_extension(RULES_EXTENSION, default=None)


def rule_drafts(doc: Doc, quotations: Quotations) -> list[Draft]:
    """Steps 2-3 by the rules alone, for the quotations of ``doc``'s own text.

    The tagger reads them as features before the extraction needs them, so the first call
    leaves them on the ``Doc`` as plain values (which survive pickling and ``Doc.to_bytes``),
    and later calls rebuild fresh drafts from those: the extraction changes its drafts in
    place. They are kept with a fingerprint of the parse, which a ``Doc`` parsed again no
    longer matches."""
    parse = _fingerprint(doc)
    kept = doc._.get(RULES_EXTENSION)
    if kept is not None and kept[0] == parse:
        return [Draft.from_row(row) for row in kept[1]]
    forget_parse(doc)
    drafts = (find_verb_cues(doc, quotations) + find_prepositional_cues(doc, quotations)
              + find_poll_phrases(doc, quotations) + find_noun_cues(doc, quotations)
              + find_transcript_turns(doc, quotations)
              + find_tag_lines(doc, quotations))
    deadline.check()
    drafts = link_quotations(doc, quotations, drop_duplicates(drafts))
    doc._.set(RULES_EXTENSION, [parse, [d.to_row() for d in drafts]])
    return drafts


def _fingerprint(doc: Doc) -> int:
    """What the rules read, in one number: the words, tags, lemmas and the tree."""
    return zlib.crc32(doc.to_array([ORTH, TAG, LEMMA, HEAD, DEP]).tobytes())

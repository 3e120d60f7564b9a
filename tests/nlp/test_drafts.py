"""Drafts: attributions before they become records."""
from __future__ import annotations

import json

from nlp.drafts import Draft


def test_a_draft_survives_the_row_it_is_stored_as():
    draft = Draft(pieces=[(0, 10), (20, 30)], cue=(3, 4), cue_head=3, speaker=1,
                  construction="quote", confidence=0.8, lemma="say", cue_chars=(12, 16),
                  speaker_tokens=(0, 2), floating=[(20, 30)])
    row = json.loads(json.dumps(draft.to_row()))  # plain values, as Doc.user_data keeps them
    assert Draft.from_row(row) == draft


def test_a_draft_has_no_floating_piece_unless_one_is_joined():
    draft = Draft(pieces=[(0, 10)], cue=None, cue_head=None, speaker=None,
                  construction="tagged", confidence=0.5)
    assert draft.floating == [] and Draft.from_row(draft.to_row()) == draft

"""Properties of ``nlp.analyze`` on any text a scraper might send.

Whatever the text, the analysis never raises, every offset points exactly at the string it
reports, records come in text order with well-formed ids, and the same text gives the same
records every time (alone or through ``analyze_many``). Examples are bounded so the file runs
in well under a minute; in CI (``CI`` set) they are derandomised so a run is reproducible.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nlp

_SETTINGS = dict(deadline=None, database=None, derandomize=bool(os.environ.get("CI")),
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

QUOTE_MARKS = ['"', "“", "”", "„", "«", "»", "‘", "’", "''", "'", "‹", "›", "「", "」"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
CONTROLS = [chr(code) for code in (*range(0, 32), 127, 0x85, 0x2028, 0x2029)]
RTL = ["\u200f", "\u202b", "\u202e", "قال الوزير", "אמר השר", "\u202c"]
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "\ufe0f", "🏳️‍🌈"]
WORDS = ["said", "says", "told", "according to", "the minister", "Ms. Smith", "he", "she",
         "The company", "warned", "that", "no", "plan", "would", "work", "reporters",
         "Mr. O'Neil", "was", "not", "added", "a spokesperson", "claimed", "—", ",", ".",
         ":", ";", "?", "!", "(", ")", "-", "...", "Q:", "A:"]
SPACES = [" ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u3000", "\r\n"]

# Any Unicode scalar value: the API turns away unpaired surrogates before they reach nlp.
any_char = st.characters(exclude_categories=("Cs",))
fragment = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(QUOTE_MARKS), st.sampled_from(SPACES),
    st.sampled_from(ZERO_WIDTH), st.sampled_from(CONTROLS), st.sampled_from(RTL),
    st.sampled_from(EMOJI), st.text(any_char, min_size=1, max_size=8),
)
# Text shaped like news copy gone wrong: cue words, speakers and quotation marks of every
# kind, unbalanced, mixed with invisible, control, right-to-left and emoji characters.
newsy_text = st.lists(fragment, max_size=80).map(" ".join)
# Large shapes: a very long token, thousands of lines, no punctuation, a run of marks.
large_text = st.one_of(
    st.builds(lambda n, c: c * n, st.integers(1_000, 20_000), st.sampled_from("aé😀x")),
    st.builds(lambda n, line: line * n, st.integers(1_000, 1_500),
              st.sampled_from(["He said no.\n", "\n", "“\n", "x\n", "said\r\n"])),
    st.builds(lambda n: "the minister said the plan would work " * n, st.integers(50, 150)),
    st.builds(lambda n, mark: mark * n, st.integers(100, 1_000), st.sampled_from(QUOTE_MARKS)),
    st.builds(lambda n, word, mark: (mark + word + " ") * n, st.integers(10, 300),
              st.sampled_from(["no", "He said", "x"]), st.sampled_from(QUOTE_MARKS)),
)


def check_offsets(text: str, analysis: nlp.Analysis) -> None:
    """Every offset is inside the text and points at exactly the string it reports."""
    def piece(offsets) -> str:
        assert 0 <= offsets.start <= offsets.end <= len(text), offsets
        return text[offsets.start:offsets.end]

    for quote in analysis.quotes:
        assert piece(quote.span) == quote.text, quote.id
        assert quote.spans, quote.id
        for part in quote.spans:
            piece(part)
            assert quote.span.start <= part.start <= part.end <= quote.span.end, quote.id
        if quote.cue is not None:
            assert piece(quote.cue.span) == quote.cue.text, quote.id
        if quote.speaker is not None and quote.speaker.mention_span is not None:
            assert piece(quote.speaker.mention_span) == quote.speaker.mention, quote.id
        sentence = quote.sentence
        assert 0 <= sentence.start <= sentence.end <= len(text), quote.id
        assert sentence.text is None or text[sentence.start:sentence.end] == sentence.text, \
            quote.id


def check_records(analysis: nlp.Analysis) -> None:
    """Records in text order, ids q1..qn, parents and speakers pointing at records."""
    ids = [quote.id for quote in analysis.quotes]
    assert ids == [f"q{n}" for n in range(1, len(ids) + 1)]
    starts = [quote.span.start for quote in analysis.quotes]
    assert starts == sorted(starts)
    for quote in analysis.quotes:
        assert quote.type in {"direct", "indirect", "mixed"}
        assert quote.parent_id is None or (quote.parent_id in ids and quote.parent_id != quote.id)
    for entity in analysis.speakers:
        assert set(entity.quote_ids) <= set(ids), entity.entity_id


def check_all(pipeline, text: str) -> None:
    analysis = nlp.analyze(pipeline, text)
    check_offsets(text, analysis)
    check_records(analysis)


@settings(max_examples=120, **_SETTINGS)
@given(text=st.text(any_char, max_size=400))
def test_any_unicode_text(pipeline, text):
    check_all(pipeline, text)


@settings(max_examples=120, **_SETTINGS)
@given(text=newsy_text)
def test_newsy_text_with_stray_marks_and_invisible_characters(pipeline, text):
    check_all(pipeline, text)


@settings(max_examples=15, **_SETTINGS)
@given(text=large_text)
def test_large_pathological_shapes(pipeline, text):
    check_all(pipeline, text)


@settings(max_examples=25, **_SETTINGS)
@given(texts=st.lists(newsy_text, min_size=1, max_size=4))
def test_same_records_every_time_alone_or_in_a_batch(pipeline, texts):
    alone = [nlp.analyze(pipeline, text) for text in texts]
    assert [nlp.analyze(pipeline, text) for text in texts] == alone
    assert list(nlp.analyze_many(pipeline, texts, batch_size=2)) == alone

"""doc -> attribution records: a pipeline of small steps.

1. find quotations by their marks (:mod:`nlp.quotemarks`);
2. find cues through the parse and the content each introduces (:mod:`nlp.attribution`);
3. attach quotations with no cue in their clause to the cue nearby, or to the quotation they
   continue (:mod:`nlp.linking`; steps 2 and 3 are :func:`nlp.rules.rule_drafts`); take the
   trained tagger's exact spans, and the contents only it found (:mod:`nlp.tagged`);
4. drop what comes from page furniture, link nested attributions;
5. resolve speakers to entities (:mod:`nlp.speakers`) and assess stance (:mod:`nlp.stance`);
6. build the frozen records.
"""
from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span

from nlp import attitude, deadline, speakers
from nlp.acts import act_of
from nlp.attribution import with_raised_subjects
from nlp.drafts import Draft, drop_duplicates
from nlp.furniture import Furniture
from nlp.linking import float_quotations
from nlp.lexicons import load_lexicon, load_table
from nlp.parse import doc_text, sentence_of, trim
from nlp.quotemarks import Quotation, Quotations, find_quotations, quoted_share
from nlp.rules import rule_drafts
from nlp.stance import assess_stance
from nlp.tagged import read_tags, refine_drafts, tagged_drafts
from nlp.types import SENTENCE_TEXT_BUDGET, Analysis, Cue, Offsets, Piece, Quote, Sentence

_MAX_NESTING = 8  # how deep attributions inside attributions are looked for
_DIRECT_SHARE = 0.85  # share of a content inside quotation marks for it to count as direct
_FLOATING_CONFIDENCE = 0.7  # a floating piece's share, where the table has no figure


def extract(doc: Doc) -> Analysis:
    """The attributions in a parsed article, in text order."""
    if not doc_text(doc).strip():
        return Analysis()
    quotations = find_quotations(doc_text(doc))
    return _records(doc, _bounded_overlap(find_drafts(doc, quotations)), quotations)


def find_drafts(doc: Doc, quotations: Quotations) -> list[Draft]:
    """Steps 2-4: every attribution as a draft, in text order, furniture left out."""
    tags = read_tags(doc)
    drafts = refine_drafts(doc, rule_drafts(doc, quotations), tags)
    deadline.check()
    drafts += tagged_drafts(doc, drafts, tags)
    deadline.check()
    furniture = Furniture(doc_text(doc), quotations)
    drafts = _without_dangling_ends(doc, _without_furniture(doc, drafts, furniture))
    drafts = _without_anonymity_requests(doc, drafts)
    drafts = with_raised_subjects(doc, drafts)
    return float_quotations(doc, quotations, drop_duplicates(drafts), skip=furniture.covers)


def construction_key(draft: Draft) -> str:
    """What the confidence table is keyed by: the construction, and whether a speaker was
    found ("ccomp+speaker", "quote-speaker")."""
    return _keyed(draft.construction.split("+")[0], draft)


def _keyed(construction: str, draft: Draft) -> str:
    return f"{construction}{'+' if draft.speaker is not None else '-'}speaker"


@lru_cache(maxsize=1)
def _confidence_table() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in load_table("confidence.tsv")}


def _confidence(draft: Draft) -> float:
    return _confidence_table().get(construction_key(draft), draft.confidence)


def floating_key(draft: Draft) -> str:
    """The confidence table's key for a floating piece of ``draft``."""
    return _keyed("floating", draft)


def _pieces(draft: Draft, confidence: float) -> tuple[Piece, ...]:
    """The draft's pieces. A floating one has its own confidence: the record's, times how
    often a floating piece lies in the content of the record it joins where that record is
    right (calibrated as ``floating+speaker``: its construction's own figure)."""
    floating = _confidence_table().get(floating_key(draft), _FLOATING_CONFIDENCE)
    floated = sorted(draft.floating)
    starts = [start for start, _ in floated]

    def floats(s: int, e: int) -> bool:  # a floated quotation lies inside the piece
        k = bisect_left(starts, s)
        return k < len(floated) and floated[k][1] <= e

    return tuple(
        Piece(s, e, floating=True, confidence=round(confidence * floating, 2)) if floats(s, e)
        else Piece(s, e, floating=False, confidence=confidence)
        for s, e in draft.pieces)


def _without_furniture(doc: Doc, drafts: list[Draft], furniture: Furniture) -> list[Draft]:
    kept = []
    for d in drafts:
        anchor = doc[d.cue_head].idx if d.cue_head is not None else d.start
        if furniture.covers(anchor) or furniture.covers(d.start):
            continue
        kept.append(d)
    return kept


def _without_anonymity_requests(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """The drafts, less those whose content is a source's request not to be named ("who
    asked not to be named", "requested anonymity to speak freely": anonymity_requests.txt)."""
    text = doc_text(doc)
    formulas, longest = _anonymity_requests()
    kept = []
    for d in drafts:
        start, end = d.pieces[0]
        words = tuple(text[start:min(end, start + 100)].lower().split()[:longest])
        if not any(words[:len(f)] == f for f in formulas):
            kept.append(d)
    return kept


@lru_cache(maxsize=1)
def _anonymity_requests() -> tuple[tuple[tuple[str, ...], ...], int]:
    """The formulas as word tuples, and the length of the longest."""
    formulas = tuple(tuple(line.split()) for line in load_lexicon("anonymity_requests.txt"))
    return formulas, max(len(f) for f in formulas)


_DANGLING = frozenset({"and", "but", "or", "nor"})


def _without_dangling_ends(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Contents that end on a conjunction ("... would stand up to the attacks, and") end
    before it: a reported content never stops on the word that opens what follows."""
    text = doc_text(doc)
    for d in drafts:
        start, end = d.pieces[-1]
        last = doc.char_span(max(end - 1, start), end, alignment_mode="expand")
        if last is None or not len(last) or last[-1].lower_ not in _DANGLING \
                or last[-1].pos_ != "CCONJ" or last[-1].idx <= start:
            continue
        cut = trim(text, start, last[-1].idx)
        if cut[1] > cut[0]:
            d.pieces[-1] = cut
    return drafts


def _bounded_overlap(drafts: list[Draft], limit: int = _MAX_NESTING + 1) -> list[Draft]:
    """The drafts, less those that would put a character of the text inside more than
    ``limit`` contents: attributions nested deeper than :data:`_MAX_NESTING` levels (or
    overlapping as many) are not reported. Real reporting chains stop after three or four
    levels; without a bound, a sentence of thousands of "X said" would give thousands of
    records each repeating most of the text. Outer drafts are kept first."""
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].start, -drafts[i].end))
    open_ends: list[int] = []  # a heap of the kept drafts' ends
    kept = bytearray(len(drafts))
    for i in order:
        while open_ends and open_ends[0] <= drafts[i].start:
            heapq.heappop(open_ends)
        if len(open_ends) < limit:
            heapq.heappush(open_ends, drafts[i].end)
            kept[i] = 1
    return [d for d, keep in zip(drafts, kept) if keep]


def _nesting(doc: Doc, drafts: list[Draft]) -> list[int | None]:
    """For each draft, the index of the innermost draft whose content holds its cue and its
    content. Drafts are visited by where they start, with the drafts still open on a stack,
    so that the cost stays near linear however many attributions an article has."""
    parents: list[int | None] = [None] * len(drafts)
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].start, -drafts[i].end))
    open_drafts: list[int] = []
    for i in order:
        inner = drafts[i]
        while open_drafts and drafts[open_drafts[-1]].end <= inner.start:
            open_drafts.pop()
        if inner.cue_head is not None:
            cue_char = doc[inner.cue_head].idx
            for j in reversed(open_drafts[-_MAX_NESTING:]):
                outer = drafts[j]
                if (outer.start, outer.end) != (inner.start, inner.end) and any(
                        s <= inner.start and inner.end <= e and s <= cue_char < e
                        for s, e in outer.pieces):
                    parents[i] = j
                    break
        open_drafts.append(i)
    return parents


def _quote_type(quotations: list[Quotation], pieces: list[tuple[int, int]]) -> str:
    inside = sum(quoted_share(quotations, s, e) * (e - s) for s, e in pieces)
    total = sum(e - s for s, e in pieces)
    if inside <= 0:
        return "indirect"
    return "direct" if inside >= _DIRECT_SHARE * total else "mixed"


def _records(doc: Doc, drafts: list[Draft], quotations: list[Quotation]) -> Analysis:
    text = doc_text(doc)
    parents = _nesting(doc, drafts)
    ids = [f"q{i + 1}" for i in range(len(drafts))]
    mentions: list[tuple[str, Span]] = []
    for qid, d in zip(ids, drafts):
        if d.speaker_tokens is not None:
            mentions.append((qid, doc[d.speaker_tokens[0]:d.speaker_tokens[1]]))
        elif d.speaker is not None:
            mentions.append((qid, speakers.expand_mention(doc[d.speaker])))
    resolved, entities = speakers.resolve_speakers(doc, mentions)
    sentence_starts = {sent.start: n for n, sent in enumerate(doc.sents)}
    sentences = _sentences(doc, drafts, sentence_starts)
    quotes = []
    for i, (qid, d) in enumerate(zip(ids, drafts)):
        deadline.check()
        start, end = d.start, d.end
        cue = None
        cue_span = None
        if d.cue is not None:
            cue_span = doc[d.cue[0]:d.cue[1]]
            c_start, c_end = d.cue_chars or (cue_span.start_char, cue_span.end_char)
            cue = Cue(text=text[c_start:c_end], lemma=d.lemma or cue_span.root.lemma_.lower(),
                      span=Offsets(c_start, c_end))
        contents = [c for c in (doc.char_span(s, e, alignment_mode="expand") for s, e in d.pieces)
                    if c is not None]
        stance = attitude.decide(assess_stance(cue_span, contents), contents)
        confidence = _confidence(d)
        quotes.append(Quote(
            id=qid, type=_quote_type(quotations, d.pieces), text=text[start:end],
            span=Offsets(start, end), spans=_pieces(d, confidence),
            cue=cue, speaker=resolved.get(qid), stance=stance,
            sentence=sentences[i], parent_id=ids[parents[i]] if parents[i] is not None else None,
            confidence=confidence,
            act=act_of(cue.lemma if cue is not None else None,
                       doc[d.speaker] if d.speaker is not None else None)))
    return Analysis(quotes=tuple(quotes), speakers=entities)


def _sentences(doc: Doc, drafts: list[Draft], sentence_starts: dict[int, int]
               ) -> list[Sentence]:
    """Each draft's sentence, its text left out where the quotes of one sentence would
    repeat it past :data:`SENTENCE_TEXT_BUDGET` characters: the response stays in
    proportion to the text however many clauses a sentence strings together."""
    found = [_sentence(doc, d, sentence_starts) for d in drafts]
    repeats = Counter((s.start, s.end) for s in found)
    return [s if repeats[s.start, s.end] * (s.end - s.start) <= SENTENCE_TEXT_BUDGET
            else replace(s, text=None) for s in found]


def _sentence(doc: Doc, d: Draft, sentence_starts: dict[int, int]) -> Sentence:
    """The sentence(s) holding the content and its cue, never reaching past their paragraphs
    (the parser glues an unpunctuated headline to the first sentence)."""
    text = doc_text(doc)
    chars = [d.start, d.end - 1]
    if d.cue is not None:
        chars += [doc[d.cue[0]].idx, doc[d.cue[1] - 1].idx]
    low, high = min(chars), max(chars)
    first = doc.char_span(low, low + 1, alignment_mode="expand")
    last = doc.char_span(high, high + 1, alignment_mode="expand")
    s_first = sentence_of(first[0] if first is not None and len(first) else doc[0])
    s_last = sentence_of(last[-1]) if last is not None and len(last) else s_first
    start = max(s_first.start_char, text.rfind("\n", 0, low) + 1)
    paragraph_end = text.find("\n", high)
    end = min(s_last.end_char, len(text) if paragraph_end < 0 else paragraph_end)
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    index = sentence_starts.get(s_first.start, 0)
    return Sentence(index=index, text=text[start:end], start=start, end=end)

"""Quotations with no cue in their own clause, linked to their attribution: the cue in their
sentence or in the sentence introducing them (``He said: "..."``), the first half of an
interrupted quotation (``"X," he said. "Y."``), the paragraph a quotation runs on from, or a
dash and a name signing it (``"..." ― Jane Doe``)."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from spacy.attrs import POS
from spacy.tokens import Doc, Span, Token

from nlp import deadline
from nlp.cues import cue_nouns, reports_speech, verb_frames
from nlp.drafts import Draft, cover
from nlp.parse import (VERB_TAGS, child_with, children, cue_tokens, doc_text, find_speaker,
                       find_subject, inside_quotation, quotation_at, sentence_of, strip_punct,
                       token_range_chars, tokens_with)
from nlp.quotemarks import Quotation, Quotations

# Signed quotations: "...” ― Jane Doe" (and " - " / " -- " in plain copy).
_DASHES = frozenset("―—–")
_ASCII_DASHES = ("--", "-")

# Limits of what sits between two pieces of one quotation.
_MAX_INTERRUPTION_WORDS = 60
_MAX_TAIL_WORDS = 15
_MAX_GAP_CHARS = 600  # no interruption or reporting clause is longer
_SENTENCE_ENDS = frozenset(".!?")
_END_PUNCT = frozenset(".!?,;:…")  # what ends a piece of quoted speech, inside its marks
_INNER_MARKS = " \t'’\"”"  # a quotation inside another may close at its end
_SENTENCE_INSIDE = re.compile(r"[.!?] ")
# What may follow a quotation that is a whole sentence: white space and sentence punctuation.
_AFTER_QUOTATION = " \t\u00a0.,;!?"


def link_quotations(doc: Doc, quotations: Quotations, drafts: list[Draft]) -> list[Draft]:
    """Give every quotation not yet inside a draft its attribution: the cue in its sentence
    or the sentence introducing it (``He said: "..."``), the interrupted quotation's first half
    (``"X," he said. "Y."``), or the previous paragraph's quotation it continues."""
    text = doc_text(doc)
    result = sorted(drafts, key=lambda d: d.start)
    covered = bytearray(len(text))
    by_cue = {d.cue_head: d for d in result if d.cue_head is not None}
    quoting = _QuotingDrafts()
    verbs = _SpeechVerbs(doc, quotations)
    for d in result:
        cover(covered, d.pieces)
        if _ends_with_quotation(quotations, d.pieces[-1]):
            quoting.add(d)
    for q in quotations:
        deadline.check()
        qs, qe = q.inner
        if not text[qs:qe].strip() or covered.find(0, qs, qe) < 0:
            continue  # empty, or already reported by a draft
        draft = _dash_attribution(doc, q)
        if draft is None:
            draft = _attach_to_cue(doc, q, verbs, by_cue, quotations)
        if draft is None and not quotations.is_heading(q):
            draft = _continuation(doc, q, quoting.last_before(q.start), quotations)
        if draft is None:
            continue
        if draft.cue_head not in by_cue or by_cue[draft.cue_head] is not draft:
            result.append(draft)
            if draft.cue_head is not None:
                by_cue[draft.cue_head] = draft
        cover(covered, [(q.start, q.end)])
        quoting.add(draft)
    return result


def _sentence_of(doc: Doc, char: int) -> Span | None:
    token = _token_at(doc, char)
    return sentence_of(token) if token is not None else None


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0]


def _paragraph_bounds(text: str, char: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, char) + 1
    end = text.find("\n", char)
    return start, len(text) if end < 0 else end


# verbs by which the subject makes what its object names ("made the following comment",
# "issued a statement"), not passes on what another made ("released the suspect's statement")
_PRODUCING_VERBS = frozenset({"make", "give", "issue", "deliver", "offer", "post", "tweet",
                              "pen", "write"})


def _introduces_by_its_noun(verb: Token) -> bool:
    """A verb of making whose object is a noun of saying, in a sentence a colon ends, not in a
    clause of its own: "Sanders made the following comment:" introduces the quotation after it
    as "Sanders said:" would. Not where the noun names its maker ("the suspect's statement",
    "a statement from the family")."""
    obj = child_with(verb, ("dobj",))
    if obj is None or obj.lemma_.lower() not in cue_nouns() \
            or verb.lemma_.lower() not in _PRODUCING_VERBS or verb.dep_ in ("relcl", "acl"):
        return False
    if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("of", "from", "by"))
           for c in children(obj)):
        return False
    sent = sentence_of(verb)
    last = sent.end - 1
    while last > sent.start and sent.doc[last].is_space:
        last -= 1
    return sent.doc[last].text == ":"


def _noun_of_saying(verb: Token) -> list[int]:
    """The object of a verb :func:`_introduces_by_its_noun`, to join the cue; else none."""
    obj = child_with(verb, ("dobj",))
    if obj is None or verb.lemma_.lower() in verb_frames():
        return []
    return [obj.i]


class _SpeechVerbs:
    """The verbs of a document that can introduce a quotation (a reporting verb taking a
    clause, with a subject, outside quotation marks), found once, in text order, so that the
    one nearest a quotation is found by bisection however many quotations a sentence has."""

    def __init__(self, doc: Doc, quotations: Quotations) -> None:
        lexicon = verb_frames()
        self.doc = doc
        self.tokens: list[int] = []
        for token in tokens_with(doc, POS, VERB_TAGS):
            frames = lexicon.get(token.lemma_.lower())
            if (frames is not None and frames.ccomp or _introduces_by_its_noun(token)) \
                    and not (token.dep_ == "acl" and token.tag_ == "VBN") \
                    and not inside_quotation(quotations, token.idx) \
                    and find_subject(token) is not None:
                self.tokens.append(token.i)

    def nearest(self, first: int, last: int, start: int, end: int, low: int = 0,
                high: int | None = None) -> Token | None:
        """Of the verbs among tokens ``first`` to ``last`` (exclusive) that lie between the
        characters ``low`` and ``high`` and outside ``start``-``end``, the one nearest that
        stretch (the earlier of two as near)."""
        doc, tokens = self.doc, self.tokens
        i = bisect_left(tokens, first)
        j = bisect_left(tokens, last)
        before = after = None
        # the last verb starting before the stretch, and the first at or after its end
        k = _bisect_chars(doc, tokens, i, j, start) - 1
        if k >= i and doc[tokens[k]].idx >= low:
            before = doc[tokens[k]]
        k = _bisect_chars(doc, tokens, i, j, end)
        if k < j and (high is None or doc[tokens[k]].idx < high):
            after = doc[tokens[k]]
        if before is None or after is None:
            return before or after
        return before if start - before.idx <= after.idx - end else after


def _bisect_chars(doc: Doc, tokens: list[int], i: int, j: int, char: int) -> int:
    """The first position in ``tokens[i:j]`` whose token starts at or after ``char``."""
    while i < j:
        middle = (i + j) // 2
        if doc[tokens[middle]].idx < char:
            i = middle + 1
        else:
            j = middle
    return i


def _add_piece(draft: Draft, piece: tuple[int, int]) -> None:
    """Add a content piece, keeping pieces in order and merging any that overlap."""
    if not draft.pieces or piece[0] > draft.pieces[-1][1]:
        draft.pieces.append(piece)  # after the others: the common case, no sort
        return
    merged: list[tuple[int, int]] = []
    for start, end in sorted(draft.pieces + [piece]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    draft.pieces = merged


class _QuotingDrafts:
    """Drafts whose content ends with a quotation, found by where they end."""

    def __init__(self) -> None:
        self._ends: list[int] = []
        self._drafts: list[Draft] = []

    def add(self, draft: Draft) -> None:
        i = bisect_right(self._ends, draft.end)
        self._ends.insert(i, draft.end)
        self._drafts.insert(i, draft)

    def last_before(self, char: int) -> Draft | None:
        """The draft ending last at or before ``char``."""
        i = bisect_right(self._ends, char) - 1
        while i >= 0 and self._drafts[i].end > char:  # an entry from before it grew
            i -= 1
        return self._drafts[i] if i >= 0 else None


def _attach_to_cue(doc: Doc, q: Quotation, verbs: _SpeechVerbs,
                   by_cue: dict[int, Draft], quotations: Quotations) -> Draft | None:
    """The draft of the cue that reports ``q``: a new one, or the cue's existing draft with
    ``q`` added to its content."""
    text = doc_text(doc)
    first_sent = _sentence_of(doc, q.start)
    last_sent = _sentence_of(doc, q.end - 1)
    if first_sent is None or last_sent is None:
        return None
    p_start, p_end = _paragraph_bounds(text, q.start)
    # Cue in the quotation's own sentences, outside the marks: "..." he said / he said "...";
    # of several, the nearest
    verb = verbs.nearest(first_sent.start, last_sent.end, q.start, q.end, p_start, p_end)
    # The introducing sentence before: "He said:" / "Trump tweeted on Monday:"
    if verb is None and first_sent.start > 0:
        prev = sentence_of(doc[first_sent.start - 1])
        if _last_mark_before(text, prev.start_char, q.start) in (":", ","):
            verb = verbs.nearest(prev.start, prev.end, q.start, q.end)
    if verb is None:
        return None
    existing = by_cue.get(verb.i)
    if existing is not None:
        # The verb already reports something in this sentence: the quotation is more of it
        # only when it hangs from the verb too ("A," he said, "B"), not when it is a scare
        # quote elsewhere in the sentence.
        first, last = token_range_chars(doc, verb.left_edge.i, verb.right_edge.i)
        if first <= q.start and q.end <= last + 1 and not _in_speaker(doc, existing, q):
            _add_piece(existing, (q.start, q.end))
            return existing
        return None
    speaker = find_speaker(verb, [(q.start, q.end)], quotations, verb_frames())
    return Draft(pieces=[(q.start, q.end)], cue=cue_tokens(verb, _noun_of_saying(verb)),
                 cue_head=verb.i,
                 speaker=speaker.i if speaker is not None else None,
                 construction="quote", confidence=0.8 if speaker is not None else 0.5,
                 lemma=verb.lemma_.lower())


def _in_speaker(doc: Doc, draft: Draft, q: Quotation) -> bool:
    """Whether ``q`` lies in the phrase of the draft's speaker: '"...," said the senator, who
    called the plan "a disaster"' quotes the senator's words of another time."""
    if draft.speaker is None:
        return False
    head = doc[draft.speaker]
    first, last = token_range_chars(doc, head.left_edge.i, head.right_edge.i)
    return first <= q.start < last


def _last_mark_before(text: str, low: int, char: int) -> str:
    """The last character before ``char`` (back to ``low``) that is not white space, or ""."""
    i = char - 1
    while i >= low and text[i].isspace():
        i -= 1
    return text[i] if i >= low else ""


def _continuation(doc: Doc, q: Quotation, last: Draft | None, quotations: Quotations
                  ) -> Draft | None:
    """``last`` with ``q`` added, when ``q`` continues its quotation: the next piece of an
    interrupted quotation in the same paragraph, or the next paragraph of a quotation that
    ran over a paragraph. ``q`` floats (has no cue of its own) unless the cue's sentence
    reaches it ('"A," he said, "B."') or it carries on a quotation its paragraph left open
    ('he said: "A.' / '"B."', as news style runs one quotation over paragraphs)."""
    if last is None or q.start - last.end > _MAX_GAP_CHARS:
        return None
    text = doc_text(doc)
    gap = text[last.end:q.start]
    cue_char = doc[last.cue_head].idx if last.cue_head is not None else -1
    cue_in_gap = last.end <= cue_char < q.start
    if "\n" not in gap:
        # "X," he said. "Y."  — only the cue's sentence may sit between the two pieces, and
        # "Y" is no phrase quoted in a clause of the speaker's ('"X," said the boy, who wore a
        # "Make America Great Again" hat')
        if not cue_in_gap or len(gap.split()) > _MAX_INTERRUPTION_WORDS \
                or _quoted_phrase(doc, text, q):
            return None
        # "Y" floats when the cue's sentence ended before it ("X," he said. "Y."), not when
        # the cue interrupts one sentence ("X," he said, "Y.")
        floating = _last_mark_before(text, last.end, q.start) in _SENTENCE_ENDS
    else:
        before = quotation_at(quotations, last.end - 1)
        floating = before is None or before.closed
        # the next paragraph, opened by the quotation, after nothing or the reporting clause
        paragraph_start = text.rfind("\n", 0, q.start) + 1
        if text[paragraph_start:q.start].strip() or text[last.end:paragraph_start].count("\n") > 3:
            return None
        if gap.strip() and not (cue_in_gap and len(gap.split()) <= _MAX_TAIL_WORDS):
            return None
        if text[q.end:_paragraph_bounds(text, q.start)[1]].strip(" \t\u00a0.,;"):
            return None  # the paragraph goes on after the quotation: it has its own story
    _add_piece(last, (q.start, q.end))
    if floating:
        last.floating.append((q.start, q.end))
    return last


def _quoted_phrase(doc: Doc, text: str, q: Quotation) -> bool:
    """Whether ``q`` is a phrase quoted inside a sentence that goes on after it: no
    punctuation ends it ('"a disaster" last week') or any sentence in it, as it does quoted
    speech."""
    qs, qe = q.inner
    words = text[qs:qe].rstrip(_INNER_MARKS)
    if words[-1:] in _END_PUNCT or _SENTENCE_INSIDE.search(words):
        return False
    sentence = _sentence_of(doc, q.end - 1)
    end = min(sentence.end_char if sentence is not None else q.end,
              _paragraph_bounds(text, q.start)[1])
    return bool(text[q.end:end].strip(_AFTER_QUOTATION))


def _ends_with_quotation(quotations: Quotations, piece: tuple[int, int]) -> bool:
    q = quotation_at(quotations, piece[1] - 1)
    return q is not None and q.end == piece[1]


def _dash_attribution(doc: Doc, q: Quotation) -> Draft | None:
    """ "...” ― Jane Doe": a quotation signed with a dash and a name closing its paragraph."""
    text = doc_text(doc)
    _, p_end = _paragraph_bounds(text, q.start)
    tail = text[q.end:p_end]
    stripped = tail.lstrip()
    dash_char = q.end + len(tail) - len(stripped)
    if stripped[:1] in _DASHES:
        width = 1
    else:
        width = next((len(d) for d in _ASCII_DASHES
                      if stripped.startswith(d + " ") and stripped != tail), 0)
        if not width:
            return None
    name = doc.char_span(dash_char + width, p_end, alignment_mode="contract")
    if name is None or not 0 < len(name) <= 8 or not any(t.pos_ == "PROPN" for t in name):
        return None
    dash = doc.char_span(dash_char, dash_char + width, alignment_mode="expand")
    if dash is None:
        return None
    name = strip_punct(name)
    if name is None:
        return None
    return Draft(pieces=[(q.start, q.end)], cue=(dash.start, dash.end), cue_head=dash.start,
                 speaker=name.root.i, construction="dash", confidence=0.7,
                 lemma=text[dash_char:dash_char + width],
                 cue_chars=(dash_char, dash_char + width),
                 speaker_tokens=(name.start, name.end))


def float_quotations(doc: Doc, quotations: Quotations, drafts: list[Draft],
                     skip: Callable[[int], bool] = lambda char: False) -> list[Draft]:
    """Give a quotation no attribution holds, and that stands alone as a whole sentence or a
    whole paragraph, to the attribution it continues: the one record with a speaker whose cue
    is in the sentence just before (or, for a paragraph, the paragraph just before) — the
    speaker named there, as a reader takes it ('... said in a statement.' / '"In fact, ..."').

    Never when that sentence or paragraph holds no such record, or records of several speakers
    (nothing decides between them; one speaker's several, "Clinton said ... Clinton added
    ...", give the last), and never for a quotation at a place ``skip`` says is no article
    text (a headline, a caption). The quotation becomes another piece of the record it continues,
    as the annotators of PolNeAR join them. All run after the rules and the tagger, so that a
    record the tagger alone found can be continued too."""
    text = doc_text(doc)
    covered = bytearray(len(text))
    for d in drafts:
        cover(covered, d.pieces)
    cued = sorted((doc[d.cue_head].idx, n) for n, d in enumerate(drafts)
                  if d.cue_head is not None and d.speaker is not None)
    cue_chars = [char for char, _ in cued]
    ending = _ending_in_quotations(quotations, drafts)
    for q in quotations:
        deadline.check()
        qs, qe = q.inner
        if not text[qs:qe].strip() or 1 in covered[q.start:q.end] or skip(q.start):
            continue
        before = _unit_before(doc, text, q)
        if before is None:
            continue
        n = _continued(text, quotations, drafts, ending, before)
        if n is not None:  # the quotation before ended an attribution: its speaker goes on
            _float(drafts[n], q, covered, ending, n)
            continue
        low, high = bisect_left(cue_chars, before[0]), bisect_left(cue_chars, before[1])
        holders = list(dict.fromkeys(cued[k][1] for k in range(low, high)))  # cue order
        speakers = {doc[drafts[n].speaker].lower_ for n in holders}
        if len(speakers) > 1 and len(holders) <= _MAX_HOLDERS:
            # a thought or intention inside another's content is part of what that one reports
            # ("Ortiz said the mayor wanted to ..."): the quotation continues the outer
            # one; a report of speech inside it ("the driver admitted") may be what is quoted
            holders = [n for n in holders
                       if reports_speech(drafts[n].lemma)
                       or not any(m != n and _holds(drafts[m], doc[drafts[n].cue_head].idx)
                                  for m in holders)]
            speakers = {doc[drafts[n].speaker].lower_ for n in holders}
        if not holders or len(speakers) != 1:
            continue  # several speakers there: nothing decides ("Smith said ... Jones said")
        draft = drafts[holders[-1]]  # "He said ... He added ...": the last of one speaker's
        if draft.end > q.start:
            continue
        _float(draft, q, covered, ending, holders[-1])
    return drafts


def _float(draft: Draft, q: Quotation, covered: bytearray, ending: dict[int, int], n: int
           ) -> None:
    """Make ``q`` a floating piece of ``draft``, the ``n``th."""
    _add_piece(draft, (q.start, q.end))
    draft.floating.append((q.start, q.end))
    cover(covered, [(q.start, q.end)])
    ending[q.start] = n


def _ending_in_quotations(quotations: Quotations, drafts: list[Draft]) -> dict[int, int]:
    """Where a quotation that ends a draft with a speaker starts: that draft's index."""
    ending = {}
    for n, d in enumerate(drafts):
        if d.speaker is not None:
            held = quotations.overlapping(*d.pieces[-1])
            if len(held) == 1 and _covers(d.pieces[-1], held[0]):
                ending[held[0].start] = n
    return ending


def _covers(piece: tuple[int, int], q: Quotation) -> bool:
    return piece[0] <= q.inner[0] and q.inner[1] <= piece[1]


def _continued(text: str, quotations: Quotations, drafts: list[Draft], ending: dict[int, int],
               before: tuple[int, int]) -> int | None:
    """The draft whose content ends with a quotation that is the whole unit ``before``: a
    run of quotation paragraphs after one attribution are all its speaker's ('... said in a
    statement.' / '"In fact, ..."' / '"We should expect more tests."')."""
    held = quotations.overlapping(*before)
    if len(held) != 1 or held[0].start not in ending:
        return None
    q, n = held[0], ending[held[0].start]
    if (text[before[0]:q.start].strip() or text[q.end:before[1]].strip(_AFTER_QUOTATION)
            or not _covers(drafts[n].pieces[-1], q)):
        return None
    return n


# the most attributions of several speakers in the unit before a quotation that are weighed
# for which holds which (beyond, nothing decides: each quotation costs a bounded look)
_MAX_HOLDERS = 16


def _holds(draft: Draft, char: int) -> bool:
    return draft.start <= char < draft.end  # within what the draft covers


def _unit_before(doc: Doc, text: str, q: Quotation) -> tuple[int, int] | None:
    """The characters of the sentence before ``q`` when ``q`` is a whole sentence in its
    paragraph, or of the paragraph before when ``q`` is a whole paragraph; else None."""
    # the sentence its first word opens: the parse may leave an opening mark ("''") at the
    # end of the sentence before
    first, last = _sentence_of(doc, q.inner[0]), _sentence_of(doc, q.end - 1)
    if first is None or last is None:
        return None
    p_start, p_end = _paragraph_bounds(text, q.start)
    start = max(first.start_char, p_start)
    end = min(last.end_char, p_end)
    if text[start:q.start].strip() or text[q.end:end].strip(_AFTER_QUOTATION):
        return None  # the quotation shares its sentence with other words
    if not text[p_start:q.start].strip():
        if text[q.end:p_end].strip(_AFTER_QUOTATION):
            return None  # it opens a paragraph that goes on after it
        prev_end = _end_of_text_before(text, p_start)
        if prev_end <= 0:
            return None
        return _paragraph_bounds(text, prev_end - 1)
    if first.start == 0:
        return None
    prev = sentence_of(doc[first.start - 1])
    return max(prev.start_char, p_start), prev.end_char


def _end_of_text_before(text: str, char: int) -> int:
    """Just after the last character before ``char`` that is not white space (0: none)."""
    i = char
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i

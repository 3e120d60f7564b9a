"""Finding attributions in a parsed article: cues, their content and their speaker.

Each finder is a small step over the spaCy ``Doc`` that returns :class:`Draft` records in token
and character offsets; :mod:`nlp.extract` turns drafts into the public records.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from nlp.cues import Frames, cue_nouns, cue_prepositions, verb_frames
from nlp.quotemarks import ALL_MARKS, Quotation

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "ccomp"})
_TRIM_CHARS = " \t\n\r\u00a0\u200b,;:.!?—–-"
_VERB_TAGS = frozenset({"VERB", "AUX"})


@dataclass
class Draft:
    """An attribution before it becomes a record: character pieces and token anchors."""

    pieces: list[tuple[int, int]]
    cue: tuple[int, int] | None  # token range [start, end) of the cue words
    cue_head: int | None  # token index of the cue's head word
    speaker: int | None  # token index of the speaker's head word
    construction: str
    confidence: float
    lemma: str = ""
    extra_cue_tokens: tuple[int, ...] = field(default_factory=tuple)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


# ---------------------------------------------------------------------------------------------
# Small helpers over the parse


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip white space and sentence punctuation (not quote marks) from both ends."""
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        end -= 1
    return start, end


def token_range_chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character offsets of tokens ``first..last`` inclusive."""
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def subtree_range(token: Token, skip: Token | None = None) -> tuple[int, int]:
    """Token range [first, last] covered by ``token``'s subtree."""
    return token.left_edge.i, token.right_edge.i


def _child(token: Token, deps: Iterable[str]) -> Token | None:
    deps = frozenset(deps)
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def find_subject(verb: Token, depth: int = 0) -> Token | None:
    """The speaker's head word for a cue verb: its subject, the agent of a passive, or the
    subject of the verb a participle or infinitive hangs from ("X ..., saying ...")."""
    subject = _child(verb, _SUBJECT_DEPS)
    if subject is not None:
        if subject.dep_ == "nsubjpass":
            agent = _child(verb, ("agent",))
            by = _child(agent, ("pobj",)) if agent is not None else None
            return by
        if subject.lower_ in ("it", "there") and _child(verb, ("ccomp",)) is not None \
                and subject.i > verb.i - 3 and verb.tag_ in ("VBN",):
            return None
        return subject
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head  # "with Wang calling on ..."
    if verb.dep_ == "relcl":
        return verb.head
    if depth < 3 and verb.dep_ in _CLIMB_DEPS and verb.head is not verb:
        return find_subject(verb.head, depth + 1)
    return None


def quotation_at(quotations: Sequence[Quotation], char: int) -> Quotation | None:
    for q in quotations:
        if q.start <= char < q.end:
            return q
        if q.start > char:
            break
    return None


def align_to_quotations(start: int, end: int, quotations: Sequence[Quotation]
                        ) -> tuple[int, int]:
    """Widen a content range so that no quotation is cut in half by it."""
    q = quotation_at(quotations, start)
    if q is not None and q.start < start:
        start = q.start
    q = quotation_at(quotations, end - 1)
    if q is not None and end < q.end:
        end = q.end
    # A content that stops right before a closing mark takes the mark (and any comma inside it).
    return start, end


def inside_quotation(quotations: Sequence[Quotation], char: int) -> bool:
    q = quotation_at(quotations, char)
    return q is not None and q.start < char < q.end - (1 if q.closed else 0)


def _content_range(doc: Doc, first: int, last: int, quotations: Sequence[Quotation],
                   exclude: tuple[int, int] | None = None) -> tuple[int, int] | None:
    start, end = token_range_chars(doc, first, last)
    if exclude is not None:
        # keep the longer side of the range around the excluded (cue) words
        ex_start, ex_end = exclude
        if ex_start < end and ex_end > start:
            if ex_start - start >= end - ex_end:
                end = ex_start
            else:
                start = ex_end
    start, end = trim(doc.text, start, end)
    if end <= start:
        return None
    start, end = align_to_quotations(start, end, quotations)
    start, end = trim(doc.text, start, end)
    return (start, end) if end > start else None


# ---------------------------------------------------------------------------------------------
# Verb cues


def _prep_object(verb: Token, preps: frozenset[str], particles: frozenset[str]
                 ) -> tuple[Token, Token] | None:
    """(preposition or particle, its object) for "called for X", "pointed to X"."""
    for child in verb.children:
        word = child.lower_
        if child.dep_ == "prep" and word in preps:
            obj = _child(child, ("pobj", "pcomp"))
            if obj is not None:
                return child, obj
        if child.dep_ == "prt" and word in particles:
            obj = _child(verb, ("ccomp", "dobj", "xcomp"))
            if obj is not None:
                return child, obj
    return None


def _noun_complement(noun: Token) -> Token | None:
    """What a concern noun is about: "concerns over X", "concerns that X"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("over", "about", "on", "of", "regarding",
                                                      "at", "for", "that"):
            obj = _child(child, ("pobj", "pcomp"))
            if obj is not None:
                return obj
        if child.dep_ in ("acl", "ccomp", "relcl") and _child(child, ("mark",)) is not None:
            return child
    return None


def _verb_content(verb: Token, frames: Frames) -> tuple[str, int, int, list[int]] | None:
    """(construction, first token, last token, extra cue tokens) of what a cue verb reports."""
    ccomp = _child(verb, ("ccomp",))
    if frames.ccomp and ccomp is not None:
        return ("ccomp", *subtree_range(ccomp), [])
    found = _prep_object(verb, frames.preps, frames.particles)
    if found is not None:
        word, obj = found
        first, last = subtree_range(obj)
        xcomp = _child(verb, ("xcomp", "advcl"))
        if xcomp is not None and xcomp.i > obj.i:
            last = max(last, xcomp.right_edge.i)
        return ("prep", min(first, obj.i), last, [word.i])
    dobj = _child(verb, ("dobj",))
    xcomp = _child(verb, ("xcomp",))
    if frames.xcomp and xcomp is not None and xcomp.i > verb.i \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children):
        first = dobj.left_edge.i if dobj is not None and dobj.i < xcomp.i else xcomp.left_edge.i
        return ("xcomp", first, xcomp.right_edge.i, [])
    oprd = _child(verb, ("oprd",))
    if frames.oprd and dobj is not None and oprd is not None:
        return ("oprd", dobj.left_edge.i, oprd.right_edge.i, [])
    if frames.dobj and dobj is not None:
        if frames.dobj_heads:
            if dobj.lemma_.lower() not in frames.dobj_heads and dobj.lower_ not in frames.dobj_heads:
                return None
            comp = _noun_complement(dobj)
            if comp is None:
                return None
            return ("dobj-noun", *subtree_range(comp), [dobj.i])
        return ("dobj", *subtree_range(dobj), [])
    return None


def _parataxis_content(verb: Token) -> tuple[int, int] | None:
    """ "We will win," he said, "and ..." parsed with the cue as a parataxis of the quote."""
    if verb.dep_ not in ("parataxis",) or _child(verb, ("nsubj",)) is None:
        return None
    head = verb.head
    return head.left_edge.i, head.right_edge.i


def _cue_tokens(verb: Token, extra: Sequence[int]) -> tuple[int, int]:
    idx = [verb.i, *extra]
    for child in verb.children:
        if child.dep_ == "prt":
            idx.append(child.i)
    idx = [i for i in idx if abs(i - verb.i) <= 3]
    return min(idx), max(idx) + 1


def find_verb_cues(doc: Doc, quotations: Sequence[Quotation]) -> list[Draft]:
    """Attributions introduced by a reporting verb found through the parse."""
    lexicon = verb_frames()
    drafts = []
    for token in doc:
        if token.pos_ not in _VERB_TAGS:
            continue
        frames = lexicon.get(token.lemma_.lower())
        if frames is None or inside_quotation(quotations, token.idx):
            continue
        found = _verb_content(token, frames)
        exclude = None
        if found is None:
            para = _parataxis_content(token) if frames.ccomp else None
            if para is None:
                continue
            construction, first, last, extra = "parataxis", para[0], para[1], []
            exclude = token_range_chars(doc, token.left_edge.i, token.right_edge.i)
        else:
            construction, first, last, extra = found
        rng = _content_range(doc, first, last, quotations, exclude)
        if rng is None:
            continue
        cue = _cue_tokens(token, extra)
        speaker = find_subject(token)
        if speaker is not None and first <= speaker.i <= last:
            speaker = None
        drafts.append(Draft(pieces=[rng], cue=cue, cue_head=token.i,
                            speaker=speaker.i if speaker is not None else None,
                            construction=construction,
                            confidence=_verb_confidence(construction, speaker),
                            lemma=token.lemma_.lower()))
    return drafts


def _verb_confidence(construction: str, speaker: Token | None) -> float:
    base = {"ccomp": 0.75, "parataxis": 0.7, "prep": 0.6, "xcomp": 0.55, "dobj-noun": 0.6,
            "oprd": 0.5, "dobj": 0.45}.get(construction, 0.5)
    return round(base if speaker is not None else base - 0.2, 2)


# ---------------------------------------------------------------------------------------------
# "according to X"


def find_prepositional_cues(doc: Doc, quotations: Sequence[Quotation]) -> list[Draft]:
    """ "According to X, ..." and similar phrases whose object is the source."""
    phrases = cue_prepositions()
    drafts = []
    for phrase, source_word in phrases.items():
        n = len(phrase)
        for token in doc:
            if token.lower_ != phrase[0] or token.i + n > len(doc):
                continue
            words = tuple(t.lower_ for t in doc[token.i:token.i + n])
            if words != phrase or inside_quotation(quotations, token.idx):
                continue
            anchor = next(t for t in doc[token.i:token.i + n] if t.lower_ == source_word)
            obj = _child(anchor, ("pobj",))
            head_prep = doc[token.i]
            clause = head_prep.head
            while clause.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and clause.head is not clause:
                clause = clause.head
            phrase_span = (doc[token.i].idx,
                           doc[max(anchor.i, obj.right_edge.i if obj is not None else anchor.i)].idx
                           + len(doc[max(anchor.i, obj.right_edge.i if obj is not None else anchor.i)]))
            sent = token.sent
            first, last = max(clause.left_edge.i, sent.start), min(clause.right_edge.i, sent.end - 1)
            rng = _content_range(doc, first, last, quotations, exclude=phrase_span)
            if rng is None:
                continue
            speaker = _source_of_noun_cue(obj) if obj is not None else None
            drafts.append(Draft(pieces=[rng], cue=(token.i, token.i + n), cue_head=token.i,
                                speaker=speaker.i if speaker is not None else None,
                                construction="according", confidence=0.7,
                                lemma=" ".join(phrase)))
    return drafts


def _source_of_noun_cue(obj: Token) -> Token:
    """ "a readout from China's foreign ministry" -> the ministry; otherwise the object."""
    if obj.lower_ in cue_nouns() or obj.lemma_.lower() in cue_nouns():
        for child in obj.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                inner = _child(child, ("pobj",))
                if inner is not None:
                    return inner
            if child.dep_ == "poss":
                return child
    return obj


# ---------------------------------------------------------------------------------------------
# Quotations without a cue in their own clause


def _sentence_of(doc: Doc, char: int) -> Span | None:
    token = _token_at(doc, char)
    return token.sent if token is not None else None


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0]


def _paragraph_bounds(text: str, char: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, char) + 1
    end = text.find("\n", char)
    return start, len(text) if end < 0 else end


def _speech_verbs_in(doc: Doc, first: int, last: int, quotations: Sequence[Quotation]
                     ) -> list[Token]:
    lexicon = verb_frames()
    found = []
    for token in doc[first:last]:
        frames = lexicon.get(token.lemma_.lower())
        if token.pos_ in _VERB_TAGS and frames is not None and frames.ccomp \
                and not inside_quotation(quotations, token.idx) \
                and find_subject(token) is not None:
            found.append(token)
    return found


def link_quotations(doc: Doc, quotations: Sequence[Quotation], drafts: list[Draft]
                    ) -> list[Draft]:
    """Give every quotation not yet inside a draft its attribution: the cue in its sentence
    or the sentence introducing it (``He said: "..."``), the interrupted quotation's first half
    (``"X," he said. "Y."``), or the previous paragraph's quotation it continues."""
    text = doc.text
    drafts = sorted(drafts, key=lambda d: d.start)
    result = list(drafts)
    for q in quotations:
        qs, qe = q.inner
        if any(p[0] <= qs and qe <= p[1] for d in result for p in d.pieces):
            continue
        words = text[qs:qe].split()
        if len(words) < 1:
            continue
        new = _attach_to_cue(doc, q, quotations, result)
        if new is not None:
            result.append(new)
            continue
        if _continue_previous(doc, q, result):
            continue
    return result


def _attach_to_cue(doc: Doc, q: Quotation, quotations: Sequence[Quotation],
                   drafts: list[Draft]) -> Draft | None:
    text = doc.text
    first_sent = _sentence_of(doc, q.start)
    last_sent = _sentence_of(doc, q.end - 1)
    if first_sent is None or last_sent is None:
        return None
    p_start, p_end = _paragraph_bounds(text, q.start)
    # Cue in the quotation's own sentences, outside the marks: "..." he said / he said "..."
    verbs = _speech_verbs_in(doc, first_sent.start, last_sent.end, quotations)
    verbs = [v for v in verbs if not (q.start <= v.idx < q.end) and p_start <= v.idx < p_end]
    used = {d.cue_head for d in drafts}
    # The introducing sentence before: "He said:" / "Trump tweeted on Monday:"
    if not verbs and first_sent.start > 0:
        prev = doc[first_sent.start - 1].sent
        if text[prev.start_char:q.start].rstrip().endswith(":"):
            verbs = _speech_verbs_in(doc, prev.start, prev.end, quotations)
    if not verbs:
        return None
    verb = min(verbs, key=lambda v: min(abs(v.idx - q.start), abs(v.idx - q.end)))
    for d in drafts:
        if d.cue_head == verb.i:
            # the verb already reports something else in this sentence: add this piece to it
            if len(words := text[q.start:q.end].split()) >= 1:
                d.pieces = sorted(d.pieces + [(q.start, q.end)])
                d.construction = "quote+" + d.construction
            return None
    speaker = find_subject(verb)
    return Draft(pieces=[(q.start, q.end)], cue=_cue_tokens(verb, ()), cue_head=verb.i,
                 speaker=speaker.i if speaker is not None else None,
                 construction="quote", confidence=0.8 if speaker is not None else 0.5,
                 lemma=verb.lemma_.lower())


def _continue_previous(doc: Doc, q: Quotation, drafts: list[Draft]) -> bool:
    """Append ``q`` to the quotation it continues: the next piece of an interrupted quotation
    in the same paragraph, or the next paragraph of a quotation that ran over a paragraph."""
    text = doc.text
    before = [d for d in drafts if d.end <= q.start]
    if not before:
        return False
    last = max(before, key=lambda d: d.end)
    if not _is_direct_piece(text, last.pieces[-1]):
        return False
    gap = text[last.end:q.start]
    same_paragraph = "\n" not in gap
    cue_end = doc[last.cue[1] - 1].idx if last.cue else -1
    if same_paragraph:
        # "X," he said. "Y."  — only the cue sentence may sit between the two pieces
        if not (last.end <= cue_end < q.start) or len(gap.split()) > 25:
            return False
    else:
        paragraph_start = text.rfind("\n", 0, q.start) + 1
        if text[paragraph_start:q.start].strip():
            return False  # the quotation does not open its paragraph
        if gap.strip():
            return False
    last.pieces = last.pieces + [(q.start, q.end)]
    return True


def _is_direct_piece(text: str, piece: tuple[int, int]) -> bool:
    s, e = piece
    return e > s and text[s] in ALL_MARKS or text[e - 1] in ALL_MARKS


def drop_duplicates(drafts: list[Draft]) -> list[Draft]:
    """One draft per cue word and per content range."""
    seen_cues: set[int] = set()
    seen_ranges: set[tuple[int, int]] = set()
    out = []
    for d in sorted(drafts, key=lambda d: -d.confidence):
        key = (d.start, d.end)
        if (d.cue_head is not None and d.cue_head in seen_cues) or key in seen_ranges:
            continue
        if d.cue_head is not None:
            seen_cues.add(d.cue_head)
        seen_ranges.add(key)
        out.append(d)
    return sorted(out, key=lambda d: (d.start, d.end))

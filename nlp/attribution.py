"""Finding attributions in a parsed article: cues, their content and their speaker.

Each finder is a small step over the spaCy ``Doc`` that returns :class:`Draft` records in token
and character offsets; :mod:`nlp.extract` turns drafts into the public records.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import HEAD, LOWER, POS, TAG
from spacy.tokens import Doc, Span, Token

from nlp import deadline
from nlp.cues import Frames, cue_nouns, cue_prepositions, verb_frames
from nlp.quotemarks import Quotation, Quotations

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "ccomp", "acomp"})
_TRIM_CHARS = " \t\n\r\u00a0\u200b,;:.!?—–-"
_VERB_TAGS = frozenset({"VERB", "AUX"})
# Signed quotations: "...” ― Jane Doe" (and " - " / " -- " in plain copy).
_DASHES = frozenset("―—–")
_ASCII_DASHES = ("--", "-")
# Limits of what sits between two pieces of one quotation.
_MAX_INTERRUPTION_WORDS = 60
_MAX_TAIL_WORDS = 15
_MAX_GAP_CHARS = 600  # no interruption or reporting clause is longer
_PARTICIPLE_DEPS = frozenset({"advcl", "xcomp", "conj", "acl"})
_MIN_TURNS = 2  # paragraphs opened by "NAME:" before the text reads as a transcript
_CLAUSE_MARKS = frozenset({",", "—", "–"})  # what sets a reporting clause off
_MAX_TRAILING_WORDS = 6  # "the source added on Friday in Washington" and no more
_SOURCE_PREPS = frozenset({"from", "by"})  # "a statement from X", "a claim by X"
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "relcl"})
_CUE_AUX_DEPS = frozenset({"aux", "auxpass", "neg"})
_OBJECT_PREPS = frozenset({"as", "for", "of", "over", "about"})


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
    cue_chars: tuple[int, int] | None = None  # when the cue is part of a token ("”―")
    speaker_tokens: tuple[int, int] | None = None  # when the mention is known exactly

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def to_row(self) -> list:
        """The draft as plain values (lists, numbers, strings), for ``Doc.user_data``."""
        return [[list(p) for p in self.pieces], _listed(self.cue), self.cue_head, self.speaker,
                self.construction, self.confidence, self.lemma, _listed(self.cue_chars),
                _listed(self.speaker_tokens)]

    @classmethod
    def from_row(cls, row: list) -> "Draft":
        pieces, cue, cue_head, speaker, construction, confidence, lemma, cue_chars, tokens = row
        return cls([(a, b) for a, b in pieces], _paired(cue), cue_head, speaker, construction,
                   confidence, lemma, _paired(cue_chars), _paired(tokens))


def _listed(pair: tuple[int, int] | None) -> list[int] | None:
    return None if pair is None else list(pair)


def _paired(values) -> tuple[int, int] | None:
    return None if values is None else (values[0], values[1])


# ---------------------------------------------------------------------------------------------
# Small helpers over the parse

_TEXT_KEY = "nlp.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins the tokens anew on every access,
    which made it the costliest call of the extraction."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_SENTENCES_KEY = "nlp.sentences"


def sentence_of(token: Token) -> Span:
    """``token.sent``, in constant time: spaCy walks the sentence to its ends on every
    access, which made a sentence of thousands of words cost its length for each of its
    tokens asked about. Each token's sentence bounds are found once per document (after the
    parse, which sets them) and kept beside its text."""
    doc = token.doc
    bounds = doc.user_data.get(_SENTENCES_KEY)
    if bounds is None or len(bounds[0]) != len(doc):
        starts = numpy.zeros(len(doc), dtype=numpy.int64)
        ends = numpy.zeros(len(doc), dtype=numpy.int64)
        for sent in doc.sents:
            starts[sent.start:sent.end] = sent.start
            ends[sent.start:sent.end] = sent.end
        bounds = doc.user_data[_SENTENCES_KEY] = (starts.tolist(), ends.tolist())
    return doc[bounds[0][token.i]:bounds[1][token.i]]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip white space and sentence punctuation (not quote marks) from both ends."""
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        end -= 1
    return start, end


def attribute_in(doc: Doc, attr: int, values: Iterable[str]) -> numpy.ndarray:
    """For each token, whether its attribute ``attr`` (``POS``, ``DEP``, ``LOWER``...) is one
    of ``values``: read from the document's array, without making a ``Token`` of every word."""
    keys = numpy.array([doc.vocab.strings[value] for value in values], dtype="uint64")
    return numpy.isin(doc.to_array(attr), keys) if len(doc) else numpy.zeros(0, dtype=bool)


def tokens_with(doc: Doc, attr: int, values: Iterable[str]) -> list[Token]:
    """The tokens whose attribute ``attr`` is one of ``values``, in order."""
    return [doc[i] for i in numpy.flatnonzero(attribute_in(doc, attr, values)).tolist()]


def token_range_chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character offsets of tokens ``first..last`` inclusive."""
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def subtree_range(token: Token) -> tuple[int, int]:
    """Token range [first, last] covered by ``token``'s subtree."""
    return token.left_edge.i, token.right_edge.i


def _child(token: Token, deps: Iterable[str]) -> Token | None:
    """The first child of ``token`` (in text order) with one of the dependency labels."""
    deps = frozenset(deps)
    doc = token.doc
    for i in children_of(token):
        if doc[i].dep_ in deps:
            return doc[i]
    return None


_CHILDREN_KEY = "nlp.children"


def children_of(token: Token) -> list[int]:
    """The indices of ``token.children``, in text order, in time proportional to their
    number: spaCy finds a token's children by scanning its whole subtree's span, which for a
    sentence of thousands of nested clauses made every lookup cost the sentence. Found once
    per document from the head array and kept beside its text (see :func:`forget_parse`)."""
    doc = token.doc
    found = doc.user_data.get(_CHILDREN_KEY)
    if found is None or len(found) != len(doc):
        found = [[] for _ in range(len(doc))]
        heads = numpy.asarray(doc.to_array(HEAD), dtype=numpy.uint64).view(numpy.int64)
        for i, offset in enumerate(heads.tolist()):
            if offset:
                found[i + offset].append(i)
        doc.user_data[_CHILDREN_KEY] = found
    return found[token.i]


def children(token: Token) -> list[Token]:
    """``token.children``, through :func:`children_of`."""
    doc = token.doc
    return [doc[i] for i in children_of(token)]


def forget_parse(doc: Doc) -> None:
    """Drop what was kept of ``doc``'s parse (sentence bounds, children): its parse has
    changed since."""
    doc.user_data.pop(_SENTENCES_KEY, None)
    doc.user_data.pop(_CHILDREN_KEY, None)


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
    if depth < 4 and verb.dep_ in _CLIMB_DEPS and verb.head.i != verb.i:
        head = verb.head
        if head.dep_ == "prep" and head.head.i != head.i:  # "... by announcing that"
            head = head.head
        return find_subject(head, depth + 1)
    return None


def quotation_at(quotations: Quotations, char: int) -> Quotation | None:
    return quotations.at(char)


def align_to_quotations(start: int, end: int, quotations: Quotations
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


def inside_quotation(quotations: Quotations, char: int) -> bool:
    q = quotation_at(quotations, char)
    return q is not None and q.start < char < q.end - (1 if q.closed else 0)


def _content_range(doc: Doc, first: int, last: int, quotations: Quotations,
                   exclude: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """The content pieces covering tokens ``first..last``, trimmed and aligned to quotations;
    two pieces when the ``exclude``d reporting clause sits inside ("X, he said, Y")."""
    start, end = token_range_chars(doc, first, last)
    ranges = [(start, end)]
    if exclude is not None and exclude[0] < end and exclude[1] > start:
        ranges = [(start, exclude[0]), (exclude[1], end)]
    pieces = []
    for a, b in ranges:
        a, b = trim(doc_text(doc), a, b)
        if b <= a:
            continue
        a, b = align_to_quotations(a, b, quotations)
        a, b = trim(doc_text(doc), a, b)
        if b > a:
            pieces.append((a, b))
    if len(pieces) == 2 and pieces[1][0] < pieces[0][1]:
        pieces = [(pieces[0][0], max(pieces[0][1], pieces[1][1]))]
    return pieces


def _trailing_participles(doc: Doc) -> list[int]:
    """The tokens that open a participial clause after a comma or dash ("..., adding Y"), in
    order: found once a document, so that cutting each content before the first one inside it
    costs a bisection, however long the content."""
    return [token.i for token in tokens_with(doc, TAG, ("VBG",))
            if token.dep_ in _PARTICIPLE_DEPS and token.i > 0
            and doc[token.i - 1].text in (",", "—", "–")
            and _child(token, _SUBJECT_DEPS) is None]


def _without_trailing_participle(participles: list[int], first: int, last: int) -> int:
    """Cut a content before a trailing participial clause after a comma: "said X, adding Y"
    keeps "X" for "said" (the participle is the same speaker's next attribution, or an aside
    of the reporter's). ``participles`` is :func:`_trailing_participles` of the document."""
    k = bisect_left(participles, first + 2)
    if k < len(participles) and participles[k] <= last:
        return participles[k] - 2
    return last


# ---------------------------------------------------------------------------------------------
# Verb cues


def _prep_object(verb: Token, preps: frozenset[str], particles: frozenset[str]
                 ) -> tuple[Token, Token] | None:
    """(preposition or particle, its object) for "called for X", "pointed to X"."""
    for child in children(verb):
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
    for child in children(noun):
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
    if frames.ccomp:
        clause = _misattached_that_clause(verb)
        if clause is not None:
            return ("ccomp", clause, verb.right_edge.i, [])
    found = _prep_object(verb, frames.preps, frames.particles)
    if found is not None:
        word, obj = found
        first, last = subtree_range(obj)
        xcomp = _child(verb, ("xcomp", "advcl"))
        if xcomp is not None and xcomp.i > obj.i:
            last = max(last, xcomp.right_edge.i)
        return ("prep", min(first, obj.i), last, [word.i])
    dobj = _child(verb, ("dobj",))
    if dobj is not None and dobj.tag_ in ("WDT", "WP"):
        participle = _following_participle(verb)
        if participle is not None:
            return ("participle", participle.i, participle.right_edge.i, [])
    xcomp = _child(verb, ("xcomp",))
    if frames.xcomp and xcomp is not None and xcomp.i > verb.i \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(xcomp)):
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
        first, last = subtree_range(dobj)
        for child in sorted(children(verb), key=lambda c: c.i):
            # "criticized X for Y", "accused X of Y", "denied the claims as 'malicious'"
            if child.i == last + 1 and child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS:
                last = child.right_edge.i
        return ("dobj", first, last, [])
    return None


def _following_participle(verb: Token) -> Token | None:
    """ "..., which Moscow denied, calling them 'malicious'": the participle right after the
    verb says what the denial was, whatever the parse attached it to."""
    doc = verb.doc
    i = verb.i + 1
    if i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].tag_ == "VBG" \
            and doc[i + 1].lemma_.lower() in verb_frames() \
            and _child(doc[i + 1], _SUBJECT_DEPS) is None:
        return doc[i + 1]
    return None


def _misattached_that_clause(verb: Token) -> int | None:
    """ "told a meeting of leaders that few people understood ...": the parse hangs the
    that-clause on the listener noun instead of the verb. Returns where the clause starts."""
    dobj = _child(verb, ("dobj",))
    if dobj is None:
        return None
    for token in dobj.subtree:
        if token.lower_ != "that" or token.i <= dobj.i:
            continue
        clause = token.head
        if token.dep_ == "mark" or (clause.dep_ in ("relcl", "acl", "ccomp")
                                    and any(c.dep_ == "nsubj" and c.i != token.i
                                            for c in children(clause))):
            return token.i
    return None


def _parataxis_content(verb: Token) -> tuple[int, int] | None:
    """ "We will win," he said, "and ..." parsed with the cue as a parataxis of the quote."""
    if verb.dep_ not in ("parataxis",) or _child(verb, ("nsubj",)) is None:
        return None
    head = verb.head
    return head.left_edge.i, head.right_edge.i


def _reporting_clause_start(verb: Token, first: int) -> int | None:
    """Where ", the senator said" begins: the comma or dash before the cue verb's subject,
    when the subject comes right before the verb (and after token ``first``)."""
    subject = _child(verb, ("nsubj",))
    if subject is None or subject.i > verb.i:
        return None
    mark = subject.left_edge.i - 1
    if mark > first and verb.doc[mark].text in _CLAUSE_MARKS:
        return mark
    return None


def _without_reporting_clause(doc: Doc, first: int, last: int) -> int:
    """Cut ", State Department spokesperson Matthew Miller said" off the end of a content the
    parse ran on into the sentence's own reporting clause."""
    end = last
    while end > first and doc[end].is_punct:
        end -= 1
    verb = doc[end]
    if verb.lemma_.lower() not in verb_frames() or verb.pos_ not in _VERB_TAGS:
        return last
    mark = _reporting_clause_start(verb, first)
    return mark - 1 if mark is not None else last


def _trailing_report(verb: Token) -> tuple[int, int] | None:
    """ "..., the source added." when the parse gives the reporting clause no complement:
    the cue verb closes its sentence with its subject right before it, after a comma."""
    sent = sentence_of(verb)
    mark = _reporting_clause_start(verb, sent.start)
    if mark is None:
        return None
    rest = [t for t in verb.doc[verb.i + 1:sent.end] if not t.is_punct]
    if len(rest) > _MAX_TRAILING_WORDS or any(t.pos_ == "VERB" for t in rest):
        return None
    return sent.start, mark - 1


def _cue_tokens(verb: Token, extra: Sequence[int]) -> tuple[int, int]:
    """The cue's words: the verb with its particle, the preposition or noun of a multi-word
    cue, and the auxiliaries right before it ("has said", "is calling for")."""
    idx = [verb.i, *extra]
    i = verb.i - 1
    while i >= 0 and verb.doc[i].head.i == verb.i and verb.doc[i].dep_ in _CUE_AUX_DEPS:
        idx.append(i)
        i -= 1
    for child in children(verb):
        if child.dep_ == "prt":
            idx.append(child.i)
    idx = [i for i in idx if abs(i - verb.i) <= 3]
    return min(idx), max(idx) + 1


def find_verb_cues(doc: Doc, quotations: Quotations) -> list[Draft]:
    """Attributions introduced by a reporting verb found through the parse."""
    lexicon = verb_frames()
    drafts = []
    participles = _trailing_participles(doc)
    for token in tokens_with(doc, POS, _VERB_TAGS):
        deadline.check()
        frames = lexicon.get(token.lemma_.lower())
        if frames is None or _quoted_cue(token, quotations):
            continue
        found = _verb_content(token, frames)
        exclude = None
        if found is None:
            para = None
            if frames.ccomp:
                para = _parataxis_content(token) or _trailing_report(token)
            if para is None:
                continue
            construction, first, last, extra = "parataxis", para[0], para[1], []
            exclude = token_range_chars(doc, token.left_edge.i, token.right_edge.i)
        else:
            construction, first, last, extra = found
        if construction != "parataxis":
            last = _without_trailing_participle(participles, first, last)
            last = _without_reporting_clause(doc, first, last)
        pieces = _content_range(doc, first, last, quotations, exclude)
        if not pieces:
            continue
        cue = _cue_tokens(token, extra)
        cue_end = doc[cue[1] - 1].idx + len(doc[cue[1] - 1])
        pieces = [(cue_end, b) if a <= token.idx < b else (a, b) for a, b in pieces]
        pieces = [trim(doc_text(doc), a, b) for a, b in pieces]
        pieces = [(a, b) for a, b in pieces if b > a]
        if not pieces:
            continue
        speaker = find_subject(token)
        if speaker is not None and any(a <= speaker.idx < b for a, b in pieces):
            speaker = None
        drafts.append(Draft(pieces=pieces, cue=cue, cue_head=token.i,
                            speaker=speaker.i if speaker is not None else None,
                            construction=construction,
                            confidence=_verb_confidence(construction, speaker),
                            lemma=token.lemma_.lower()))
    absorbed = {d.start for d in drafts if d.construction == "participle"}
    return [d for d in drafts
            if not (d.cue_head is not None and doc[d.cue_head].idx in absorbed)]


def _quoted_cue(verb: Token, quotations: Quotations) -> bool:
    """Whether a cue verb is part of someone's quoted words (and so not our attribution):
    inside quotation marks, unless its subject stands outside them
    (Blinken "emphasised that ...")."""
    if not inside_quotation(quotations, verb.idx):
        return False
    subject = _child(verb, _SUBJECT_DEPS)
    if subject is None:
        return True
    q = quotation_at(quotations, verb.idx)
    return q is not None and q.start <= subject.idx < q.end


def _verb_confidence(construction: str, speaker: Token | None) -> float:
    base = {"ccomp": 0.75, "parataxis": 0.7, "prep": 0.6, "xcomp": 0.55, "dobj-noun": 0.6,
            "oprd": 0.5, "dobj": 0.45}.get(construction, 0.5)
    return round(base if speaker is not None else base - 0.2, 2)


# ---------------------------------------------------------------------------------------------
# Noun cues: "X's claim that ...", "charges that ...", "a statement from X that ..."


def find_noun_cues(doc: Doc, quotations: Quotations) -> list[Draft]:
    """Attributions introduced by a reporting noun with a that-clause."""
    nouns = cue_nouns()
    drafts = []
    for token in tokens_with(doc, POS, ("NOUN",)):
        if token.lower_ not in nouns and token.lemma_.lower() not in nouns:
            continue
        if inside_quotation(quotations, token.idx):
            continue
        clause = None
        for child in children(token):
            if child.dep_ in ("acl", "ccomp", "relcl") and child.i > token.i:
                mark = child.left_edge
                if mark.lower_ == "that" and mark.dep_ == "mark":
                    clause = child
                    break
        if clause is None:
            continue
        pieces = _content_range(doc, clause.left_edge.i, clause.right_edge.i, quotations)
        if not pieces:
            continue
        source = _noun_source(token)
        drafts.append(Draft(pieces=pieces, cue=(token.i, token.i + 1), cue_head=token.i,
                            speaker=source.i if source is not None else None,
                            construction="noun", confidence=0.5 if source is not None else 0.35,
                            lemma=token.lemma_.lower()))
    return drafts


def _noun_source(noun: Token, with_subject: bool = True) -> Token | None:
    """Whose statement: "X's claim", "a claim by X", "a readout from X", or (``with_subject``)
    the subject of "X made the claim"."""
    for child in children(noun):
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS:
            obj = _child(child, ("pobj",))
            if obj is not None:
                return obj
    if with_subject and noun.dep_ == "dobj":
        return _child(noun.head, ("nsubj",))
    return None


# ---------------------------------------------------------------------------------------------
# "according to X"


def find_prepositional_cues(doc: Doc, quotations: Quotations) -> list[Draft]:
    """ "According to X, ..." and similar phrases whose object is the source."""
    phrases = cue_prepositions()
    first_words = {phrase[0] for phrase in phrases}
    starts = tokens_with(doc, LOWER, first_words)
    drafts = []
    for phrase, source_word in phrases.items():
        n = len(phrase)
        for token in starts:
            if token.lower_ != phrase[0] or token.i + n > len(doc):
                continue
            words = tuple(t.lower_ for t in doc[token.i:token.i + n])
            if words != phrase or inside_quotation(quotations, token.idx):
                continue
            anchor = next(t for t in doc[token.i:token.i + n] if t.lower_ == source_word)
            obj = _child(anchor, ("pobj",))
            head_prep = doc[token.i]
            clause = head_prep.head
            while clause.dep_ not in _CLAUSE_DEPS and clause.head.i != clause.i:
                clause = clause.head
            phrase_span = (doc[token.i].idx,
                           doc[max(anchor.i, obj.right_edge.i if obj is not None else anchor.i)].idx
                           + len(doc[max(anchor.i, obj.right_edge.i if obj is not None else anchor.i)]))
            sent = sentence_of(token)
            first, last = max(clause.left_edge.i, sent.start), min(clause.right_edge.i, sent.end - 1)
            pieces = _content_range(doc, first, last, quotations, exclude=phrase_span)
            if not pieces:
                continue
            pieces = [max(pieces, key=lambda p: p[1] - p[0])]
            speaker = _source_of_noun_cue(obj) if obj is not None else None
            drafts.append(Draft(pieces=pieces, cue=(token.i, token.i + n), cue_head=token.i,
                                speaker=speaker.i if speaker is not None else None,
                                construction="according", confidence=0.7,
                                lemma=" ".join(phrase)))
    return drafts


def _source_of_noun_cue(obj: Token) -> Token:
    """ "a readout from China's foreign ministry" -> the ministry; otherwise the object."""
    if obj.lower_ in cue_nouns() or obj.lemma_.lower() in cue_nouns():
        return _noun_source(obj, with_subject=False) or obj
    return obj


# ---------------------------------------------------------------------------------------------
# Transcripts: "PENCE: Well, look, ..."

# One to four capitalised words, one white space between them: each word's letters exclude
# white space, so there is a single way to split a line into words and a line that is not a
# turn fails in one pass, however long its run of capitals.
_TURN_WORD = r"[A-Z][A-Za-z.'’-]*"
_TURN = re.compile(rf"^[ \t\"“']*({_TURN_WORD}(?:\s{_TURN_WORD}){{0,3}}\s?):[ \t]+\S")


def find_transcript_turns(doc: Doc, quotations: Quotations) -> list[Draft]:
    """Paragraphs of a transcript or interview, opened by the speaker's name and a colon.

    A transcript has turns: a single "WASHINGTON: ..." line is a dateline, not a speaker."""
    text = doc_text(doc)
    drafts = []
    pos = 0
    for line in text.split("\n"):
        match = _TURN.match(line)
        if match is not None and len(line.split()) > 4:
            name_start, name_end = pos + match.start(1), pos + match.end(1)
            colon = name_end  # the pattern ends the name right at the colon
            start, end = trim(text, colon + 1, pos + len(line))
            name = doc.char_span(name_start, name_end, alignment_mode="contract")
            cue = doc.char_span(colon, colon + 1, alignment_mode="expand")
            if name is not None and len(name) and cue is not None and end > start \
                    and (name.text.isupper() or all(t.pos_ == "PROPN" for t in name)):
                drafts.append(Draft(pieces=[(start, end)], cue=(cue.start, cue.end),
                                    cue_head=cue.start, speaker=name.root.i,
                                    construction="transcript", confidence=0.6, lemma=":",
                                    cue_chars=(colon, colon + 1),
                                    speaker_tokens=(name.start, name.end)))
        pos += len(line) + 1
    return drafts if len(drafts) >= _MIN_TURNS else []


# ---------------------------------------------------------------------------------------------
# Quotations without a cue in their own clause


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


class _SpeechVerbs:
    """The verbs of a document that can introduce a quotation (a reporting verb taking a
    clause, with a subject, outside quotation marks), found once, in text order, so that the
    one nearest a quotation is found by bisection however many quotations a sentence has."""

    def __init__(self, doc: Doc, quotations: Quotations) -> None:
        lexicon = verb_frames()
        self.doc = doc
        self.tokens: list[int] = []
        for token in tokens_with(doc, POS, _VERB_TAGS):
            frames = lexicon.get(token.lemma_.lower())
            if frames is not None and frames.ccomp \
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
            draft = _attach_to_cue(doc, q, verbs, by_cue)
        if draft is None:
            draft = _continuation(doc, q, quoting.last_before(q.start))
        if draft is None:
            continue
        if draft.cue_head not in by_cue or by_cue[draft.cue_head] is not draft:
            result.append(draft)
            if draft.cue_head is not None:
                by_cue[draft.cue_head] = draft
        cover(covered, [(q.start, q.end)])
        quoting.add(draft)
    return result


def cover(covered: bytearray, pieces: Iterable[tuple[int, int]]) -> None:
    for start, end in pieces:
        covered[start:end] = b"\x01" * (end - start)


def _add_piece(draft: Draft, piece: tuple[int, int]) -> None:
    """Add a content piece, keeping pieces in order and merging any that overlap."""
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
                   by_cue: dict[int, Draft]) -> Draft | None:
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
        if first <= q.start and q.end <= last + 1:
            _add_piece(existing, (q.start, q.end))
            return existing
        return None
    speaker = find_subject(verb)
    return Draft(pieces=[(q.start, q.end)], cue=_cue_tokens(verb, ()), cue_head=verb.i,
                 speaker=speaker.i if speaker is not None else None,
                 construction="quote", confidence=0.8 if speaker is not None else 0.5,
                 lemma=verb.lemma_.lower())


def _last_mark_before(text: str, low: int, char: int) -> str:
    """The last character before ``char`` (back to ``low``) that is not white space, or ""."""
    i = char - 1
    while i >= low and text[i].isspace():
        i -= 1
    return text[i] if i >= low else ""


def _continuation(doc: Doc, q: Quotation, last: Draft | None) -> Draft | None:
    """``last`` with ``q`` added, when ``q`` continues its quotation: the next piece of an
    interrupted quotation in the same paragraph, or the next paragraph of a quotation that
    ran over a paragraph."""
    if last is None or q.start - last.end > _MAX_GAP_CHARS:
        return None
    text = doc_text(doc)
    gap = text[last.end:q.start]
    cue_char = doc[last.cue_head].idx if last.cue_head is not None else -1
    cue_in_gap = last.end <= cue_char < q.start
    if "\n" not in gap:
        # "X," he said. "Y."  — only the cue's sentence may sit between the two pieces
        if not cue_in_gap or len(gap.split()) > _MAX_INTERRUPTION_WORDS:
            return None
    else:
        # the next paragraph, opened by the quotation, after nothing or the reporting clause
        paragraph_start = text.rfind("\n", 0, q.start) + 1
        if text[paragraph_start:q.start].strip() or text[last.end:paragraph_start].count("\n") > 3:
            return None
        if gap.strip() and not (cue_in_gap and len(gap.split()) <= _MAX_TAIL_WORDS):
            return None
        if text[q.end:_paragraph_bounds(text, q.start)[1]].strip(" \t\u00a0.,;"):
            return None  # the paragraph goes on after the quotation: it has its own story
    _add_piece(last, (q.start, q.end))
    return last


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


def strip_punct(span: Span) -> Span | None:
    """``span`` without punctuation or white space at its ends, or None if nothing else."""
    return _strip(span, lambda t: t.is_punct or t.is_space)


def strip_space(span: Span) -> Span | None:
    """``span`` without white space at its ends, or None if nothing else."""
    return _strip(span, lambda t: t.is_space)


def _strip(span: Span, drop) -> Span | None:
    start, end = span.start, span.end
    while start < end and drop(span.doc[start]):
        start += 1
    while end > start and drop(span.doc[end - 1]):
        end -= 1
    return span.doc[start:end] if end > start else None




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

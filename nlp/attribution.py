"""Finding attributions in a parsed article by the rules: a reporting verb, noun or
preposition and the content it introduces, found through the parse, and the turns of a
transcript.

Each finder is a small step over the spaCy ``Doc`` that returns :class:`nlp.drafts.Draft`
records in token and character offsets; :mod:`nlp.linking` attaches the quotations no cue
reached, and :mod:`nlp.rules` runs them all.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import cache

from spacy.attrs import LOWER, POS, TAG
from spacy.tokens import Doc, Token

from nlp import deadline
from nlp.cues import Frames, cue_nouns, cue_prepositions, verb_frames
from nlp.lexicons import load_lexicon
from nlp.drafts import Draft
from nlp.parse import (CLAUSE_MARKS, SUBJECT_DEPS, VERB_TAGS, align_to_quotations, child_with,
                       children, cue_tokens, described_by_age, doc_text, find_speaker,
                       find_subject, inside_quotation, is_infinitive, quotation_at,
                       sentence_of, subtree_range, token_range_chars, tokens_with, trim)
from nlp.quotemarks import Quotations

_PARTICIPLE_DEPS = frozenset({"advcl", "xcomp", "conj", "acl"})
_MIN_TURNS = 2  # paragraphs opened by "NAME:" before the text reads as a transcript
# Words of a transcript's turns that a table's lines never have.
_CONVERSATION = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
_MAX_TRAILING_WORDS = 6  # "the source added on Friday in Washington" and no more
_SOURCE_PREPS = frozenset({"from", "by"})  # "a statement from X", "a claim by X"
_MEDIUM_PREPS = frozenset({"in", "during", "through", "via"})  # "said in a statement"
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "relcl"})
_OBJECT_PREPS = frozenset({"as", "for", "of", "over", "about"})


# ---------------------------------------------------------------------------------------------
# Contents


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
            and child_with(token, SUBJECT_DEPS) is None]


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
            obj = child_with(child, ("pobj", "pcomp"))
            if obj is not None:
                return child, obj
        if child.dep_ == "prt" and word in particles:
            obj = child_with(verb, ("ccomp", "dobj", "xcomp"))
            if obj is not None:
                return child, obj
    return None


def _noun_complement(noun: Token) -> Token | None:
    """What a concern noun is about: "concerns over X", "concerns that X"."""
    for child in children(noun):
        if child.dep_ == "prep" and child.lower_ in ("over", "about", "on", "of", "regarding",
                                                      "at", "for", "that"):
            obj = child_with(child, ("pobj", "pcomp"))
            if obj is not None:
                return obj
        if child.dep_ in ("acl", "ccomp", "relcl") and child_with(child, ("mark",)) is not None:
            return child
    return None


def _verb_content(verb: Token, frames: Frames) -> tuple[str, int, int, list[int]] | None:
    """(construction, first token, last token, extra cue tokens) of what a cue verb reports."""
    ccomp = child_with(verb, ("ccomp",))
    if frames.ccomp and ccomp is not None:
        first, last = subtree_range(ccomp)
        mark = child_with(ccomp, ("mark",))
        if mark is not None and mark.lower_ == "that" and first < mark.i < ccomp.i \
                and verb.doc[mark.i - 1].text in CLAUSE_MARKS:
            # "reported, citing two sources, that ...": what comes before "that" is the
            # reporting clause's, whatever the parse hung it on
            first = mark.i
        return ("ccomp", first, last, [])
    if frames.ccomp:
        clause = _misattached_that_clause(verb)
        if clause is not None:
            return ("ccomp", clause, verb.right_edge.i, [])
    found = _prep_object(verb, frames.preps, frames.particles)
    if found is not None:
        word, obj = found
        first, last = subtree_range(obj)
        xcomp = child_with(verb, ("xcomp", "advcl"))
        if xcomp is not None and xcomp.i > obj.i:
            last = max(last, xcomp.right_edge.i)
        return ("prep", min(first, obj.i), last, [word.i])
    dobj = child_with(verb, ("dobj",))
    if dobj is not None and dobj.tag_ in ("WDT", "WP"):
        participle = _following_participle(verb)
        if participle is not None:
            return ("participle", participle.i, participle.right_edge.i, [])
    xcomp = child_with(verb, ("xcomp",))
    if frames.xcomp and xcomp is not None and xcomp.i > verb.i \
            and is_infinitive(xcomp):
        first = dobj.left_edge.i if dobj is not None and dobj.i < xcomp.i else xcomp.left_edge.i
        return ("xcomp", first, xcomp.right_edge.i, [])
    oprd = child_with(verb, ("oprd",))
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
            and child_with(doc[i + 1], SUBJECT_DEPS) is None:
        return doc[i + 1]
    return None


def _misattached_that_clause(verb: Token) -> int | None:
    """ "told a meeting of leaders that few people understood ...": the parse hangs the
    that-clause on the listener noun instead of the verb. Returns where the clause starts."""
    dobj = child_with(verb, ("dobj",))
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
    if verb.dep_ not in ("parataxis",) or child_with(verb, ("nsubj",)) is None:
        return None
    head = verb.head
    return head.left_edge.i, head.right_edge.i


def _reporting_clause_start(verb: Token, first: int) -> int | None:
    """Where ", the senator said" begins: the comma or dash before the cue verb's subject,
    when the subject comes right before the verb (and after token ``first``)."""
    subject = child_with(verb, ("nsubj",))
    if subject is None or subject.i > verb.i or subject.tag_ in ("WDT", "WP"):
        return None  # ", which critics say will raise prices" opens a relative clause
    mark = subject.left_edge.i - 1
    if mark > first and verb.doc[mark].text in CLAUSE_MARKS:
        return mark
    return None


def _without_reporting_clause(doc: Doc, first: int, last: int) -> int:
    """Cut ", State Department spokesperson Matthew Miller said" off the end of a content the
    parse ran on into the sentence's own reporting clause."""
    end = last
    while end > first and doc[end].is_punct:
        end -= 1
    verb = doc[end]
    if verb.lemma_.lower() not in verb_frames() or verb.pos_ not in VERB_TAGS:
        return last
    mark = _reporting_clause_start(verb, first)
    return mark - 1 if mark is not None else last


_CONTRAST_MARKS = frozenset({"while", "whereas"})


def _without_contrasted_report(doc: Doc, first: int, last: int, marks: list[int]) -> int:
    """Cut ", while Moscow said it had ..." off a content the parse ran on into another
    speaker's report set against it: the contrast opens an attribution of its own. ``marks``
    are the document's contrast words after a comma (:func:`_contrast_marks`); only the first
    in the content is looked at, so nested contents cost no more than one look each."""
    k = bisect_left(marks, first + 2)
    if k == len(marks) or marks[k] > last:
        return last
    mark = doc[marks[k]]
    verb = mark.head
    subject = child_with(verb, ("nsubj",))
    frames = verb_frames().get(verb.lemma_.lower())
    if verb.pos_ in VERB_TAGS and frames is not None and frames.ccomp and verb.i <= last \
            and child_with(verb, ("ccomp",)) is not None \
            and subject is not None and mark.i < subject.i < verb.i:
        return mark.i - 2  # "while Moscow said it had ...", not "while women reported stress"
    return last


def _contrast_marks(doc: Doc) -> list[int]:
    """Where "while" or "whereas" follows a comma or a dash, in order."""
    return [t.i for t in doc if t.lower_ in _CONTRAST_MARKS and t.i > 0
            and doc[t.i - 1].text in CLAUSE_MARKS]


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


_RELATIVE_SUBJECTS = frozenset({"that", "which", "who"})


def _with_relative_subject(verb: Token, pieces: list[tuple[int, int]]
                           ) -> list[tuple[int, int]]:
    """A report whose subject is the relative pronoun before its reporting clause begins with
    the pronoun: "jobs that many economists say are the future" reports "that ... are the
    future", as "the law, which critics say will raise prices" does "which ... will raise
    prices" (the pronoun a piece of its own, the source and cue between the two)."""
    comp = child_with(verb, ("ccomp",))
    if comp is None or not pieces:
        return pieces
    subject = child_with(comp, ("nsubj", "nsubjpass"))
    if subject is None or subject.lower_ not in _RELATIVE_SUBJECTS or subject.i >= verb.i \
            or verb.dep_ != "relcl":
        return pieces
    start = subject.idx
    if start >= pieces[0][0]:
        return pieces
    return [(start, start + len(subject.text))] + pieces


_ASIDE_WORDS = 10   # the most words between a parenthetical cue verb and the comma closing it


def _aside_bounds(verb: Token) -> tuple[int, int] | None:
    """The marks around a reporting clause set inside its sentence ("X, the agency said in a
    June report, Y"): the comma or dash before its first word and the one after its last, or
    ``None`` where the clause opens or closes the sentence or is not set off by both."""
    doc = verb.doc
    sent = sentence_of(verb)
    subjects = [c for c in children(verb) if c.dep_ == "nsubj"]
    if not subjects:
        return None
    # "Voters, Clinton suggested, ...": the parse may give the verb two subjects; the clause's
    # own is the one nearest the verb
    subject = min(subjects, key=lambda c: abs(c.i - verb.i))
    start = min(subject.left_edge.i, verb.i)
    stop = max(subject.right_edge.i, verb.i)
    if start - 1 <= sent.start or doc[start - 1].text not in CLAUSE_MARKS:
        return None
    right = verb.right_edge.i
    for k in range(stop + 1, min(stop + 1 + _ASIDE_WORDS, sent.end - 1)):
        if doc[k].text in CLAUSE_MARKS:
            return start - 1, k
        if k > right:
            return None  # a word outside the reporting clause before any mark
    return None


# what opens the rest of a sentence after a parenthetical reporting clause, but is not the
# rest of the report: the clause's own setting (", he said, on condition of anonymity"),
# another's view set against it (", she insisted, though analysts disagree"), another source
_NOT_THE_REPORT = frozenset({"on", "in", "at", "during", "after", "before", "when", "while",
                             "but", "though", "although", "whereas", "yet", "according"})
# what opens a noun phrase in apposition to the reporting clause, not the rest of the report
_APPOSITION_OPENERS = frozenset({"DET", "NUM", "NOUN", "PROPN", "ADJ"})
# what opens a scene before the reporting clause: "Asked about the deal, the minister said"
_SCENE_OPENERS = frozenset({"when", "while", "after", "before", "once", "if", "as"})


def _continues_a_sentence(doc: Doc, first: int) -> bool:
    """Whether a content after a parenthetical reporting clause goes on with what came before
    it: any content but a quotation opening on a capital ("Holding a book, Beck said, 'I just
    want ...'" quotes a sentence of its own; "Sooner or later, he said, 'it starts to pay off'"
    finishes the one it interrupts)."""
    if doc[first].is_quote:
        first += 1
    elif not (first > 0 and doc[first - 1].is_quote):
        return True
    return first < len(doc) and doc[first].text[:1].islower()


def _sets_the_scene(doc: Doc, start: int, first: int) -> bool:
    """Whether what opens the sentence at ``start``, before a reporting clause, tells how the
    words were spoken rather than begins them: a participle ("Asked about the deal", "Holding
    up the letter"), one after a conjunction ("When asked"), or, before a quotation, a
    preposition ("In a tweet on Sunday, the senator wrote, 'shame on them'")."""
    opener = doc[start]
    if opener.tag_ in ("VBN", "VBG"):
        return True
    if opener.lower_ in _SCENE_OPENERS and start + 1 < len(doc) \
            and doc[start + 1].tag_ in ("VBN", "VBG"):
        return True
    quoted = doc[first].is_quote or (first > 0 and doc[first - 1].is_quote)
    return quoted and opener.pos_ == "ADP"


def _counts_before(doc: Doc, counted: Callable[[Token], bool]) -> list[int]:
    """How many tokens ``counted`` accepts come before each token (and the document's total
    last): whether a stretch of tokens holds one is then a subtraction."""
    counts = [0]
    for token in doc:
        counts.append(counts[-1] + (1 if counted(token) else 0))
    return counts


def _is_report_verb(token: Token) -> bool:
    return token.pos_ in VERB_TAGS and token.lemma_.lower() in verb_frames()


def _around_aside(verb: Token, first: int, last: int,
                  counts: Callable[[], tuple[list[int], list[int]]]
                  ) -> tuple[int, int, tuple[int, int]] | None:
    """A content on one side of a parenthetical reporting clause takes in the rest of its
    sentence on the other side: "The emails were on work-related topics, the Times said,
    including speeches" reports the whole sentence, the clause left out. ``counts`` gives the
    counts of the document's quotation marks and reporting verbs (:func:`_counts_before`),
    made once a document where first asked for: a side holding a quotation mark is left
    alone, and so is a rest of the sentence holding another report (", adding ...", "..., he
    said, because he said ...").
    Returns the new first and last tokens and the marks around the clause
    (:func:`_aside_bounds`)."""
    bounds = _aside_bounds(verb)
    if bounds is None:
        return None
    before, after = bounds
    doc = verb.doc
    sent = sentence_of(verb)
    if last < before and first >= sent.start and after + 1 < sent.end \
            and not doc[after + 1].is_punct:
        added = (after + 1, sent.end - 1)
        opener = doc[after + 1]
        if opener.pos_ in _APPOSITION_OPENERS or opener.tag_ == "PRP$" \
                or opener.lower_ in _NOT_THE_REPORT:
            return None  # ", Sanders said, a policy that ...", ", she said, though ..."
        reports = counts()[1]
        if reports[added[1] + 1] - reports[added[0]] > 0:
            return None
        new_first, new_last = first, sent.end - 1
    elif first > after and before > sent.start and _continues_a_sentence(doc, first) \
            and not _sets_the_scene(doc, sent.start, first):
        added = (sent.start, before - 1)
        new_first, new_last = sent.start, last
    else:
        return None
    marks = counts()[0]
    if marks[added[1] + 1] - marks[added[0]] > 0:
        return None
    return new_first, new_last, (before, after)


def find_verb_cues(doc: Doc, quotations: Quotations) -> list[Draft]:
    """Attributions introduced by a reporting verb found through the parse."""
    lexicon = verb_frames()
    drafts = []
    participles = _trailing_participles(doc)
    marks = _contrast_marks(doc)

    @cache
    def counts() -> tuple[list[int], list[int]]:
        return (_counts_before(doc, lambda token: token.is_quote),
                _counts_before(doc, _is_report_verb))

    for token in tokens_with(doc, POS, VERB_TAGS):
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
            aside = _aside_bounds(token)
            if aside is not None and aside[0] > first and _continues_a_sentence(doc, aside[1] + 1) \
                    and not _sets_the_scene(doc, first, aside[1] + 1):
                # the clause, and what hangs from its verb after it (", he said, on condition
                # of anonymity"), but not what the parse hung from it before
                exclude = token_range_chars(doc, aside[0], max(aside[1], token.right_edge.i))
            else:
                exclude = token_range_chars(doc, token.left_edge.i, token.right_edge.i)
        else:
            construction, first, last, extra = found
        if construction != "parataxis":
            last = _without_trailing_participle(participles, first, last)
            last = _without_reporting_clause(doc, first, last)
            last = _without_contrasted_report(doc, first, last, marks)
            if construction == "ccomp":
                around = _around_aside(token, first, last, counts)
                if around is not None:
                    first, last, (before, after) = around
                    exclude = token_range_chars(doc, before, after)
                    # a participle opening what follows the clause is part of the report
                    # ("including ..."; a reporting one was turned away); one further on is not
                    last = max(_without_trailing_participle(participles, after + 1, last), before)
                    last = _without_reporting_clause(doc, first, last)
                    last = _without_contrasted_report(doc, first, last, marks)
        pieces = _content_range(doc, first, last, quotations, exclude)
        if not pieces:
            continue
        cue = cue_tokens(token, extra)
        cue_end = doc[cue[1] - 1].idx + len(doc[cue[1] - 1])
        pieces = [(cue_end, b) if a <= token.idx < b else (a, b) for a, b in pieces]
        if construction == "ccomp":
            pieces = _with_relative_subject(token, pieces)
        pieces = [trim(doc_text(doc), a, b) for a, b in pieces]
        pieces = [(a, b) for a, b in pieces if b > a]
        if not pieces:
            continue
        speaker = find_speaker(token, pieces, quotations, lexicon)
        described = described_by_age(token) if speaker is None else None
        if described is not None:  # '"...," the 24-year-old said'
            speaker = doc[described[1] - 1]
        drafts.append(Draft(pieces=pieces, cue=cue, cue_head=token.i,
                            speaker=speaker.i if speaker is not None else None,
                            construction=construction,
                            confidence=_verb_confidence(construction, speaker),
                            lemma=token.lemma_.lower(), speaker_tokens=described))
    absorbed = {d.start for d in drafts if d.construction == "participle"}
    return [d for d in drafts
            if not (d.cue_head is not None and doc[d.cue_head].idx in absorbed)]


_TAG_NAME_WORDS = 4        # "Harry J. Kazianis", "Mr. Sinclair"
_TAG_LINE_ENDS = frozenset({".", "!", "?", ";"})


def find_tag_lines(doc: Doc, quotations: Quotations) -> list[Draft]:
    """A quotation tagged by a name and a reporting verb the parser read as something else:
    '"The board has perpetuated a lie," Sinclair states.' (the small model tags "states" a
    plural noun in apposition, so no verb cue finds it). Only where the tag is the whole rest
    of the sentence: the closing mark, a comma perhaps, one to four words of a name, a verb of
    the cue lexicon inflected for "he", and the end of the sentence or another quotation."""
    if not quotations:
        return []
    frames = verb_frames()
    text = doc_text(doc)
    starts = {token.idx: token.i for token in doc}
    drafts = []
    for quotation in quotations:
        i = starts.get(_next_word(text, quotation.end))
        inner_end = quotation.end - quotation.close_width
        ends_clause = text[inner_end - 1:inner_end] in (",", "!", "?") \
            or text[quotation.end:quotation.end + 1] == ","
        if i is None or not quotation.closed or not ends_clause:
            continue  # 'the "fake" CNN reports' is no tag line
        first = i
        while i < len(doc) and i - first < _TAG_NAME_WORDS and _name_word(doc[i]):
            i += 1
        if i == first or i >= len(doc) or doc[i].pos_ in ("VERB", "AUX"):
            continue
        lemma = _third_person_lemma(doc[i].lower_, frames)
        after = doc[i + 1] if i + 1 < len(doc) else None
        if lemma is None or not (after is None or after.text in _TAG_LINE_ENDS
                                 or inside_quotation(quotations, after.idx)):
            continue
        drafts.append(Draft(pieces=[(quotation.start, quotation.end)], cue=(i, i + 1),
                            cue_head=i, speaker=i - 1, construction="tagline",
                            confidence=0.6, lemma=lemma))
    return drafts


def _name_word(token: Token) -> bool:
    """A word of a name: a proper noun, or a capitalised word the tagger took for a noun."""
    return token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.is_title)


def _next_word(text: str, end: int) -> int:
    """The offset of the first word after a closing mark, past a comma and spaces."""
    while end < len(text) and (text[end] in ", " or text[end] == "\u00a0"):
        end += 1
    return end


def _third_person_lemma(word: str, frames: dict[str, Frames]) -> str | None:
    """The cue lexicon's verb ``word`` inflects for "he" ("states", "notes", "argues",
    "insists", "pushes"), if it has a clausal frame."""
    for lemma in (word[:-1], word[:-2]) if word.endswith("s") else ():
        entry = frames.get(lemma)
        if entry is not None and entry.ccomp:
            return lemma
    return None


def _quoted_cue(verb: Token, quotations: Quotations) -> bool:
    """Whether a cue verb is part of someone's quoted words (and so not our attribution):
    inside quotation marks, unless its subject stands outside them
    (Blinken "emphasised that ...")."""
    if not inside_quotation(quotations, verb.idx):
        return False
    subject = child_with(verb, SUBJECT_DEPS)
    if subject is None:
        return True
    q = quotation_at(quotations, verb.idx)
    return q is not None and q.start <= subject.idx < q.end


def _verb_confidence(construction: str, speaker: Token | None) -> float:
    base = {"ccomp": 0.75, "parataxis": 0.7, "prep": 0.6, "xcomp": 0.55, "dobj-noun": 0.6,
            "oprd": 0.5, "dobj": 0.45}.get(construction, 0.5)
    return round(base if speaker is not None else base - 0.2, 2)


# ---------------------------------------------------------------------------------------------
# Noun cues: "a statement from X", "X's claim that ..."


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
            obj = child_with(child, ("pobj",))
            if obj is not None:
                return obj
    possessor = _possessor_before(noun)
    if possessor is not None:
        return possessor
    if with_subject and noun.dep_ == "dobj":
        return child_with(noun.head, ("nsubj",))
    prep = noun.head
    if with_subject and noun.dep_ == "pobj" and prep.lower_ in _MEDIUM_PREPS \
            and prep.dep_ == "prep" and _is_report_verb(prep.head):
        # "X said in an e-mailed statement that ...", the clause hung on the noun: X's
        return find_subject(prep.head)
    return None


def _possessor_before(noun: Token) -> Token | None:
    """The possessor written before a noun cue when the parse missed it ("Tulsa police’s
    earlier claim", with "’s" parsed as a verb): the noun before the possessive mark, over
    the adjectives between it and the cue."""
    doc = noun.doc
    i = noun.i - 1
    while i >= 0 and doc[i].tag_ in ("JJ", "JJR", "JJS") and noun.i - i <= 3:
        i -= 1
    if i < 1 or doc[i].lower_ not in ("'s", "’s"):
        return None
    owner = doc[i - 1]
    return owner if owner.pos_ in ("NOUN", "PROPN") else None


# ---------------------------------------------------------------------------------------------
# Prepositional cues: "according to X", "in X's words"


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
            obj = child_with(anchor, ("pobj",))
            head_prep = doc[token.i]
            clause = head_prep.head
            while clause.dep_ not in _CLAUSE_DEPS and clause.head.i != clause.i:
                clause = clause.head
            clause = _coordination_of(clause, token)
            end = max(anchor.i, obj.right_edge.i if obj is not None else anchor.i)
            speaker = _source_of_noun_cue(obj) if obj is not None else None
            draft = _phrase_draft(doc, quotations, token, n, end, clause, speaker,
                                  " ".join(phrase), _before_sourced_conjunct(clause, token, end))
            if draft is not None:
                drafts.append(draft)
    return drafts


def _phrase_draft(doc: Doc, quotations: Quotations, cue: Token, n: int, end: int,
                  clause: Token, speaker: Token | None, lemma: str, last: int | None = None
                  ) -> Draft | None:
    """The record of a phrase naming the source (``cue`` and the ``n - 1`` words after it,
    its object ending at token ``end``) on the clause it reports: the clause's words in its
    sentence (up to token ``last``, where given) without the phrase, the longest piece."""
    sent = sentence_of(cue)
    first = max(clause.left_edge.i, sent.start)
    last = min(clause.right_edge.i, sent.end - 1, len(doc) if last is None else last)
    pieces = _content_range(doc, first, last, quotations,
                            exclude=token_range_chars(doc, cue.i, end))
    if not pieces:
        return None
    return Draft(pieces=[max(pieces, key=lambda p: p[1] - p[0])], cue=(cue.i, cue.i + n),
                 cue_head=cue.i, speaker=speaker.i if speaker is not None else None,
                 construction="according", confidence=0.7, lemma=lemma)


def find_poll_phrases(doc: Doc, quotations: Quotations) -> list[Draft]:
    """"In the latest Post-ABC poll, Clinton led Trump 47 percent to 39": a finding the poll
    reports, its source the poll. Only for a phrase that opens its sentence, on the sentence's
    own verb, outside quotations, and not on a reporting verb (whose record says who answered:
    "In the poll, 40 percent said ..."). After its verb the phrase is part of the finding
    ("Clinton leads in the polls"), and often no finding of the poll's at all ("who leads in
    the polls", "the progress he has made in polls"). The finding ends before a clause set
    against it ("..., but in this year's survey he lost it"). A "survey" is left alone: as
    often of a reef or a fault line as of people."""
    drafts = []
    for token in tokens_with(doc, LOWER, ("in",)):
        obj = child_with(token, ("pobj",))
        clause = token.head
        sent = sentence_of(token)
        opens = token.i == sent.start or (token.i == sent.start + 1
                                          and doc[sent.start].lower_ in ("but", "and", "yet"))
        if not opens or token.dep_ != "prep" or obj is None or obj.lemma_.lower() != "poll" \
                or clause.pos_ not in ("VERB", "AUX") or clause.dep_ != "ROOT" \
                or clause.lemma_.lower() in verb_frames() \
                or inside_quotation(quotations, token.idx):
            continue
        contrast = next((c.i for c in children(clause) if c.i > clause.i and (
            c.dep_ == "cc" and c.lower_ in ("but", "yet") or c.text == ";")), None)
        draft = _phrase_draft(doc, quotations, token, 1, max(obj.right_edge.i, token.i), clause,
                              obj, "in", None if contrast is None else contrast - 1)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _coordination_of(clause: Token, cue: Token) -> Token:
    """The first of the clauses ``clause`` is coordinated with by "and" or a comma, where the
    cue comes after it: "Trump received 37 percent, Clinton had 36 percent and Bloomberg 13
    percent, according to the results" reports all three figures, though the parse hangs the
    phrase on the last. Never over a clause with a source of its own (a reporting verb, an
    "according to": "Smith said ..., and the company dropped the suit, according to a
    filing") or over a semicolon."""
    while clause.dep_ == "conj" and clause.i < cue.i and clause.head.pos_ in ("VERB", "AUX") \
            and clause.head.i < clause.i and all(
                c.lower_ == "and" for c in children(clause.head)
                if c.dep_ == "cc" and clause.head.i < c.i < clause.i) \
            and not any(_has_own_source(t) for t in
                        clause.doc[clause.head.left_edge.i:clause.i]):
        clause = clause.head
    return clause


def _before_sourced_conjunct(clause: Token, cue: Token, end: int) -> int | None:
    """The last token before the first clause coordinated with ``clause`` after the phrase
    (``cue`` to token ``end``, after the clause's verb) that has a source of its own, or
    None: in "The storm killed three people, according to the sheriff, and it destroyed 200
    homes, according to the Red Cross", the sheriff reports the deaths only. A phrase
    opening the sentence reports all of it ("According to the summary, Mills sent an email,
    and she told investigators she was unaware")."""
    if cue.i < clause.i:
        return None
    for conj in children(clause):
        if conj.dep_ == "conj" and conj.i > end and any(
                _has_own_source(t) for t in (conj, *children(conj))):
            first = min([conj.left_edge.i] + [c.i for c in children(clause)
                                              if c.dep_ in ("cc", "punct") and end < c.i < conj.i])
            return first - 1
    return None


def _has_own_source(token: Token) -> bool:
    """A semicolon, an "according", or a reporting verb with a clause reported."""
    return token.text == ";" or token.lower_ == "according" or (
        _is_report_verb(token) and any(c.dep_ in ("ccomp", "parataxis") for c in children(token)))


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
    if len(drafts) < _MIN_TURNS or not _names_people(doc, drafts):
        return []
    return drafts


def _names_people(doc: Doc, turns: list[Draft]) -> bool:
    """Whether the turns are a transcript's: one of them is a label of one ("Q", "MODERATOR"),
    names a person the text names elsewhere ("PENCE:" and "Gov. Mike Pence"), or speaks as
    people speak to each other (a question, "I", "you", "we"). The section heads of a market
    table ("CURRENCIES: The dollar rose ...") do none of these."""
    for d in turns:
        start, end = d.pieces[0]
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(t.text == "?" or t.lower_ in _CONVERSATION for t in span):
            return True
    labels = load_lexicon("transcript_labels.txt")
    inside = {i for d in turns for i in range(*d.speaker_tokens)}
    people = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON"
              for t in ent if t.i not in inside and t.is_alpha}
    for d in turns:
        words = [t.lower_ for t in doc[d.speaker_tokens[0]:d.speaker_tokens[1]] if t.is_alpha]
        if " ".join(words) in labels or any(w in people for w in words):
            return True
    return False


def with_raised_subjects(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Contents that report what is expected of, or seems of, their cue's subject take the
    subject in as a piece of their own: "Other groups are expected to spend millions" reports
    "Other groups ... to spend millions", and "Kasich appears to have the state to himself"
    has no speaker, not Kasich. For a passive reporting verb with no agent, or a verb of
    ``cue_raising.txt``, whose content is its infinitive."""
    raising = load_lexicon("cue_raising.txt")
    text = doc_text(doc)
    for d in drafts:
        if d.cue_head is None or d.floating:
            continue
        verb = doc[d.cue_head]
        start = d.pieces[0][0]
        first = doc.char_span(start, start + 1, alignment_mode="expand")
        if first is None or not len(first) or first[0].lower_ != "to" \
                or first[0].head.head.i != verb.i or first[0].head.dep_ != "xcomp":
            continue
        subject = child_with(verb, ("nsubjpass",))
        if subject is not None:
            if child_with(verb, ("agent",)) is not None:
                continue
        elif verb.lemma_.lower() in raising:
            subject = child_with(verb, ("nsubj",))
        if subject is None or subject.i > verb.i or subject.tag_ in ("EX", "WDT", "WP"):
            continue
        piece = trim(text, *token_range_chars(doc, subject.left_edge.i, subject.right_edge.i))
        if piece[1] <= piece[0] or piece[1] > start:
            continue
        d.pieces = [piece] + d.pieces
        if d.speaker is not None and subject.left_edge.i <= d.speaker <= subject.right_edge.i:
            d.speaker, d.speaker_tokens = None, None
    return drafts


"""Small helpers over a parsed spaCy ``Doc``, shared by every step: the text, sentences and
children of tokens in constant time, the dependency labels, subjects, cue words and content
ranges, and where quotations are.

What is worked out once per document (its text, each token's sentence and children) is kept in
``Doc.user_data`` beside it, under the keys below; :func:`forget_parse` drops it when the parse
has changed.
"""
from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from functools import lru_cache

import numpy
from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

from nlp.lexicons import load_lexicon, load_table
from nlp.quotemarks import Quotation, Quotations

# Dependency labels, once. A subject: nominal, clausal, or either passive.
NOMINAL_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SUBJECT_DEPS = NOMINAL_SUBJECT_DEPS | {"csubj"}
ANY_SUBJECT_DEPS = SUBJECT_DEPS | {"csubjpass"}
# Clauses a participle or infinitive hangs from, whose subject is the speaker's.
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "ccomp", "acomp"})
# Auxiliaries and negation that belong to a cue verb ("has said", "did not deny").
CUE_AUX_DEPS = frozenset({"aux", "auxpass", "neg"})
VERB_TAGS = frozenset({"VERB", "AUX"})
# What a content's ends are trimmed of: white space and sentence punctuation, not quote marks.
TRIM_CHARS = " \t\n\r\u00a0\u200b,;:.!?—–-"


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


def child_with(token: Token, deps: Iterable[str]) -> Token | None:
    """The first child of ``token`` (in text order) with one of the dependency labels."""
    deps = frozenset(deps)
    doc = token.doc
    for i in children_of(token):
        if doc[i].dep_ in deps:
            return doc[i]
    return None


# Verbs by which a writer passes on someone's words: "X was quoted / cited as saying".
_QUOTING = frozenset({"quote", "cite"})


def fronted_description(subject: Token) -> Token | None:
    """The subject a fronted description stands before: "A former Marine, Smith said ...",
    which the parse reads as two subjects of "said". The nearer one, after a comma, is the
    clause's subject; the first describes it. None when ``subject`` is not such a description.
    """
    if subject.dep_ not in NOMINAL_SUBJECT_DEPS or subject.ent_type_ == "PERSON" \
            or any(c.dep_ == "conj" for c in children(subject)) \
            or (subject.pos_ != "NOUN" and not any(c.dep_ == "det" for c in children(subject))):
        # "Ban Ki-moon, the secretary general, said"; "The family, protesters"; "Ford, GM"
        return None
    verb = subject.head
    doc = subject.doc
    comma = subject.right_edge.i + 1
    if comma >= verb.i or doc[comma].text != ",":
        return None
    other = doc[comma + 1]  # the phrase right after the comma: climb to its head word
    for _ in range(_MAX_NAME_WORDS):
        if other.head.i == verb.i or other.head.i == other.i:
            break
        other = other.head
    # a name, not one more item of a list ("Alabama, Georgia and Virginia")
    if other.head.i == verb.i and other.i < verb.i and other.dep_ == subject.dep_ \
            and other.pos_ == "PROPN" and other.ent_type_ in ("PERSON", "ORG", "") \
            and other.left_edge.i == comma + 1 \
            and not any(c.dep_ in ("conj", "cc") for c in children(other)):
        return other
    return None


# what one has "to say" ("had this to say", "had plenty to say"): the one who has it speaks
_WHAT_TO_SAY = frozenset({"this", "that", "something", "much", "little", "plenty", "nothing",
                          "lots", "more", "less"})


def _has_to_say(verb: Token, have: Token | None = None) -> bool:
    """Whether ``verb`` is "to say" (or add, tell) after a form of "have" ("had this to say")."""
    have = verb.head if have is None else have
    return verb.lemma_.lower() in ("say", "add", "tell") and have.lemma_.lower() == "have" \
        and have.i != verb.i and is_infinitive(verb)


def find_subject(verb: Token, depth: int = 0, controlled: bool = True) -> Token | None:
    """The speaker's head word for a cue verb: its subject, the agent of a passive, or the
    subject of the verb a participle or infinitive hangs from ("X ..., saying ..."), or the
    object of a verb of moving someone to act ("forced Stumpf to admit"), unless
    ``controlled`` is False: the verb was reached from a coordinated or prepositional clause
    ("pressured them to stop by threatening ...": the one who pressured threatened)."""
    subject = child_with(verb, SUBJECT_DEPS)
    if subject is not None:
        subject = fronted_description(subject) or subject
    if subject is not None and subject.lower_ in _WHAT_TO_SAY and _has_to_say(verb) \
            and depth < 4 and verb.head.i != verb.i:
        return find_subject(verb.head, depth + 1)  # "Ford had this to say": Ford
    if subject is not None:
        if subject.dep_ == "nsubjpass":
            agent = child_with(verb, ("agent",))
            by = child_with(agent, ("pobj",)) if agent is not None else None
            return by
        if subject.lower_ in ("it", "there") and child_with(verb, ("ccomp",)) is not None \
                and subject.i > verb.i - 3 and verb.tag_ in ("VBN",):
            return None
        return subject
    if verb.dep_ in ("acl", "relcl") and verb.head.lower_ in _WHAT_TO_SAY \
            and verb.head.dep_ == "dobj" and _has_to_say(verb, verb.head.head) and depth < 4:
        return find_subject(verb.head.head, depth + 1)  # "Ford had plenty to say"
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        noun = verb.head
        if is_infinitive(verb) and not _could_speak(noun):
            return _infinitive_noun_subject(noun, depth)
        return noun  # "with Wang calling on ...", "the first senator to say"
    if verb.dep_ == "relcl":
        return verb.head
    if depth == 0 and verb.tag_ == "VBN" and verb.dep_ == "advcl" \
            and child_with(verb, ("aux",)) is None:
        return None  # "Asked whether ..., the minister said": the minister was asked
    controller = _object_controlling(verb) if controlled else None
    if controller is not None:
        return controller  # "The senator forced Stumpf to admit ...": Stumpf admits
    if depth < 4 and verb.dep_ in CLIMB_DEPS and verb.head.i != verb.i:
        # an infinitive joined to another shares its doer ("prompted Rubio to make a joke
        # and call Trump ..."); a finite verb or a participle joined to it does not ("would
        # like Trump to explain ... but supports his candidacy")
        controlled = verb.dep_ in ("xcomp", "advcl") or verb.dep_ == "conj" and verb.tag_ == "VB"
        head = verb.head
        if head.dep_ == "prep" and head.head.i != head.i:  # "... by announcing that"
            if head.lower_ == "as" and head.head.lemma_.lower() in _QUOTING:
                # "X was quoted (by Y) as saying": X says, whoever quoted X
                said = child_with(head.head, ("nsubjpass",))
                if said is not None:
                    return said
            head = head.head
            if head.dep_ == "advmod" and head.pos_ == "ADV" and head.head.i != head.i:
                head = head.head  # "..., aside from saying": the clause "aside" hangs from
            controlled = False
        return find_subject(head, depth + 1, controlled)
    return None


def _object_controlling(verb: Token) -> Token | None:
    """The object of the verb an infinitive hangs from, when it is who does what the
    infinitive says: "forced Stumpf to admit", "asked the governor to explain", "wants him
    to apologise" (verbs_object_control.txt). Only an object that could speak (a name, a
    pronoun for a person, a noun for a person or organisation)."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.i == verb.i or not is_infinitive(verb) \
            or head.lemma_.lower() not in load_lexicon("verbs_object_control.txt"):
        return None
    obj = child_with(head, ("dobj",))
    if obj is None or not head.i < obj.i < verb.i or not _could_speak(obj):
        return None
    return obj


def _infinitive_noun_subject(noun: Token, depth: int) -> Token | None:
    """Who does what an infinitive after a noun that cannot speak says: the noun's owner
    ("the president's refusal to call", "the decision by the FBI to reveal"), whoever is
    given it ("gives Biden the chance to defend", "denied Smith the chance to argue"), or
    the subject of a verb of taking it up ("took the opportunity to say":
    verbs_taking.txt); after any other verb, nobody named ("blocked the attempt to
    declare")."""
    owner = child_with(noun, ("poss",))
    if owner is not None:
        return owner
    for child in children(noun):
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i < noun.i + 3:
            by = child_with(child, ("pobj",))
            if by is not None and _could_speak(by):
                return by
    verb = noun.head
    if noun.dep_ != "dobj" or verb.i == noun.i or depth >= 4:
        return None
    given = next((c for c in children(verb) if c.dep_ in ("dative", "dobj") and c.i < noun.i
                  and _could_speak(c)), None)
    if given is not None:
        return given
    if verb.lemma_.lower() in load_lexicon("verbs_taking.txt"):
        return find_subject(verb, depth + 1)
    return None


def is_infinitive(verb: Token) -> bool:
    """Whether ``verb`` has "to" before it ("to say")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb))


def _could_speak(token: Token) -> bool:
    if token.pos_ == "PRON":
        return token.lower_ in ("me", "you", "him", "her", "us", "them")
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return token.lemma_.lower() in _speaker_nouns()


@lru_cache(maxsize=1)
def _speaker_nouns() -> frozenset[str]:
    """Nouns for a person or an organisation, from the speaker lexicons."""
    names = ("speaker_titles.txt", "speaker_org_heads.txt", "speaker_anonymous_heads.txt",
             "speaker_person_nouns.txt")
    return frozenset(row[0].lower() for name in names for row in load_table(name))


# What sets a reporting clause off ("X said, suggesting ..."); how far back a trailing
# participle looks for its reporting verb; how long a name between a quotation and its
# verb may be ("Tulsa police Chief Chuck Jordan").
CLAUSE_MARKS = frozenset({",", "—", "–"})
_MAX_HOST_WORDS = 6
_MAX_NAME_WORDS = 6


def find_speaker(verb: Token, pieces: Sequence[tuple[int, int]], quotations: Quotations,
                 reporting: Container[str]) -> Token | None:
    """The speaker's head word for a cue verb reporting ``pieces`` (character ranges):
    :func:`find_subject`, unless that lies in the content or inside quotation marks around a
    cue outside them; then the name between the quotation and the verb, or the subject of the
    reporting verb a trailing participle follows. ``reporting`` holds the lemmas of the
    reporting verbs (``nlp.cues.verb_frames()``)."""
    def unfit(token: Token | None) -> bool:
        return token is not None and (any(a <= token.idx < b for a, b in pieces)
                                      or _quoted_speaker(token, verb, quotations))

    speaker = find_subject(verb)
    if unfit(speaker):
        # the parse may give the verb the quotation's noun as a second subject
        # ('"... Full panic mode," said Leslie Wimes')
        speaker = next((c for c in children(verb)
                        if c.dep_ in SUBJECT_DEPS and c.dep_ != "nsubjpass" and not unfit(c)),
                       None)
    if speaker is None:
        speaker = _name_before(verb, quotations) \
            or _host_subject(verb, pieces, quotations, reporting) \
            or inverted_subject(verb, quotations)
    return speaker


def described_by_age(verb: Token) -> tuple[int, int] | None:
    """The tokens of "the 24-year-old" in '"...," the 24-year-old said', where the parse hung
    the description's determiner and adjective on the verb and left it no subject."""
    doc = verb.doc
    before = [c for c in children(verb) if c.i < verb.i]
    old = next((c for c in before if c.dep_ == "amod" and c.lower_ == "old"
                and c.i == verb.i - 1), None)
    det = next((c for c in before if c.dep_ == "det"), None)
    if old is None or det is None or not any(
            t.lower_ in ("year", "years") for t in doc[det.i:old.i]):
        return None
    return det.i, old.i + 1


def inverted_subject(verb: Token, quotations: Quotations) -> Token | None:
    """'"Enough is enough," tweeted the former president.': after a quotation, the noun
    phrase right after the cue verb is its speaker, though the parse took it for an object,
    where nothing else follows it in the sentence."""
    doc = verb.doc
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None  # '... "outrageous," urging supporters': a participle names no one after
    before = verb.i - 1
    if before > 0 and doc[before].text == ",":  # '"Enough is enough", tweeted ...'
        before -= 1
    if before < 0 or not doc[before].is_quote or quotations.at(doc[before].idx) is None:
        return None
    obj = child_with(verb, ("dobj",))
    if obj is None or obj.i <= verb.i or obj.left_edge.i != verb.i + 1:
        return None
    rest = doc[obj.right_edge.i + 1:sentence_of(verb).end]
    if any(not t.is_punct for t in rest):
        return None
    return obj


def _quoted_speaker(speaker: Token, verb: Token, quotations: Quotations) -> bool:
    """A subject found inside quotation marks for a cue outside them is a word of the quoted
    speech ("We will achieve justice," Chief Chuck Jordan said: the parse may hang "said"
    from "achieve"), never the speaker."""
    return inside_quotation(quotations, speaker.idx) and not inside_quotation(quotations, verb.idx)


def _name_before(verb: Token, quotations: Quotations) -> Token | None:
    """The name between a quotation and its cue verb, where the parse left the verb without
    a subject outside the quoted words: '..." Tulsa police Chief Chuck Jordan said' (the
    name just before the verb), '..." Flynn, a top Trump surrogate, said' (the name the
    apposition follows). Nothing but nouns, names and commas may lie between the quotation's
    closing mark and the verb."""
    doc = verb.doc
    start = None
    for j in range(verb.i - 1, max(verb.i - 1 - _MAX_NAME_WORDS * 2, -1), -1):
        token = doc[j]
        if token.is_quote or inside_quotation(quotations, token.idx):
            start = j + 1
            break
        if token.pos_ in ("VERB", "AUX") and not token.ent_type_ or token.text in (".", "!", "?"):
            return None
    if start is None or start >= verb.i:
        return None
    last = doc[verb.i - 1]
    if last.pos_ == "PROPN" and last.ent_type_ not in ("DATE", "TIME"):
        return last
    k = start
    while k < verb.i and doc[k].pos_ != "PROPN":
        k += 1
    if k >= verb.i or doc[k].ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
        return None
    while k + 1 < verb.i and doc[k + 1].pos_ == "PROPN":
        k += 1
    return doc[k] if k + 1 < verb.i and doc[k + 1].text == "," else None


def _host_subject(verb: Token, pieces: Sequence[tuple[int, int]], quotations: Quotations,
                  reporting: Container[str]) -> Token | None:
    """The speaker of a participle that trails a reporting clause ('Sanders said, suggesting
    ...', 'X said, going on to say that ...'): the subject of the reporting verb just before
    the comma, where the parse hung the participle elsewhere."""
    if verb.tag_ != "VBG" and verb.dep_ == "xcomp" and verb.head.tag_ == "VBG":
        verb = verb.head  # "going on to say"
    if verb.tag_ != "VBG":
        return None
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].dep_ == "prt":
        i -= 1
    if i < 0 or doc[i].text not in CLAUSE_MARKS:
        return None
    for j in range(i - 1, max(i - 1 - _MAX_HOST_WORDS, -1), -1):
        host = doc[j]
        if host.pos_ in ("VERB", "AUX") and host.lemma_.lower() in reporting:
            subject = find_subject(host)
            if subject is None or any(a <= subject.idx < b for a, b in pieces) \
                    or _quoted_speaker(subject, host, quotations):
                return None
            return subject
        if doc[j].is_quote or doc[j].text in (".", "!", "?"):
            return None
    return None


def cue_tokens(verb: Token, extra: Sequence[int]) -> tuple[int, int]:
    """The cue's words: the verb with its particle, the preposition or noun of a multi-word
    cue, and the auxiliaries right before it ("has said", "is calling for")."""
    idx = [verb.i, *extra]
    i = verb.i - 1
    while i >= 0 and verb.doc[i].head.i == verb.i and verb.doc[i].dep_ in CUE_AUX_DEPS:
        idx.append(i)
        i -= 1
    for child in children(verb):
        if child.dep_ == "prt":
            idx.append(child.i)
    idx = [i for i in idx if abs(i - verb.i) <= 3]
    return min(idx), max(idx) + 1


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip white space and sentence punctuation (not quote marks) from both ends."""
    while start < end and text[start] in TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in TRIM_CHARS:
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

"""The trained attribution tagger: running it inside the pipeline, and reading its spans.

The tagger (``nlp/data/models/attribution``, made by ``scripts/train-attribution``) is a spaCy
entity recognizer over three labels: CONTENT, SOURCE and CUE. It runs last in the pipeline,
decoded by :mod:`nlp.greedy`; its spans go to ``doc.spans["attribution"]`` and the small
model's own entities, which the speakers step reads, stay as they were.

:func:`tagged_drafts` turns those spans into drafts for the contents the rules did not find:
the content pieces of consecutive sentences are joined, the cue is the tagged cue the parse
links to the content (or else the nearest one, in its sentences or the one either side), and
the speaker is the tagged source that is the cue's subject (or the nearest one).
:func:`refine_drafts` gives the rules' drafts the tagger's exact cue and source spans, and its
longer content where it holds theirs.

Every choice here was measured on PolNeAR dev (see the model card); the rules keep what they
do better (quotations over paragraphs, linking, nesting), and letting the tagger veto rule
drafts it has no content for cost more recall than it gained precision.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy
import spacy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from nlp.drafts import Draft, cover
from nlp.parse import (ANY_SUBJECT_DEPS, child_with, children, doc_text, find_subject,
                       inverted_subject, sentence_of, strip_punct, strip_space, trim)
from nlp.features import ENTITIES_KEY, fold_embedding, share_pipeline_tensor
from nlp.greedy import Moves, decode
from nlp.quotemarks import find_quotations
from nlp.speakers import expand_mention

SPANS_KEY = "attribution"
TAGGER_NAME = "quotes_attribution"
BUILTIN_TAGGER = Path(__file__).parent / "data" / "models" / "attribution"
BUILTIN = "builtin"  # the tagger's path in a pipeline's config: the one shipped here
TAGGER_META = "quotes_tagger"  # key of the pipeline's meta naming the tagger it runs
TAGGER_FACTORY = "quotes_attribution_tagger"
_MAX_CUE_DISTANCE = 40  # most tokens between a tagged content and its cue


class AttributionTagger:
    """The trained tagger as a pipeline component: the entity recognizer's model scores the
    moves and :func:`nlp.greedy.decode` picks its spans (the ones spaCy's own decoder would),
    which go to ``doc.spans["attribution"]``; the document's entities stay as they are.

    A tagger that decodes otherwise (a hidden layer above its state features, or a beam)
    runs through spaCy's own decoder, with the document's entities set aside meanwhile:
    spaCy's recognizer keeps entities already set."""

    def __init__(self, recognizer: EntityRecognizer) -> None:
        self.recognizer = recognizer
        self._configure()

    def _configure(self) -> None:
        recognizer = self.recognizer
        self.model = recognizer.model
        names = [recognizer.moves.get_class_name(i) for i in range(recognizer.moves.n_moves)]
        self.moves = Moves.from_names(names)
        lower = self.model.get_ref("lower")
        self.in_bulk = (not self.model.attrs.get("has_upper", True)
                        and not self.model.attrs.get("unseen_classes")
                        and recognizer.cfg.get("beam_width", 1) == 1
                        and lower.get_dim("nF") == 3 and lower.get_dim("nO") == len(names))

    def __call__(self, doc: Doc) -> Doc:
        self._tag([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._tag(batch)
            yield from batch

    def to_bytes(self, **kwargs) -> bytes:
        return self.recognizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs) -> "AttributionTagger":
        self.recognizer.from_bytes(data, **kwargs)
        self._configure()
        return self

    def to_disk(self, path: Path | str, **kwargs) -> None:
        self.recognizer.to_disk(path, **kwargs)

    def from_disk(self, path: Path | str, **kwargs) -> "AttributionTagger":
        self.recognizer.from_disk(path, **kwargs)
        self._configure()
        return self

    def _tag(self, docs: list[Doc]) -> None:
        if not self.in_bulk:
            for doc in docs:
                doc.spans[ENTITIES_KEY] = entities = list(doc.ents)  # read by the features
                doc.set_ents([], default="missing")
                self.recognizer(doc)
                doc.spans[SPANS_KEY] = list(doc.ents)
                doc.set_ents(entities, default="outside")
                del doc.spans[ENTITIES_KEY]
            return
        for doc in docs:
            doc.spans[SPANS_KEY] = []
        docs = [doc for doc in docs if len(doc)]
        if not docs:
            return
        lower = self.model.get_ref("lower")
        rows = lower.predict(self.model.get_ref("tok2vec").predict(docs))
        bias = lower.get_param("b")
        offset = 0
        for doc in docs:
            n = len(doc)
            sentences, space = doc.to_array([SENT_START, IS_SPACE]).T
            before_start = numpy.zeros(n, dtype=bool)
            before_start[:-1] = sentences[1:] == 1
            spans = decode(rows[offset:offset + n + 1], rows[0], bias, before_start,
                           space.astype(bool), self.moves)
            doc.spans[SPANS_KEY] = [Span(doc, start, end, label=label)
                                    for start, end, label in spans]
            offset += n


# The tagger reads the parse, tags, lemmas and entities (and the rules, which read the parse)
# and leaves its spans in doc.spans.
@Language.factory(TAGGER_FACTORY, default_config={"path": BUILTIN},
                  requires=["token.dep", "token.head", "token.tag", "token.pos", "token.lemma",
                            "token.is_sent_start", "doc.ents"],
                  assigns=["doc.spans"])
def make_tagger(nlp: Language, name: str, path: str) -> AttributionTagger:
    """The tagger saved at ``path`` (made by ``scripts/train-attribution``), or the one
    shipped with the package for ``"builtin"``."""
    tagger = spacy.load(BUILTIN_TAGGER if path == BUILTIN else path)
    recognizer = tagger.get_pipe(tagger.pipe_names[0])
    for label in recognizer.labels:  # spaCy's decoder names its spans in the pipeline's vocab
        nlp.vocab.strings.add(label)
    return AttributionTagger(recognizer)


def add_tagger(pipeline: Language, path: Path | str) -> None:
    """Add the tagger saved at ``path`` at the end of ``pipeline``, ready for prediction (its
    embedding is registered by :mod:`nlp.features`, imported above, and folded there; it
    reads the pipeline's own token vectors when it was trained on them)."""
    meta = spacy.util.load_meta(Path(path) / "meta.json")
    pipeline.meta[TAGGER_META] = f"{meta.get('name')} {meta.get('version')}"
    config = {"path": BUILTIN if Path(path) == BUILTIN_TAGGER else str(path)}
    component = pipeline.add_pipe(TAGGER_FACTORY, name=TAGGER_NAME, config=config, last=True)
    tok2vec = component.model.get_ref("tok2vec")
    shared = pipeline.get_pipe("tok2vec").model if "tok2vec" in pipeline.pipe_names else None
    share_pipeline_tensor(tok2vec, shared)
    fold_embedding(tok2vec)


def has_tags(doc: Doc) -> bool:
    return SPANS_KEY in doc.spans


class _Ranges:
    """Token ranges [start, end) of one label, in order and never overlapping, found by
    position in logarithmic time (an article can have thousands)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        self._starts = [r[0] for r in ranges]

    def __iter__(self):
        return iter(self.ranges)

    def within(self, low: int, high: int) -> list[tuple[int, int]]:
        """The ranges that lie inside [low, high)."""
        i = bisect_left(self._starts, low)
        out = []
        while i < len(self.ranges) and self.ranges[i][0] < high:
            if self.ranges[i][1] <= high:
                out.append(self.ranges[i])
            i += 1
        return out

    def containing(self, token: int) -> tuple[int, int] | None:
        i = bisect_right(self._starts, token) - 1
        if i >= 0 and token < self.ranges[i][1]:
            return self.ranges[i]
        return None


def _groups(doc: Doc, label: str) -> _Ranges:
    """Token ranges of the spans labelled ``label``, in order; an empty span, or one that
    overlaps the one before, is left out. CONTENT pieces of one paragraph separated only by
    white space (the tagger cuts a content at each sentence) are joined; a span loses the
    white space at its ends (a paragraph break it ran on into joins nothing), and a cue or
    a source the punctuation too."""
    spans = sorted((s.start, -s.end) for s in doc.spans[SPANS_KEY] if s.label_ == label)
    out: list[tuple[int, int]] = []
    for start, negative_end in spans:  # the longer first of two that start together
        spoken = strip_space(doc[start:-negative_end]) if -negative_end > start else None
        if spoken is None or (out and spoken.start < out[-1][1]):
            continue
        start, end = spoken.start, spoken.end
        if label != "CONTENT":  # "said:" is the cue "said", unless a colon is all there is
            bare = strip_punct(doc[start:end])
            out.append((bare.start, bare.end) if bare is not None else (start, end))
        elif out and all(t.is_space and "\n" not in t.text for t in doc[out[-1][1]:start]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return _Ranges(out)


def _link_score(doc: Doc, content: tuple[int, int], cue: tuple[int, int]) -> tuple[int, int]:
    """Lower is better: 0 when the parse links the cue and the content, then the distance."""
    first, last = content
    cue_tokens = doc[cue[0]:cue[1]]
    linked = any(first <= t.head.i < last or any(first <= a.i < last for a in t.ancestors)
                 for t in cue_tokens) or any(
        cue[0] <= a.i < cue[1] for a in doc[first:last].root.ancestors)
    distance = cue[0] - last if cue[0] >= last else first - cue[1] if cue[1] <= first else 0
    return (0 if linked else 1, distance)


def _cue_window(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Where a content's cue may be: its sentences and the one either side of them, at most
    :data:`_MAX_CUE_DISTANCE` tokens from it."""
    low, high = sentence_of(doc[first]).start, sentence_of(doc[last - 1]).end
    if low > 0:
        low = sentence_of(doc[low - 1]).start
    if high < len(doc):
        high = sentence_of(doc[high]).end
    return max(low, first - _MAX_CUE_DISTANCE), min(high, last + _MAX_CUE_DISTANCE)


def _source_for(doc: Doc, cue: tuple[int, int], sources: _Ranges) -> tuple[int, int] | None:
    """The tagged source holding the cue's subject, or else the one nearest the cue in its
    sentence."""
    head = doc[cue[0]:cue[1]].root
    subject = find_subject(head)
    if subject is not None:
        source = sources.containing(subject.i)
        if source is not None:
            return source
    sentence = sentence_of(head)
    near = sources.within(sentence.start, sentence.end)
    if not near:
        return None
    return min(near, key=lambda s: min(abs(s[0] - cue[1]), abs(cue[0] - s[1])))


def _in_compound(doc: Doc, cue: tuple[int, int]) -> bool:
    """A cue word inside a hyphenated modifier ("so-called", "self-described") reports
    nothing: the phrase it marks is a name or a scare quote."""
    before = doc[cue[0] - 1] if cue[0] > 0 else None
    return before is not None and before.text in "-\u2010\u2011" and not before.whitespace_


class Tags(NamedTuple):
    """The tagger's spans of a document, read once (:func:`read_tags`)."""

    content: _Ranges
    source: _Ranges
    cue: _Ranges


def read_tags(doc: Doc) -> Tags | None:
    """The tagger's spans of ``doc`` by label, or None when the tagger did not run."""
    if not has_tags(doc):
        return None
    return Tags(_groups(doc, "CONTENT"), _groups(doc, "SOURCE"), _groups(doc, "CUE"))


def tagged_drafts(doc: Doc, drafts: list[Draft], tags: Tags | None = None) -> list[Draft]:
    """Drafts for the tagged contents that no rule draft overlaps and that have a tagged cue
    nearby (``tags``: :func:`read_tags` of ``doc``, read here if not given)."""
    tags = tags or read_tags(doc)
    if tags is None:
        return []
    text = doc_text(doc)
    covered = bytearray(len(text) + 1)
    for d in drafts:
        cover(covered, d.pieces)
    cues, sources = tags.cue, tags.source
    out = []
    for first, last in tags.content:
        start, end = _chars(doc, first, last)
        if end <= start or covered.find(1, start, end) >= 0 or not _has_word(text, start, end):
            continue  # empty, found by the rules, or only marks ("'" after a quotation)
        candidates = [c for c in cues.within(*_cue_window(doc, first, last))
                      if not first <= c[0] < last]
        if not candidates:
            continue
        cue = min(candidates, key=lambda c: _link_score(doc, (first, last), c))
        if _in_compound(doc, cue):
            continue
        cue_head = doc[cue[0]:cue[1]].root
        if any(child.dep_ in ANY_SUBJECT_DEPS and first <= child.i < last
               for child in cue_head.children):
            continue  # the content is what the cue says something of, not what was said
        source = _source_for(doc, cue, sources)
        speaker = doc[source[0]:source[1]].root.i if source else _subject_of(cue_head, start, end)
        if speaker is None:  # '"Why now?" asked the senator.', the parse's object
            inverted = inverted_subject(cue_head, find_quotations(text))
            speaker = inverted.i if inverted is not None else None
        out.append(Draft(pieces=[(start, end)], cue=cue, cue_head=cue_head.i,
                         speaker=speaker,
                         construction="tagged", confidence=0.5,
                         lemma=" ".join(t.lemma_.lower() for t in doc[cue[0]:cue[1]]),
                         speaker_tokens=source))
    return out


def _has_word(text: str, start: int, end: int) -> bool:
    return any(ch.isalnum() for ch in text[start:end])


def _subject_of(cue_head: Token, start: int, end: int) -> int | None:
    """Where the tagger marked no source: the cue verb's subject in the parse ("Trump charges
    that ..."), unless it lies in the content."""
    if cue_head.text == ":":
        return _before_colon(cue_head, start, end)
    if cue_head.pos_ not in ("VERB", "AUX"):
        return None
    subject = find_subject(cue_head)
    if subject is None or start <= subject.idx < end:
        return None
    return subject.i


def _before_colon(colon: Token, start: int, end: int) -> int | None:
    """The speaker a headline names before its colon: the subject of a clause there ("Warren
    slams Wells Fargo chief: '...'"), a name there ("Trump: '...'"), or the name a phrase
    there is from or by ("A lesson from Loretta Lynch: '...'"); a person or an organisation
    the NER knows, never a topic."""
    doc = colon.doc
    first = sentence_of(colon).start
    if colon.i <= first:
        return None
    root = doc[colon.i - 1]
    while root.head.i != root.i and first <= root.head.i < colon.i:
        root = root.head  # the head of what stands before the colon
    if root.pos_ in ("VERB", "AUX"):
        speaker = find_subject(root)
    elif root.pos_ in ("NOUN", "PROPN"):
        speaker = root
        for prep in children(root):
            named = child_with(prep, ("pobj",)) \
                if prep.dep_ == "prep" and prep.lower_ in ("from", "by") else None
            if named is not None and named.pos_ == "PROPN":
                speaker = named
    else:
        return None
    if speaker is None or not first <= speaker.i < colon.i or start <= speaker.idx < end \
            or speaker.ent_type_ not in ("PERSON", "ORG") or speaker.is_upper:
        return None  # a topic ("Signs of momentum shifts: ...", "WARNING: ...") is no one
    return speaker.i


def _chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character offsets of tokens [first, last), without white space or sentence
    punctuation at the ends."""
    return trim(doc_text(doc), doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text))


def _content_ranges(doc: Doc, contents: _Ranges) -> list[tuple[int, int]]:
    ranges = (_chars(doc, first, last) for first, last in contents)
    return [(start, end) for start, end in ranges if end > start]


def _holds(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _exact_anchors(doc: Doc, d: Draft, sources: _Ranges, cues: _Ranges) -> None:
    """The tagger's cue and source spans, where they hold the words the rules chose: it has
    learnt where a cue or a source mention ends ("has repeatedly denied", "a spokesman for
    the ministry"). A source keeps the rules' head word, so that "a readout from the ministry"
    never makes the readout the speaker, and never narrows the rules' mention ("Antony
    Blinken" for "U.S. Secretary of State Antony Blinken"), and neither span may reach into
    the draft's content."""
    if d.cue is not None and d.cue_chars is None:
        cue = cues.containing(d.cue[0])
        if cue is not None and _holds(cue, d.cue) and not _overlaps_content(doc, d, cue):
            d.cue = cue
    if d.speaker is None:
        return
    source = sources.containing(d.speaker)
    if source is None or doc[source[0]:source[1]].root.i != d.speaker:
        return
    mention = d.speaker_tokens
    if mention is None:  # the noun phrase the speaker's name or title heads
        phrase = expand_mention(doc[d.speaker])
        mention = (phrase.start, phrase.end)
    if _holds(source, mention) and not _overlaps_content(doc, d, source):
        d.speaker_tokens = source


def _overlaps_content(doc: Doc, d: Draft, tokens: tuple[int, int]) -> bool:
    """Whether tokens [first, last) reach into the draft's content: a cue or a source never
    does, however far the tagger ran ("also stressed the importance of ..." as a cue)."""
    a, b = _token_chars(doc, tokens)
    return any(a < end and start < b for start, end in d.pieces)


def _token_chars(doc: Doc, tokens: tuple[int, int]) -> tuple[int, int]:
    """Character offsets of tokens [first, last), as they stand."""
    last = doc[tokens[1] - 1]
    return doc[tokens[0]].idx, last.idx + len(last)


def refine_drafts(doc: Doc, drafts: list[Draft], tags: Tags | None = None) -> list[Draft]:
    """Rule drafts with the tagger's exact cue and source, and the tagger's content where it
    holds the rules' content and more (the rules stop at a coordination the tagger runs
    through: "said he would review the defences and warned against hackers"); ``tags`` as
    for :func:`tagged_drafts`."""
    tags = tags or read_tags(doc)
    if tags is None:
        return drafts
    tagged = _content_ranges(doc, tags.content)
    tagged_starts = [s for s, _ in tagged]
    sources, cues = tags.source, tags.cue
    for d in drafts:
        _exact_anchors(doc, d, sources, cues)
    anchors = [_anchor_chars(doc, d) for d in drafts]
    for d in drafts:
        if len(d.pieces) != 1:
            continue
        start, end = d.pieces[0]
        first = max(bisect_right(tagged_starts, start) - 1, 0)  # two overlapping are enough
        near = [(s, e) for s, e in tagged[first:first + 3] if s < end and start < e]
        if len(near) != 1:
            continue
        s, e = near[0]
        cue_char = doc[d.cue_head].idx if d.cue_head is not None else -1
        if (s <= start and end <= e and (s, e) != (start, end) and not s <= cue_char < e
                and not _dangling(doc, e)
                and not any(a < e and s < b and not (start <= a and b <= end)
                            for spans in anchors for a, b in spans)):
            d.pieces = [(s, e)]
    return drafts


_DANGLING_POS = frozenset({"SCONJ", "CCONJ", "ADP", "DET"})


def _dangling(doc: Doc, end: int) -> bool:
    """Whether a tagged content ending at character ``end`` stops on a word that opens what
    follows ("... were killed, while"): a content never ends so, and the rules' is kept."""
    last = doc.char_span(max(end - 1, 0), end, alignment_mode="expand")
    return last is not None and len(last) > 0 and last[-1].pos_ in _DANGLING_POS


def _anchor_chars(doc: Doc, d: Draft) -> list[tuple[int, int]]:
    """Character spans of a draft's cue and speaker mention: words a content widened by the
    tagger must not take in ("...the November summit, State Department spokesperson Matthew
    Miller said" is the outer attribution's, not the content's)."""
    mention = d.speaker_tokens or ((d.speaker, d.speaker + 1) if d.speaker is not None else None)
    return [_token_chars(doc, tokens) for tokens in (d.cue, mention) if tokens is not None]

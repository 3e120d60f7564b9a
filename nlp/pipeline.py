"""Loading the spaCy pipeline the extraction runs on."""
from __future__ import annotations

import importlib.util
import logging
import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

from nlp import attitude, deadline
from nlp.errors import ModelNotFound
from nlp.settings import DEFAULT_MODEL, DEFAULT_TAGGER, NO_TAGGER, TAGGER_SETTING
from nlp.furniture import dateline_ends
from nlp.lexicons import load_lexicon
from nlp.parse import doc_text
from nlp.tagged import BUILTIN_TAGGER, TAGGER_META, TAGGER_NAME, add_tagger


_log = logging.getLogger(__name__)

# The extraction reads tags, lemmas, the parse and entities; nothing else is needed.
_UNUSED_COMPONENTS = ()


PARAGRAPH_BREAKS = "quotes_paragraph_breaks"
_INITIALISM = re.compile(r"^(?:[A-Z]\.){2,}$")  # U.S., D.C.


@Language.component(PARAGRAPH_BREAKS, assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, and after a paragraph's opening wire dateline
    ("SEOUL (AP) — "), before the parser runs: a headline, a dateline or a tag line has no
    full stop, and the parser would glue it to the prose.

    The starts are written in one array: spaCy's ``Token.is_sent_start`` setter checks the
    whole document each time, which made an article of thousands of short paragraphs cost
    their square."""
    starts = numpy.asarray(doc.to_array(SENT_START), dtype=numpy.uint64).view(numpy.int64)
    starts = starts.copy()
    datelines = set(dateline_ends(doc_text(doc)))
    after_break = False
    for token in doc:
        if token.is_space and "\n" in token.text:
            after_break = True
        elif after_break or token.idx in datelines:
            starts[token.i] = 1
            after_break = False
        elif token.i > 0 and _is_abbreviation(doc[token.i - 1].text):
            starts[token.i] = -1  # "U.S. Secretary", "Sen. Warren": no new sentence
    if len(doc):
        doc.from_array([SENT_START], starts.view(numpy.uint64).reshape(-1, 1))
    return doc


def _is_abbreviation(word: str) -> bool:
    """Initialisms and abbreviated titles end with a full stop that the small parser takes
    for the end of a sentence."""
    return bool(_INITIALISM.match(word)) or word.lower() in load_lexicon("abbreviations.txt")


class GuardedTokenizer:
    """The pipeline's tokenizer, safe from pathological runs of characters.

    spaCy's tokenizer peels punctuation off a word one character at a time, so a single
    "word" of 50,000 quote marks takes minutes. A run without white space longer than
    ``max_run`` characters (which real prose never has) is tokenized as if it were letters,
    into one token; the tokens keep the original characters, so the text and every offset
    stay exact.
    """

    def __init__(self, tokenizer: Callable[[str], Doc], max_run: int = 200) -> None:
        self.tokenizer = tokenizer
        self.max_run = max_run
        self._long_run = re.compile(r"\S{%d,}" % (max_run + 1))

    def __call__(self, text: str) -> Doc:
        if not self._long_run.search(text):
            return self.tokenizer(text)
        masked = self._long_run.sub(lambda m: "x" * len(m.group()), text)
        shape = self.tokenizer(masked)
        return Doc(shape.vocab, words=[text[t.idx:t.idx + len(t)] for t in shape],
                   spaces=[bool(t.whitespace_) for t in shape])

    def __getattr__(self, name: str) -> Any:  # rules, vocab, to_disk ... of the real tokenizer
        return getattr(self.tokenizer, name)


def default_tagger() -> str:
    """The tagger named by ``$QUOTES_TAGGER``, else the built-in one."""
    return os.environ.get(TAGGER_SETTING, DEFAULT_TAGGER)


def load_pipeline(name: str = DEFAULT_MODEL, tagger: str | None = None) -> Language:
    """Load the spaCy pipeline ``name`` (an installed package or a path), with line breaks
    ending sentences, and the attribution tagger ``tagger`` ("builtin", "off" or the path of
    a tagger made by ``scripts/train-attribution``; by default :func:`default_tagger`) at its
    end. The layers of its models multiply matrices with numpy (:func:`use_numpy_products`).

    Raises :class:`ModelNotFound` when either is not installed, naming the setting.
    """
    if importlib.util.find_spec(name) is None and not _looks_like_path(name):
        raise ModelNotFound(name)
    try:
        pipeline = spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
    except OSError as exc:  # spaCy's E050: not a package, link or directory
        raise ModelNotFound(name) from exc
    if "parser" in pipeline.pipe_names and PARAGRAPH_BREAKS not in pipeline.pipe_names:
        pipeline.add_pipe(PARAGRAPH_BREAKS, before="parser")
    if not isinstance(pipeline.tokenizer, GuardedTokenizer):
        pipeline.tokenizer = GuardedTokenizer(pipeline.tokenizer)
    tagger = tagger or default_tagger()
    if tagger != NO_TAGGER and TAGGER_NAME not in pipeline.pipe_names:
        path = BUILTIN_TAGGER if tagger == DEFAULT_TAGGER else Path(tagger)
        if not (path / "config.cfg").is_file():
            raise ModelNotFound(tagger, TAGGER_SETTING)
        add_tagger(pipeline, path)
    _add_attitude(pipeline)
    for _, component in pipeline.components:  # disabled ones too, should they be enabled
        if isinstance(getattr(component, "model", None), Model):
            use_numpy_products(component.model)
    return pipeline


def _add_attitude(pipeline: Language) -> None:
    """Let :mod:`nlp.attitude` decide polarity on documents this pipeline reads, where its
    spaCy model is the one the attitude model was trained on; else say the rules decide."""
    learned = attitude.weights()
    if attitude.COMPONENT in pipeline.pipe_names or learned is None:
        return
    if attitude.fits(pipeline.meta, learned) and "tok2vec" in pipeline.pipe_names:
        pipeline.add_pipe(attitude.COMPONENT, after="tok2vec")
    else:
        _log.warning("the attitude model was trained on %s, not %s: polarity by the rules",
                     learned.pipeline, attitude.pipeline_name(pipeline.meta))


_THREAD_SETTINGS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def use_numpy_products(model: Model) -> bool:
    """Run the matrix products of ``model``'s layers with numpy's BLAS instead of the BLIS
    that thinc bundles, which on the 2-core AMD EPYC machines measured took three times as
    long for the shapes of spaCy's small models and of the tagger (a 2,000 x 288 by 288 x 288
    product: 13 ms against 4 ms): a whole parse takes a fifth less time. The results are the
    same up to float rounding: the tags, parses and entities of 16,712 tokens of PolNeAR dev
    came out the same. (The parser's and the entity recognizer's step loop, in Cython,
    still takes BLIS for its small per-step product: thinc gives it no other.)

    numpy's BLAS would spread a product over every core, and its idle threads spin: one
    analysis then costs more CPU time, and the service's workers, one per core, fight over
    the cores. So it is held to one thread per process, unless ``OPENBLAS_NUM_THREADS``,
    ``OMP_NUM_THREADS`` or ``MKL_NUM_THREADS`` says otherwise.

    Only a model on thinc's CPU backend changes (not one on a GPU). Returns whether it did."""
    if type(model.ops) is not NumpyOps:
        return False
    _one_blas_thread()
    ops = NumpyOps(use_blis=False)
    for node in model.walk():
        node.ops = ops
    return True


@lru_cache(maxsize=1)
def _one_blas_thread() -> None:
    if not any(name in os.environ for name in _THREAD_SETTINGS):
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")


def _looks_like_path(name: str) -> bool:
    return "/" in name or name.startswith(".")


@lru_cache(maxsize=8)
def _cached(name: str, tagger: str) -> Language:
    return load_pipeline(name, tagger)


def shared_pipeline(name: str = DEFAULT_MODEL, tagger: str | None = None) -> Language:
    """The pipeline ``name`` with ``tagger`` (by default :func:`default_tagger`), loaded once
    per process."""
    return _cached(name, tagger or default_tagger())


def pipeline_info(pipeline: Language) -> dict[str, Any]:
    """Name and version of a loaded pipeline, as the response's ``meta`` reports them."""
    meta = pipeline.meta
    return {"model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
            "version": str(meta.get("version", "0")),
            "tagger": str(meta.get(TAGGER_META, NO_TAGGER))}


def parse_checked(pipeline: Language, texts: list[str], batch_size: int = 16) -> list[Doc]:
    """What ``pipeline.pipe(texts)`` gives, one component at a time over all the texts, with
    the running time limit (:mod:`nlp.deadline`) checked before each component."""
    docs = [pipeline.make_doc(text) for text in texts]
    for _name, component in pipeline.pipeline:
        deadline.check()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=batch_size))
        else:
            docs = [component(doc) for doc in docs]
    return docs

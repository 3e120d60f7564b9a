"""Token features for the trained attribution tagger, read off the parse and the quote marks.

A window-based encoder sees a few tokens either side; an attribution's content can run for
fifty. These features carry the long-range facts to every token: whether it sits inside
quotation marks, how it attaches to its head, which reporting clause (if any) it belongs to,
and its role in the clause of its governing verb. Each is a string, hashed into a table of
the embedding, like spaCy's own lexical features. The last feature is what the rules of
:mod:`nlp.attribution` found there, which makes the tagger a second opinion on the rules as
much as a finder of its own.

The embedding is registered as ``quotes.AttributionEmbed.v1`` so that a saved tagger loads
once this module is imported.
"""
from __future__ import annotations

import zlib
from functools import lru_cache, partial
from collections.abc import Sequence
from typing import Callable

import numpy
from spacy import parts_of_speech
from spacy.attrs import DEP, HEAD, IDX, LEMMA, POS
from spacy.ml.featureextractor import FeatureExtractor
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list,
                       with_array)
from thinc.layers.chain import forward as chain_forward
from thinc.types import Floats2d, Ints2d

from nlp.parse import doc_text
from nlp.quotemarks import Quotations, find_quotations
from nlp.rules import rule_drafts

LEXICAL = ("NORM", "PREFIX", "SUFFIX", "SHAPE", "POS", "DEP")
PARSE = ("quoted", "head", "report", "clause", "entity", "rules")
# Where the small model's entities wait while spaCy's entity recognizer, which keeps entities
# already set, tags a document for training (or runs a tagger that nlp.greedy cannot decode).
ENTITIES_KEY = "quotes_entities"

# Edges that open a clause reported by the word above them.
_REPORT_EDGES = frozenset({"ccomp", "parataxis", "xcomp", "acl", "relcl", "advcl", "pcomp"})
_VERB_IDS = numpy.array([parts_of_speech.IDS["VERB"], parts_of_speech.IDS["AUX"]], dtype="uint64")


@lru_cache(maxsize=1 << 16)
def _key(value: str) -> int:
    return zlib.crc32(value.encode("utf8"))


def _quoted(doc: Doc, quotations: Quotations, starts: numpy.ndarray) -> list[str]:
    """'mark' for a quote mark, 'in' inside a quotation, 'out' elsewhere; ``starts`` holds
    each token's character offset."""
    text = doc_text(doc)
    inside = bytearray(len(text) + 1)
    for q in quotations:
        a, b = q.inner
        inside[q.start:q.end] = b"\x02" * (q.end - q.start)
        inside[a:b] = b"\x01" * (b - a)
    names = ("out", "in", "mark")
    return [names[k] for k in numpy.frombuffer(bytes(inside), dtype="uint8")[starts].tolist()]


def _strings(doc: Doc, ids: numpy.ndarray, transform: Callable[[str], str] = str) -> list[str]:
    """The strings behind a column of ``doc.to_array``, each distinct one looked up once."""
    distinct, inverse = numpy.unique(ids, return_inverse=True)
    names = [transform(doc.vocab.strings[int(i)]) for i in distinct.tolist()]
    return [names[k] for k in inverse.tolist()]


def _entity_types(doc: Doc) -> list[str]:
    types = [""] * len(doc)
    for ent in doc.spans[ENTITIES_KEY] if ENTITIES_KEY in doc.spans else doc.ents:
        types[ent.start:ent.end] = [ent.label_] * len(ent)
    return types


def _rule_roles(doc: Doc, quotations: Quotations) -> list[str]:
    """What the rules made of each token: "cue:ccomp", "source", "content:quote" or "-".

    The rules read the parse only (not the entities, which training sets aside), so the
    extraction reuses the drafts found here (:func:`nlp.rules.rule_drafts`)."""
    roles = ["-"] * len(doc)
    cues, sources = [], []
    for d in rule_drafts(doc, quotations):
        kind = d.construction.split("+")[0]
        for start, end in d.pieces:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                roles[span.start:span.end] = [f"content:{kind}"] * len(span)
        if d.cue is not None:
            cues.append((d.cue, f"cue:{kind}"))
        if d.speaker_tokens is not None:
            sources.append(d.speaker_tokens)
        elif d.speaker is not None:
            sources.append((d.speaker, d.speaker + 1))
    for first, last in sources:
        roles[first:last] = ["source"] * (last - first)
    for (first, last), role in cues:
        roles[first:last] = [role] * (last - first)
    return roles


def parse_features(doc: Doc) -> list[tuple[str, ...]]:
    """For each token: (quoted, head, report, clause, entity, rules) as strings.

    - ``head``: its relation to its head word and that word's lemma ("nsubj|say");
    - ``report``: the nearest clause edge above it and the word it hangs from
      ("ccomp|say" for every token of a reported clause), "-" at the top;
    - ``clause``: the relation, to the nearest verb above it, of its ancestor attached to that
      verb ("nsubj|say" for every word of the subject);
    - ``entity``: the type of the named entity it is part of, if any;
    - ``rules``: its part in what the rules found (:func:`_rule_roles`), so that the tagger
      learns where to trust them, where to widen them, and what they miss.
    """
    return list(zip(*_feature_columns(doc)))


def _feature_columns(doc: Doc) -> list[list[str]]:
    """The columns of :func:`parse_features`."""
    n = len(doc)
    columns = doc.to_array([IDX, HEAD, DEP, LEMMA, POS])
    heads = columns[:, 1].view("int64") + numpy.arange(n)
    deps = _strings(doc, columns[:, 2])
    lemmas = _strings(doc, columns[:, 3], str.lower)
    relation = [f"{dep}|{lemmas[head]}" for dep, head in zip(deps, heads.tolist())]
    attached = heads != numpy.arange(n)
    reports = attached & numpy.isin(columns[:, 2], _report_edge_ids(doc.vocab.strings))
    clauses = attached & numpy.isin(columns[heads, 4], _VERB_IDS)
    quotations = find_quotations(doc_text(doc))
    return [_quoted(doc, quotations, columns[:, 0].astype("int64")), relation,
            _nearest_above(heads, reports, relation, "-"),
            _nearest_above(heads, clauses, relation, "root"), _entity_types(doc),
            _rule_roles(doc, quotations)]


def _report_edge_ids(strings) -> numpy.ndarray:
    return numpy.array([strings[edge] for edge in sorted(_REPORT_EDGES)], dtype="uint64")


def _nearest_above(heads: numpy.ndarray, marked: numpy.ndarray, values: list[str],
                   top: str) -> list[str]:
    """For each token, ``values`` of the nearest marked token on its way up the tree (itself
    included), or ``top`` when none is. Every token points at its head until it reaches a
    marked token or the root, and pointers are followed by doubling: a few array steps for
    the deepest tree."""
    n = len(heads)
    up = numpy.where(marked | (heads == numpy.arange(n)), numpy.arange(n), heads)
    for _ in range(max(n, 2).bit_length() + 1):
        further = up[up]
        if numpy.array_equal(further, up):
            break
        up = further
    found = marked[up] & (up[up] == up)  # a cycle without a root ends nowhere: the top
    return [values[j] if ok else top for j, ok in zip(up.tolist(), found.tolist())]


def feature_array(doc: Doc) -> numpy.ndarray:
    """The parse features of ``doc`` as hashed columns, one row per token."""
    out = numpy.zeros((len(doc), len(PARSE)), dtype="uint64")
    if len(doc):
        for j, column in enumerate(_feature_columns(doc)):
            out[:, j] = [_key(value) for value in column]
    return out


def ParseFeatureExtractor() -> Model[list[Doc], list[Ints2d]]:
    return Model("extract_parse_features", _forward)


def _forward(model: Model, docs: Sequence[Doc], is_train: bool):
    features = [model.ops.asarray2i(feature_array(doc), dtype="uint64") for doc in docs]
    return features, lambda d_features: []


@registry.architectures("quotes.AttributionEmbed.v1")
def AttributionEmbed(width: int, rows: list[int], parse_rows: list[int]
                     ) -> Model[list[Doc], list]:
    """spaCy's MultiHashEmbed over :data:`LEXICAL` attributes, joined with hash embeddings of
    the :data:`PARSE` features, reduced to ``width`` by one Maxout layer."""
    return _embedding(width, rows, parse_rows, None)


@registry.architectures("quotes.AttributionEmbed.v2")
def AttributionEmbedWithTensor(width: int, rows: list[int], parse_rows: list[int],
                               tensor: Model[list[Doc], list[Floats2d]]
                               ) -> Model[list[Doc], list]:
    """:func:`AttributionEmbed`, with the service pipeline's own token vectors
    (:func:`PipelineTensor`) joined to the hashed features before the Maxout layer."""
    return _embedding(width, rows, parse_rows, tensor)


def _embedding(width: int, rows: list[int], parse_rows: list[int],
               tensor: Model | None) -> Model[list[Doc], list]:
    if len(rows) != len(LEXICAL) or len(parse_rows) != len(PARSE):
        raise ValueError(f"rows must list {len(LEXICAL)} and parse_rows {len(PARSE)} sizes")
    tables = [HashEmbed(width, r, column=i, seed=8 + i, dropout=0.0) for i, r in enumerate(rows)]
    parse_tables = [HashEmbed(width, r, column=i, seed=40 + i, dropout=0.0)
                    for i, r in enumerate(parse_rows)]
    lexical = chain(FeatureExtractor(list(LEXICAL)), list2ragged(),
                    with_array(concatenate(*tables)))
    parse = chain(ParseFeatureExtractor(), list2ragged(), with_array(concatenate(*parse_tables)))
    branches, size = [lexical, parse], width * (len(tables) + len(parse_tables))
    if tensor is not None:  # last, as the folded embedding expects
        branches.append(chain(tensor, list2ragged()))
        size += tensor.get_dim("nO")
    return chain(concatenate(*branches),
                 with_array(Maxout(width, size, nP=3, dropout=0.0, normalize=True)),
                 ragged2list())


@registry.architectures("quotes.PipelineTensor.v1")
def PipelineTensor(tok2vec: Model[list[Doc], list[Floats2d]], source: str
                   ) -> Model[list[Doc], list[Floats2d]]:
    """A frozen copy of the shared ``tok2vec`` of the spaCy pipeline ``source``: the token
    vectors its tagger and parser read.

    Its weights are copied from ``source`` when the tagger is trained, and never updated;
    they ship with the tagger, so it runs after any pipeline. After the pipeline it was
    copied from, whose ``tok2vec`` has just set each document's ``doc.tensor`` to these same
    vectors, :func:`share_pipeline_tensor` lets it read them there instead of computing them
    again, which makes them free.
    """
    return Model("pipeline_tensor", _tensor_forward, init=_tensor_init, layers=[tok2vec],
                 dims={"nO": tok2vec.get_dim("nO")}, attrs={"source": source, "shared": False})


def _tensor_init(model: Model, X=None, Y=None) -> None:
    import spacy  # here: only training needs the source pipeline

    source = spacy.load(model.attrs["source"])
    model.layers[0].from_bytes(source.get_pipe("tok2vec").model.to_bytes())


def _tensor_forward(model: Model, docs: Sequence[Doc], is_train: bool):
    width = model.get_dim("nO")
    shared = model.attrs["shared"]
    vectors: list = [None] * len(docs)
    missing = []
    for i, doc in enumerate(docs):
        if shared and doc.tensor.shape == (len(doc), width):
            vectors[i] = model.ops.asarray2f(doc.tensor)
        else:
            missing.append(i)
    if missing:
        for i, computed in zip(missing, model.layers[0].predict([docs[i] for i in missing])):
            vectors[i] = computed
    return vectors, lambda d_vectors: []  # frozen: no gradient goes back


def share_pipeline_tensor(tok2vec: Model, pipeline_tok2vec: Model | None) -> bool:
    """Let the :func:`PipelineTensor` in the tagger's ``tok2vec`` read ``doc.tensor`` when
    ``pipeline_tok2vec`` (the pipeline's own ``tok2vec`` model) has the very weights it was
    copied from. Returns whether it does."""
    copy = next((node for node in tok2vec.walk() if node.name == "pipeline_tensor"), None)
    if copy is None:
        return False
    copy.attrs["shared"] = pipeline_tok2vec is not None and _same_weights(
        copy.layers[0], pipeline_tok2vec)
    return copy.attrs["shared"]


def _same_weights(a: Model, b: Model) -> bool:
    nodes_a, nodes_b = list(a.walk()), list(b.walk())
    if len(nodes_a) != len(nodes_b):
        return False
    for x, y in zip(nodes_a, nodes_b):
        if x.name != y.name or x.param_names != y.param_names:
            return False
        for name in x.param_names:
            if not (x.has_param(name) and y.has_param(name)):
                return False
            p, q = x.get_param(name), y.get_param(name)
            if p.shape != q.shape or not numpy.array_equal(p, q):
                return False
    return True


def fold_embedding(tok2vec: Model) -> bool:
    """Make the trained :func:`AttributionEmbed` (or its ``.v2``) in ``tok2vec`` cheaper to
    predict with.

    The embedding joins twelve hashed tables (96 wide each) and projects the 1,152 columns
    with one Maxout layer, a matrix product that cost more than the tagger's whole encoder.
    A projection of a sum of table rows is the sum of the projected rows, so each table is
    multiplied by its block of the Maxout weights once, here, and a token then costs a few
    row look-ups (each distinct value of a batch once); the pipeline's vectors of ``.v2`` are
    multiplied by their own block as they come. The result is the same up to float rounding.

    Only how the embedding runs changes (thinc keeps a layer's forward function in
    ``Model._func``): its layers and weights stay as they were, so the model saves, loads
    and pickles as before. Training (``is_train``) runs the original layers and drops the
    projected tables, which the next prediction computes again from the new weights.
    Returns False, changing nothing, when ``tok2vec`` holds no such embedding.
    """
    embed = _attribution_embed(tok2vec)
    if embed is None:
        return False
    if not isinstance(embed._func, partial):  # folded already: nothing to do
        projections = _Projections()
        projections.get(embed)  # now, so that workers forked after loading share the tables
        embed._func = partial(_folded_forward, projections)
    return True


def _attribution_embed(tok2vec: Model) -> Model | None:
    for node in tok2vec.walk():
        if (len(node.layers) == 3 and node.layers[-1].name == "ragged2list"
                and "extract_parse_features" in node.layers[0].name):
            return node
    return None


class _Projections:
    """The folded tables of embedding layers, by layer id. Pickled empty: they are rebuilt
    on first use."""

    def __init__(self) -> None:
        self.by_layer: dict[int, tuple] = {}

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self.by_layer = {}

    def get(self, embed: Model) -> tuple:
        folded = self.by_layer.get(embed.id)
        if folded is None:
            folded = self.by_layer[embed.id] = _project(embed)
        return folded


def _project(embed: Model) -> tuple:
    """Each hash table of the embedding times its block of the Maxout weights."""
    joined, project = embed.layers[0], embed.layers[1]
    maxout = next(node for node in project.walk() if node.name == "maxout")
    norm = next(node for node in project.walk() if node.name == "layernorm")
    extractors, tables, dense = [], [], None
    for branch in joined.layers:  # extractor >> list2ragged >> with_array(concatenate(...))
        if branch.layers[0].name == "pipeline_tensor":  # pipeline_tensor >> list2ragged
            if branch is not joined.layers[-1]:
                raise ValueError("the pipeline's vectors must come last in the embedding")
            dense = branch.layers[0]
            continue
        extractors.append(branch.layers[0])
        for column in branch.layers[2].layers[0].layers:  # ints-getitem >> hashembed
            tables.append((len(extractors) - 1, column.layers[1]))
    n_out, n_pieces, n_in = maxout.get_param("W").shape
    weights = maxout.get_param("W").reshape(n_out * n_pieces, n_in)
    widths = [table.get_param("E").shape[1] for _, table in tables]
    dense_width = dense.get_dim("nO") if dense is not None else 0
    if sum(widths) + dense_width != n_in:
        raise ValueError(f"the embedding's inputs are {sum(widths) + dense_width} wide, its "
                         f"projection takes {n_in}")
    projected, first = [], 0
    for (source, table), width in zip(tables, widths):
        rows = table.get_param("E") @ weights[:, first:first + width].T
        projected.append((source, table.attrs["column"], table.attrs["seed"],
                          embed.ops.asarray2f(rows, dtype="float32")))
        first += width
    if dense is not None:  # its block of the weights, applied to the vectors as they come
        dense = (dense, embed.ops.asarray2f(weights[:, first:].T.copy(), dtype="float32"))
    bias = maxout.get_param("b").reshape(n_out * n_pieces)
    return extractors, projected, dense, bias, norm, n_out, n_pieces


def _folded_forward(projections: _Projections, model: Model, docs: list[Doc], is_train: bool):
    if is_train:  # the original layers; their weights are about to change
        projections.by_layer.pop(model.id, None)
        return chain_forward(model, docs, is_train)
    extractors, projected, dense, bias, norm, n_out, n_pieces = projections.get(model)
    ops = model.ops
    lengths = [len(doc) for doc in docs]
    if not sum(lengths):
        return [ops.alloc2f(0, n_out) for _ in docs], _prediction_only
    columns = []
    for extractor in extractors:
        per_doc = [ops.asarray2i(ids, dtype="uint64") for ids in extractor.predict(docs)]
        columns.append(ops.xp.concatenate(per_doc))
    summed = ops.alloc2f(sum(lengths), n_out * n_pieces)
    for source, column, seed, rows in projected:  # each distinct value looked up once
        values, inverse = numpy.unique(columns[source][:, column], return_inverse=True)
        keys = ops.hash(ops.as_contig(values), seed) % rows.shape[0]
        summed += ops.gather_add(rows, keys)[inverse.reshape(-1)]
    if dense is not None:
        layer, block = dense
        vectors = layer.predict(docs)
        summed += ops.gemm(ops.xp.concatenate(vectors), block)
    summed += bias
    best, _ = ops.maxout(ops.reshape3f(summed, summed.shape[0], n_out, n_pieces))
    rows, starts = norm.predict(best), numpy.cumsum([0, *lengths]).tolist()
    return [rows[a:b] for a, b in zip(starts, starts[1:])], _prediction_only  # as ragged2list


def _prediction_only(d_output: Floats2d):
    raise NotImplementedError("a prediction has no gradient")

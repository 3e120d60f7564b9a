"""The scorer: extraction records against a gold corpus of attributions.

Pure functions over gold attributions and :class:`nlp.types.Quote` records; no pipeline is
loaded here (the command in :mod:`evaluation.__main__` runs it).

The corpus holds one article a line: ``{"id", "text", "quotes": [{content_start, content_end,
speaker_start, speaker_end, cue_start, cue_end, quote_type, ...}]}``.

Metrics, all micro-averaged over the corpus:

- **content** P/R/F1: a record matches a gold attribution when their covering content spans
  overlap by at least half of the longer one (``overlap / max(len_pred, len_gold) >= 0.5``).
  Matching is one-to-one, best overlap first. P = matched / records, R = matched / gold.
- **attribution** P/R/F1: a content match whose speaker is also right: the record's
  ``speaker.mention_span`` shares at least one character with the gold source span. A gold
  attribution without a source counts only when the record has no speaker mention either.
- **exact** F1 for content, source and cue separately: spans trimmed of white space, sentence
  punctuation and quote marks at both ends, compared as multisets per document (one-to-one,
  exact offsets). Gold attributions or records lacking a source (cue) are absent from that
  field's sets; a span made only of such characters (a colon as cue) is compared untrimmed,
  an empty span is left out.
- **recall by type**: content recall per gold ``quote_type``.
- **calibration**: content-match precision of records, binned by ``confidence``.

Only top-level records are scored: records with a ``parent_id`` are nested attributions, which
the corpus does not annotate; their number is reported as ``nested_ignored``.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

from spacy.tokens import Doc, Span

from nlp.types import Offsets, Quote

MATCH_THRESHOLD = 0.5
DEFAULT_TOLERANCE = 0.02
HEADLINE = ("content_f1", "attribution_f1", "exact_content_f1", "exact_source_f1", "exact_cue_f1")
EXACT_FIELDS = ("content", "source", "cue")
QUOTE_TYPES = ("direct", "indirect", "mixed")
CALIBRATION_EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)

_QUOTE_MARKS = "\"'`\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a"
_PUNCTUATION = ".,;:!?\u2026\u2013\u2014"
_TRIM = frozenset(_QUOTE_MARKS + _PUNCTUATION)
# A sentence ends at . ! ? (perhaps followed by closing quote marks) before white space.
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)]*\s|\n")


# --- gold records -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Gold:
    """One gold attribution: covering content span, source and cue spans (None when absent)."""

    id: str
    type: str
    content: Offsets
    source: Optional[Offsets]
    cue: Optional[Offsets]


def _offsets(start: Optional[int], end: Optional[int]) -> Optional[Offsets]:
    return None if start is None or end is None else Offsets(start, end)


def gold_from_json(item: Mapping[str, Any]) -> Gold:
    """A :class:`Gold` from one entry of a corpus line's ``quotes``."""
    return Gold(id=str(item.get("attribution_id", "")), type=item.get("quote_type", "unknown"),
                content=Offsets(item["content_start"], item["content_end"]),
                source=_offsets(item.get("speaker_start"), item.get("speaker_end")),
                cue=_offsets(item.get("cue_start"), item.get("cue_end")))


# --- spans ------------------------------------------------------------------------------------

def overlap(a: Offsets, b: Offsets) -> int:
    """Number of characters two spans share."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def overlap_ratio(a: Offsets, b: Offsets) -> float:
    """Shared characters over the length of the longer span (0 for two empty spans)."""
    longest = max(a.end - a.start, b.end - b.start)
    return overlap(a, b) / longest if longest > 0 else 0.0


def is_match(a: Offsets, b: Offsets) -> bool:
    """Whether two content spans overlap by at least half of the longer one."""
    longest = max(a.end - a.start, b.end - b.start)
    # compared without dividing, so that exactly half counts despite rounding
    return longest > 0 and overlap(a, b) >= MATCH_THRESHOLD * longest


def trim_span(text: str, span: Offsets) -> Offsets:
    """``span`` without white space, sentence punctuation and quote marks at either end.

    A span made of nothing else (a colon as cue) is returned as it is. Not
    :func:`nlp.parse.trim`, which keeps quote marks and takes integer offsets.
    """
    start, end = span.start, span.end
    while start < end and (text[start].isspace() or text[start] in _TRIM):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM):
        end -= 1
    return Offsets(start, end) if end > start else span


def passage(text: str, start: int, end: int) -> str:
    """``text[start:end]`` widened to whole sentences (a heuristic: . ! ? or a line break)."""
    left = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        left = found.end()
    right = _SENTENCE_END.search(text, max(end - 1, left))
    return text[left:right.end() if right else len(text)].strip()


# --- matching ---------------------------------------------------------------------------------

def match_content(gold: Sequence[Gold], records: Sequence[Quote]) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, record index)`` pairs of matching content, best overlap first."""
    candidates = sorted(
        ((overlap_ratio(g.content, r.span), gi, ri)
         for gi, g in enumerate(gold) for ri, r in enumerate(records)
         if is_match(g.content, r.span)),
        key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_records: set[int] = set()
    pairs = []
    for _, gi, ri in candidates:
        if gi not in used_gold and ri not in used_records:
            used_gold.add(gi)
            used_records.add(ri)
            pairs.append((gi, ri))
    return sorted(pairs)


def speaker_span(record: Quote) -> Optional[Offsets]:
    """Where the record's speaker is mentioned, if anywhere."""
    return record.speaker.mention_span if record.speaker else None


def speaker_agrees(gold: Gold, record: Quote) -> bool:
    """Any character overlap of the source spans; no gold source needs no predicted mention."""
    predicted = speaker_span(record)
    if gold.source is None:
        return predicted is None
    return predicted is not None and overlap(gold.source, predicted) > 0


def exact_matches(text: str, gold: Iterable[Offsets], predicted: Iterable[Offsets]) -> "Count":
    """Multiset comparison of trimmed spans: one-to-one exact matches, records and gold."""
    def trimmed(spans: Iterable[Offsets]) -> Counter:
        return Counter(t for t in (trim_span(text, s) for s in spans) if t.end > t.start)

    gold_set, predicted_set = trimmed(gold), trimmed(predicted)
    return Count(matched=sum((gold_set & predicted_set).values()),
                 predicted=sum(predicted_set.values()), gold=sum(gold_set.values()))


# --- counting ---------------------------------------------------------------------------------

def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class Count:
    """Matched, predicted and gold counts, which add up across documents."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: "Count") -> "Count":
        return Count(self.matched + other.matched, self.predicted + other.predicted,
                     self.gold + other.gold)

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "matched": self.matched, "predicted": self.predicted,
                "gold": self.gold}


@dataclass(frozen=True)
class DocumentScore:
    """The counts of one document; ``confidences`` pairs each record's confidence with a match."""

    content: Count = Count()
    attribution: Count = Count()
    exact: Mapping[str, Count] = field(default_factory=dict)
    by_type: Mapping[str, Count] = field(default_factory=dict)
    confidences: tuple[tuple[float, bool], ...] = ()
    nested_ignored: int = 0


def top_level(records: Iterable[Quote]) -> list[Quote]:
    """The records that are not nested inside another record."""
    return [r for r in records if r.parent_id is None]


def score_document(text: str, gold: Sequence[Gold], records: Sequence[Quote]) -> DocumentScore:
    """All counts for one document (nested records are set aside, see the module docstring)."""
    scored = top_level(records)
    pairs = match_content(gold, scored)
    matched_records = {ri for _, ri in pairs}
    right_speaker = sum(speaker_agrees(gold[gi], scored[ri]) for gi, ri in pairs)
    matched_gold = Counter(gold[gi].type for gi, _ in pairs)
    gold_types = Counter(g.type for g in gold)
    return DocumentScore(
        content=Count(len(pairs), len(scored), len(gold)),
        attribution=Count(right_speaker, len(scored), len(gold)),
        exact={
            "content": exact_matches(text, (g.content for g in gold), (r.span for r in scored)),
            "source": exact_matches(text, (g.source for g in gold if g.source),
                                    (s for s in map(speaker_span, scored) if s)),
            "cue": exact_matches(text, (g.cue for g in gold if g.cue),
                                 (r.cue.span for r in scored if r.cue)),
        },
        by_type={t: Count(matched=matched_gold[t], gold=n) for t, n in gold_types.items()},
        confidences=tuple((r.confidence, i in matched_records) for i, r in enumerate(scored)),
        nested_ignored=len(records) - len(scored))


def _sum_by_key(mappings: Iterable[Mapping[str, Count]]) -> dict[str, Count]:
    total: dict[str, Count] = {}
    for mapping in mappings:
        for key, count in mapping.items():
            total[key] = total.get(key, Count()) + count
    return total


def calibration(confidences: Iterable[tuple[float, bool]],
                edges: Sequence[float] = CALIBRATION_EDGES) -> list[dict[str, Any]]:
    """Observed precision per confidence bin ``[low, high)``; the last bin includes ``high``."""
    bins = [[0, 0] for _ in edges[1:]]
    for confidence, matched in confidences:
        index = next((i for i, high in enumerate(edges[1:-1]) if confidence < high),
                     len(bins) - 1)
        bins[index][0] += 1
        bins[index][1] += matched
    return [{"low": low, "high": high, "records": n, "matched": m,
             "precision": round(_ratio(m, n), 4)}
            for low, high, (n, m) in zip(edges, edges[1:], bins)]


def aggregate(scores: Iterable[DocumentScore]) -> dict[str, Any]:
    """The corpus report (plain JSON values) from per-document scores."""
    scores = list(scores)
    content = sum((s.content for s in scores), Count())
    attribution = sum((s.attribution for s in scores), Count())
    exact = _sum_by_key(s.exact for s in scores)
    by_type = _sum_by_key(s.by_type for s in scores)
    types = [t for t in QUOTE_TYPES if t in by_type] + sorted(set(by_type) - set(QUOTE_TYPES))
    report = {
        "documents": len(scores),
        "content": content.as_dict(),
        "attribution": attribution.as_dict(),
        "exact": {name: exact.get(name, Count()).as_dict() for name in EXACT_FIELDS},
        "recall_by_type": {t: {"recall": round(by_type[t].recall, 4),
                               "matched": by_type[t].matched, "gold": by_type[t].gold}
                           for t in types},
        "calibration": calibration(c for s in scores for c in s.confidences),
        "nested_ignored": sum(s.nested_ignored for s in scores),
    }
    return {"headline": headline(report), **report}


def headline(report: Mapping[str, Any]) -> dict[str, float]:
    """The figures a baseline keeps, from a report."""
    figures = {"content_f1": report["content"]["f1"],
               "attribution_f1": report["attribution"]["f1"]}
    figures.update({f"exact_{name}_f1": report["exact"][name]["f1"] for name in EXACT_FIELDS})
    return figures


def regressions(current: Mapping[str, float], baseline: Mapping[str, float],
                tolerance: float = DEFAULT_TOLERANCE) -> list[str]:
    """One message per headline figure more than ``tolerance`` under the baseline."""
    return [f"{name} fell to {current[name]:.4f} from a baseline of {baseline[name]:.4f} "
            f"(tolerance {tolerance})"
            for name in HEADLINE
            if name in baseline and name in current
            and current[name] < baseline[name] - tolerance - 1e-9]


# --- error cases ------------------------------------------------------------------------------

def _gold_case(text: str, gold: Gold) -> dict[str, Any]:
    def piece(span: Optional[Offsets]) -> Optional[dict[str, Any]]:
        return None if span is None else {"text": text[span.start:span.end],
                                          "start": span.start, "end": span.end}

    return {"id": gold.id, "type": gold.type, "content": piece(gold.content),
            "source": piece(gold.source), "cue": piece(gold.cue)}


def _gold_passage(text: str, gold: Gold) -> str:
    spans = [s for s in (gold.content, gold.source, gold.cue) if s is not None]
    return passage(text, min(s.start for s in spans), max(s.end for s in spans))


def error_cases(doc_id: str, text: str, gold: Sequence[Gold], records: Sequence[Quote]
                ) -> list[dict[str, Any]]:
    """False negatives, false positives and matched records with the wrong speaker."""
    scored = top_level(records)
    pairs = match_content(gold, scored)
    gold_matched = {gi for gi, _ in pairs}
    records_matched = {ri for _, ri in pairs}
    cases: list[dict[str, Any]] = []
    for gi, g in enumerate(gold):
        if gi not in gold_matched:
            cases.append({"kind": "false_negative", "doc": doc_id, "gold": _gold_case(text, g),
                          "passage": _gold_passage(text, g)})
    for ri, r in enumerate(scored):
        if ri not in records_matched:
            nearest = max(gold, key=lambda g: overlap_ratio(g.content, r.span), default=None)
            cases.append({
                "kind": "false_positive", "doc": doc_id, "record": asdict(r),
                "nearest_gold": None if nearest is None else _gold_case(text, nearest),
                "nearest_overlap": 0.0 if nearest is None
                else round(overlap_ratio(nearest.content, r.span), 4)})
    for gi, ri in pairs:
        if not speaker_agrees(gold[gi], scored[ri]):
            cases.append({"kind": "wrong_speaker", "doc": doc_id,
                          "gold": _gold_case(text, gold[gi]), "record": asdict(scored[ri]),
                          "passage": _gold_passage(text, gold[gi])})
    return cases


# --- output -----------------------------------------------------------------------------------

def format_table(report: Mapping[str, Any]) -> str:
    """The report as a readable plain-text table."""
    row = "{:<22}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}"
    lines = [row.format("metric", "P", "R", "F1", "matched", "predicted", "gold")]

    def add(name: str, c: Mapping[str, Any]) -> None:
        lines.append(row.format(name, f"{c['precision']:.3f}", f"{c['recall']:.3f}",
                                f"{c['f1']:.3f}", c["matched"], c["predicted"], c["gold"]))

    add("content (overlap)", report["content"])
    add("attribution", report["attribution"])
    for name in EXACT_FIELDS:
        add(f"exact {name}", report["exact"][name])
    lines += ["", "{:<22}{:>10}{:>10}{:>10}".format("recall by type", "recall", "matched",
                                                    "gold")]
    for name, t in report["recall_by_type"].items():
        lines.append("{:<22}{:>10.3f}{:>10}{:>10}".format(name, t["recall"], t["matched"],
                                                          t["gold"]))
    lines += ["", "{:<22}{:>10}{:>10}{:>10}".format("confidence", "precision", "matched",
                                                    "records")]
    for b in report["calibration"]:
        closing = "]" if b["high"] == report["calibration"][-1]["high"] else ")"
        lines.append("{:<22}{:>10.3f}{:>10}{:>10}".format(
            f"[{b['low']:.1f}, {b['high']:.1f}{closing}", b["precision"], b["matched"],
            b["records"]))
    lines += ["", f"documents: {report['documents']}   "
                  f"nested records not scored: {report['nested_ignored']}"]
    return "\n".join(lines)


# --- corpus -----------------------------------------------------------------------------------

def read_corpus(path: Path, limit: Optional[int] = None) -> list[dict[str, Any]]:
    """The first ``limit`` documents (all when None) of a JSONL corpus."""
    documents = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and len(documents) >= limit:
                break
            if line.strip():
                documents.append(json.loads(line))
    return documents


def annotated_at(article: dict, start: int, end: int) -> dict | None:
    """The corpus's attribution of ``article`` whose content is ``[start, end)``."""
    for q in article["quotes"]:
        if q["content_start"] == start and q["content_end"] == end:
            return q
    return None


def annotated_spans(article: dict, doc: Doc, start: int, end: int
                    ) -> tuple[dict | None, Span | None, list[Span]]:
    """The corpus's attribution whose content is ``[start, end)``, with its cue and content
    pieces as spans of ``doc``."""
    q = annotated_at(article, start, end)
    cue = None
    if q is not None and q.get("cue_start") is not None:
        cue = doc.char_span(q["cue_start"], q["cue_end"], alignment_mode="expand")
    pieces = (q.get("content_spans") if q else None) or [[start, end]]
    contents = [s for s in (doc.char_span(a, b, alignment_mode="expand") for a, b in pieces)
                if s is not None]
    return q, cue, contents

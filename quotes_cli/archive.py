"""Reading a JSONL archive of articles and writing results that survive an interruption.

Input: one ``{"id": str, "text": str}`` object per line (or ``"html"``, a web page, instead
of ``"text"``: its article is analysed). Output: JSONL (one analysis document
per line, as the API answers) or CSV (one row per quote). Output is appended to and flushed a
document at a time, so after an interruption the ids already written are skipped.
"""
from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from marshmallow import EXCLUDE, ValidationError

import articles
from quotes_schemas import DocumentSchema

CSV_COLUMNS = ("doc_id", "quote_id", "type", "speaker", "cue", "text", "start", "end",
               "stance", "parent_id")


@dataclass(frozen=True)
class BadLine:
    """A line of the input that is not a document, and why."""

    lineno: int
    reason: str


def read_documents(lines: TextIO) -> Iterator[tuple[str, ...] | BadLine]:
    """Each line of ``lines`` as ``(id, text)``, or a :class:`BadLine` saying why not. A page
    (``html``) is ``(id, text, title)``: the article's text and headline.

    Other fields of a line are ignored."""
    schema = DocumentSchema(unknown=EXCLUDE)  # archives carry other fields; only these matter
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            document = schema.load(json.loads(line))
        except json.JSONDecodeError as exc:
            yield BadLine(lineno, f"not JSON: {exc.msg} (column {exc.colno})")
        except ValidationError as exc:
            yield BadLine(lineno, f"not a document: {_describe(exc.messages)}")
        else:
            if "text" in document:
                yield document["id"], document["text"]
                continue
            try:
                page = articles.from_html(document["html"])
            except articles.ArticleError as exc:
                yield BadLine(lineno, f"no article in the page: {exc}")
            else:
                yield document["id"], page.text, page.title or ""


def _describe(messages: Any) -> str:
    if isinstance(messages, dict):
        return "; ".join(f"{key}: {_describe(value)}" for key, value in messages.items())
    if isinstance(messages, list):
        return " ".join(str(message) for message in messages)
    return str(messages)


def done_ids(path: str, fmt: str) -> set[str]:
    """The document ids already in the output ``path`` (none if it does not exist).

    A last line cut short by an interruption is removed, so appending starts on a fresh line.
    """
    if not os.path.exists(path):
        return set()
    _drop_partial_line(path)
    with open(path, encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            rows = csv.reader(handle)
            next(rows, None)  # the header
            return {row[0] for row in rows if row}
        ids = set()
        for line in handle:
            try:
                ids.add(json.loads(line)["id"])
            except (ValueError, KeyError, TypeError):
                continue
        return ids


def _drop_partial_line(path: str) -> None:
    with open(path, "rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        # Walk back to the last complete line; a line is at most a few MB.
        position = size
        while position > 0:
            step = min(65536, position)
            handle.seek(position - step)
            block = handle.read(step)
            newline = block.rfind(b"\n")
            if newline != -1:
                handle.truncate(position - step + newline + 1)
                return
            position -= step
        handle.truncate(0)


class JsonlWriter:
    """One analysis document per line."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle

    def write(self, document: dict[str, Any]) -> None:
        self._handle.write(json.dumps(document, ensure_ascii=False) + "\n")
        self._handle.flush()


class CsvWriter:
    """One row per quote (see :data:`CSV_COLUMNS`); a document without quotes gets one row
    with only its id, so that it counts as done when a run is resumed."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._rows = csv.writer(handle)
        if handle.tell() == 0:
            self._rows.writerow(CSV_COLUMNS)

    def write(self, document: dict[str, Any]) -> None:
        rows = [csv_row(document["id"], quote) for quote in document["quotes"]]
        self._rows.writerows(rows or [[document["id"]] + [""] * (len(CSV_COLUMNS) - 1)])
        self._handle.flush()


def csv_row(doc_id: str, quote: dict[str, Any]) -> list[Any]:
    """The CSV row of one quote of an analysis document."""
    speaker, cue = quote["speaker"], quote["cue"]
    return [doc_id, quote["id"], quote["type"], speaker["name"] if speaker else "",
            cue["text"] if cue else "", quote["text"], quote["span"]["start"],
            quote["span"]["end"], quote["stance"]["label"], quote["parent_id"] or ""]


def open_output(path: str, fmt: str) -> tuple[io.TextIOBase, JsonlWriter | CsvWriter]:
    """``path`` opened for appending, and the writer for ``fmt``."""
    handle = open(path, "a", encoding="utf-8", newline="")
    return handle, (CsvWriter(handle) if fmt == "csv" else JsonlWriter(handle))

"""JSON Lines: the report's objects one per line with a "type" field, written as batches arrive.

Line order: one "header", then per batch its "file", "comment" and "finding" lines, then the "day" lines
of the timeline, then one "summary". Nothing is held back, so a reader can follow the report as it grows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any, TextIO

from analyzer.model import BatchResult
from analyzer.report import Report
from analyzer.report.serialize import comment_dict, day_dict, dumps, dumps_bytes, file_dict, finding_dict, header
from analyzer.report.totals import Totals
from analyzer.report.writers.base import Utf8Out, WriterOptions

FLUSH_SECONDS = 0.2  # a reader following the stream sees new lines this soon; not a flush per batch


def _line(kind: str, record: dict[str, Any]) -> str:
    return dumps({"type": kind, **record}) + "\n"


_HEADS = {kind: b'{"type":"' + kind.encode() + b'",' for kind in ("file", "comment", "finding", "day")}


def _lines(kind: str, records: Iterable[dict[str, Any]], out: list[bytes]) -> None:
    """Append the lines of `records` to `out` as UTF-8, each what `_line` writes: the record's JSON with "type"
    first, put in front of its bytes rather than merged into a new dict (a record that orjson refuses goes
    through `_line`, as does an empty one)."""
    head = _HEADS[kind]
    for record in records:
        body = dumps_bytes(record)
        if body is None or body == b"{}":
            out.append(_line(kind, record).encode())
        else:
            out.append(head + body[1:] + b"\n")


class JsonLinesWriter:
    def __init__(self, out: TextIO, options: WriterOptions | None = None) -> None:
        self.out = Utf8Out(out, options)  # the lines are UTF-8 already
        self.flushed = time.monotonic()
        self.out.write(_line("header", header()).encode())

    def add(self, batch: BatchResult) -> None:
        lines: list[bytes] = []
        _lines("file", map(file_dict, batch.files), lines)
        if batch.comments:  # (most batches have no findings or days, many no notes: no call for none)
            _lines("comment", map(comment_dict, batch.comments), lines)
        if batch.findings:
            _lines("finding", map(finding_dict, batch.findings), lines)
        if batch.days:
            _lines("day", map(day_dict, batch.days), lines)
        self.out.write(b"".join(lines))
        if time.monotonic() - self.flushed >= FLUSH_SECONDS:
            self.out.flush()
            self.flushed = time.monotonic()

    def finish(self, summary: dict[str, Any], totals: Totals) -> None:
        self.out.write(_line("summary", summary).encode())
        self.out.flush()


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    """A whole report as JSON Lines (what a streamed scan writes)."""
    report.write("jsonl", out, verbosity)

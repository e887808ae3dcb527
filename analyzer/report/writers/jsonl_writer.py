"""JSON Lines: the report's objects one per line with a "type" field, written as batches arrive.

Line order: one "header", then per batch its "file", "comment" and "finding" lines, then the "day" lines
of the timeline, then one "summary". Nothing is held back, so a reader can follow the report as it grows.
"""

from __future__ import annotations

import time
from typing import Any, TextIO

from analyzer.model import BatchResult
from analyzer.report import Report
from analyzer.report.serialize import comment_dict, day_dict, dumps, file_dict, finding_dict, header
from analyzer.report.totals import Totals
from analyzer.report.writers.base import WriterOptions

FLUSH_SECONDS = 0.2  # a reader following the stream sees new lines this soon; not a flush per batch


def _line(kind: str, record: dict[str, Any]) -> str:
    return dumps({"type": kind, **record}) + "\n"


class JsonLinesWriter:
    def __init__(self, out: TextIO, options: WriterOptions | None = None) -> None:
        self.out = out
        self.flushed = time.monotonic()
        out.write(_line("header", header()))

    def add(self, batch: BatchResult) -> None:
        lines = [_line("file", file_dict(row)) for row in batch.files]
        lines.extend(_line("comment", comment_dict(comment)) for comment in batch.comments)
        lines.extend(_line("finding", finding_dict(f)) for f in batch.findings)
        lines.extend(_line("day", day_dict(day)) for day in batch.days)
        self.out.write("".join(lines))
        if time.monotonic() - self.flushed >= FLUSH_SECONDS:
            self.out.flush()
            self.flushed = time.monotonic()

    def finish(self, summary: dict[str, Any], totals: Totals) -> None:
        self.out.write(_line("summary", summary))


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    """A whole report as JSON Lines (what a streamed scan writes)."""
    report.write("jsonl", out, verbosity)

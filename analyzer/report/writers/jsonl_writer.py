"""JSON Lines: the report's objects one per line with a "type" field, written as batches arrive.

Line order: one "header", then per batch its "file", "comment" and "finding" lines, then the "day" lines
of the timeline, then one "summary".
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from analyzer.model import BatchResult
from analyzer.report import Report
from analyzer.report.serialize import comment_dict, day_dict, file_dict, finding_dict, header
from analyzer.report.totals import Totals

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False) builds one per call
FLUSH_SECONDS = 0.2  # a reader following the stream sees new lines this soon; not a flush per batch


def _line(kind: str, record: dict[str, Any]) -> str:
    return _ENCODE({"type": kind, **record}) + "\n"


def _file_and_comment_lines(batch: BatchResult) -> str:
    lines = [_line("file", file_dict(row)) for row in batch.files]
    lines.extend(_line("comment", comment_dict(comment)) for comment in batch.comments)
    return "".join(lines)


def _finding_lines(batch: BatchResult) -> tuple[str, ...]:
    return tuple(_line("finding", finding_dict(f)) for f in batch.findings)


def _write(batch: BatchResult, out: TextIO) -> None:
    out.write(_file_and_comment_lines(batch))
    out.write("".join(_finding_lines(batch)))
    for day in batch.days:
        out.write(_line("day", day_dict(day)))


def stream(
    batches: Iterable[BatchResult], out: TextIO, summary: Callable[[Totals], dict[str, Any]] | None = None
) -> Totals:
    """Write each batch as it comes; memory stays bounded by one batch. Returns the running totals."""
    totals = Totals()
    out.write(_line("header", header()))
    flushed = time.monotonic()
    for batch in batches:
        _write(batch, out)
        totals.add_batch(batch)
        if time.monotonic() - flushed >= FLUSH_SECONDS:
            out.flush()
            flushed = time.monotonic()
    out.write(_line("summary", summary(totals) if summary else totals.summary(0.0)))
    return totals


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    batch = BatchResult(report.files, report.comments, report.findings, report.days)
    stream([batch], out, lambda totals: report.summary())

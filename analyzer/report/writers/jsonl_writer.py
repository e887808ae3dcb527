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


def _line(out: TextIO, kind: str, record: dict[str, Any]) -> None:
    out.write(_ENCODE({"type": kind, **record}))
    out.write("\n")


def stream(
    batches: Iterable[BatchResult], out: TextIO, summary: Callable[[Totals], dict[str, Any]] | None = None
) -> Totals:
    """Write each batch as it comes; memory stays bounded by one batch. Returns the running totals."""
    totals = Totals()
    _line(out, "header", header())
    flushed = time.monotonic()
    for batch in batches:
        for row in batch.files:
            _line(out, "file", file_dict(row))
        for comment in batch.comments:
            _line(out, "comment", comment_dict(comment))
        for finding in batch.findings:
            _line(out, "finding", finding_dict(finding))
        for day in batch.days:
            _line(out, "day", day_dict(day))
        totals.add(batch.files, batch.comments, batch.findings)
        if time.monotonic() - flushed >= FLUSH_SECONDS:
            out.flush()
            flushed = time.monotonic()
    _line(out, "summary", summary(totals) if summary else totals.summary(0.0))
    return totals


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    batch = BatchResult(report.files, report.comments, report.findings, report.days)
    stream([batch], out, lambda totals: report.summary())

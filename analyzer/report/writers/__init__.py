"""The report-writer registry: one module per output format, one line each here.

Every writer streams: it takes the scan's batches one at a time as they come (`add`) and the summary at the end
(`finish`), spooling to temporary files what its format prints after the summary, so memory stays flat however
large the dump.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from analyzer.model import BatchResult
from analyzer.report.totals import Totals
from analyzer.report.writers import csv_writer, html_writer, json_writer, jsonl_writer, sarif_writer, text_writer
from analyzer.report.writers.base import ReportWriter, WriterOptions

__all__ = ["WRITERS", "ReportWriter", "WriterOptions", "write_report"]

WriterFactory = Callable[[TextIO, WriterOptions], ReportWriter]

WRITERS: dict[str, WriterFactory] = {
    "text": text_writer.TextWriter,
    "json": json_writer.JsonWriter,
    "jsonl": jsonl_writer.JsonLinesWriter,
    "csv": csv_writer.CsvWriter,
    "sarif": sarif_writer.SarifWriter,
    "html": html_writer.HtmlWriter,
}


def write_report(
    batches: Iterable[BatchResult],
    out: TextIO,
    fmt: str,
    options: WriterOptions | None = None,
    summary_of: Callable[[Totals], dict[str, Any]] | None = None,
) -> Totals:
    """Write `batches` in format `fmt` to `out` as they come; returns the scan's totals.

    `summary_of` makes the summary from the totals at the end (the CLI adds the time taken and the suppressed
    counts); by default the totals' own summary.
    """
    started = time.perf_counter()
    writer = WRITERS[fmt](out, options or WriterOptions())
    totals = Totals()
    for batch in batches:
        totals.add_batch(batch)
        writer.add(batch)
    summary = summary_of(totals) if summary_of else totals.summary(time.perf_counter() - started)
    writer.finish(summary, totals)
    return totals

"""The report-writer registry: one module per output format, one line each here, imported only when used.

Every writer streams: it takes the scan's batches one at a time as they come (`add`) and the summary at the end
(`finish`), spooling to temporary files what its format prints after the summary, so memory stays flat however
large the dump. A writer's module is imported when its format is written (a commit hook printing text lines
does not import the SARIF and HTML writers, nor the rule registry they describe).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any, TextIO

from analyzer.model import BatchResult
from analyzer.report.totals import Totals
from analyzer.report.writers.base import ReportWriter, WriterOptions

__all__ = ["WRITERS", "ReportWriter", "WriterOptions", "write_report", "writer_of"]

WriterFactory = Callable[[TextIO, WriterOptions], ReportWriter]

# format -> "module:class" of its writer
WRITERS: dict[str, str] = {
    "text": "analyzer.report.writers.text_writer:TextWriter",
    "json": "analyzer.report.writers.json_writer:JsonWriter",
    "jsonl": "analyzer.report.writers.jsonl_writer:JsonLinesWriter",
    "csv": "analyzer.report.writers.csv_writer:CsvWriter",
    "sarif": "analyzer.report.writers.sarif_writer:SarifWriter",
    "html": "analyzer.report.writers.html_writer:HtmlWriter",
}


def writer_of(fmt: str) -> WriterFactory:
    """The writer class of a format, its module imported now."""
    module, name = WRITERS[fmt].split(":")
    factory: WriterFactory = getattr(import_module(module), name)
    return factory


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
    writer = writer_of(fmt)(out, options or WriterOptions())
    totals = Totals()
    for batch in batches:
        totals.add_batch(batch)
        writer.add(batch)
    summary = summary_of(totals) if summary_of else totals.summary(time.perf_counter() - started)
    writer.finish(summary, totals)
    return totals

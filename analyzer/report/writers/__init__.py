"""The report-writer registry: one module per output format, one line each here.

A writer takes the whole report; a format that can be written batch by batch also registers a streamer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TextIO

from analyzer.model import BatchResult
from analyzer.report import Report
from analyzer.report.totals import Totals
from analyzer.report.writers import csv_writer, html_writer, json_writer, jsonl_writer, sarif_writer, text_writer


class Writer(Protocol):
    def __call__(self, report: Report, out: TextIO, verbosity: int = 0) -> None: ...


Streamer = Callable[[Iterable[BatchResult], TextIO, Callable[[Totals], dict[str, Any]]], Totals]

WRITERS: dict[str, Writer] = {
    "text": text_writer.write,
    "json": json_writer.write,
    "jsonl": jsonl_writer.write,
    "csv": csv_writer.write,
    "sarif": sarif_writer.write,
    "html": html_writer.write,
}

STREAMERS: dict[str, Streamer] = {
    "jsonl": jsonl_writer.stream,
}

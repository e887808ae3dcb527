"""CSV: one row per finding, for spreadsheets; relay pairs carry the Chinese and Korean text in their own columns.

The last two columns place each finding in the delivery summary: its delivery (top-level folder) and whether it
is that delivery's strongest finding, known only at the end: rows wait in a temporary file until then. New
columns only ever go at the end, since other tools read these by position. A cell that a spreadsheet would run
as a formula (`=HYPERLINK(...)`, `+`, `-`, `@`, a leading tab or carriage return, all of which a delivery can
put in a file name or a note) is written with a leading apostrophe, so it stays text.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

import orjson

from analyzer.model import BatchResult, Finding
from analyzer.report import Report
from analyzer.report.serialize import dumps
from analyzer.report.spool import Spool
from analyzer.report.totals import Totals
from analyzer.report.writers.base import WriterOptions

COLUMNS = (
    "id",
    "rule",
    "severity",
    "confidence",
    "path",
    "member",
    "locator",
    "message",
    "zh",
    "ko",
    "evidence",
    "delivery",
    "strongest_in_delivery",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A delivery string as a spreadsheet will show it, never run it."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _row(f: Finding) -> list[Any]:
    ev = f.evidence
    return [
        f.id,
        f.rule,
        f.severity,
        f.confidence,
        f.path,
        f.member or "",
        f.locator or "",
        f.message,
        ev.get("zh", ""),
        ev.get("ko", ""),
        dumps(dict(sorted(ev.items()))),
    ]


class CsvWriter:
    def __init__(self, out: TextIO, options: WriterOptions | None = None) -> None:
        self.out = out
        self.rows = Spool()
        self.file_paths: set[str] = set()  # only of files with findings: a finding on another path names a folder
        if options is not None and options.csv_bom:
            out.write("\ufeff")

    def add(self, batch: BatchResult) -> None:
        paths = {row.path for row in batch.files}
        lines = []
        for f in batch.findings:
            lines.append(dumps([*_row(f), f.path in paths]) + "\n")
        self.rows.write("".join(lines))

    def finish(self, summary: dict[str, Any], totals: Totals) -> None:
        deliveries = totals.deliveries
        strongest = {row["delivery"]: row["strongest"]["finding"] for row in deliveries.rows() if row["strongest"]}
        writer = csv.writer(self.out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for line in self.rows.lines():
            *row, is_file = orjson.loads(line)
            delivery = deliveries.delivery_of(row[4], is_file=is_file)
            is_strongest = strongest.get(delivery) == row[0]
            if is_strongest:
                del strongest[delivery]  # one row per delivery, even if a finding was reported twice
            writer.writerow([cell(value) for value in (*row, delivery, "true" if is_strongest else "false")])
        self.rows.close()


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    report.write("csv", out, verbosity)

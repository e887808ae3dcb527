"""CSV: one row per finding, for spreadsheets; relay pairs carry the Chinese and Korean text in their own columns.

The last two columns place each finding in the delivery summary: its delivery (top-level folder) and whether it
is that delivery's strongest finding. New columns only ever go at the end, since other tools read these by position.
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from analyzer.report import Report

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


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    deliveries = report.totals().deliveries
    strongest = {row["delivery"]: row["strongest"]["finding"] for row in deliveries.rows() if row["strongest"]}
    file_paths = {row.path for row in report.files}  # a finding on another path names a folder (scan-wide rules)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in report.findings:
        ev = f.evidence
        delivery = deliveries.delivery_of(f.path, is_file=f.path in file_paths)
        is_strongest = strongest.get(delivery) == f.id
        if is_strongest:
            del strongest[delivery]  # one row per delivery, even if a finding was reported twice
        writer.writerow(
            (
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
                json.dumps(ev, ensure_ascii=False, sort_keys=True, default=str),
                delivery,
                "true" if is_strongest else "false",
            )
        )

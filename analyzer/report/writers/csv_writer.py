"""CSV: one row per finding, for spreadsheets; relay pairs carry the Chinese and Korean text in their own columns."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from analyzer.report import Report

COLUMNS = ("id", "rule", "severity", "confidence", "path", "member", "locator", "message", "zh", "ko", "evidence")


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in report.findings:
        ev = f.evidence
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
            )
        )

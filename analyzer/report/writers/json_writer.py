"""The JSON report (schema `analyzer.report/1`)."""

from __future__ import annotations

from typing import TextIO

from analyzer.report import Report


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    out.write(report.to_json())
    out.write("\n")

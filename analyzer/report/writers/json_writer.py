"""The JSON report (schema `analyzer.report/1`), written as batches arrive.

The files table goes out as it comes; comments and findings wait in temporary files (they come after the files
in the document) and the summary and timeline close it, so memory stays flat however large the dump.
"""

from __future__ import annotations

from typing import Any, TextIO

from analyzer.model import BatchResult
from analyzer.report import Report
from analyzer.report.serialize import comment_dict, day_dict, dumps, file_dict, finding_dict, header
from analyzer.report.spool import Spool
from analyzer.report.totals import Totals
from analyzer.report.writers.base import WriterOptions

_ITEM_INDENT = "\n    "


def _item(record: dict[str, Any], first: bool) -> str:
    """One element of a top-level array, indented as `json.dumps(indent=2)` would place it."""
    return ("\n    " if first else ",\n    ") + dumps(record, indent=True).replace("\n", _ITEM_INDENT)


class JsonWriter:
    def __init__(self, out: TextIO, options: WriterOptions | None = None) -> None:
        self.out = out
        self.comments, self.findings = Spool(), Spool()
        self.counts = {"files": 0, "comments": 0, "findings": 0}
        self.days: list[dict[str, Any]] = []
        head = dumps(header(), indent=True)
        out.write(head[: head.rindex("}")].rstrip() + ',\n  "files": [')

    def add(self, batch: BatchResult) -> None:
        counts = self.counts
        parts = []
        for row in batch.files:
            parts.append(_item(file_dict(row), counts["files"] == 0))
            counts["files"] += 1
        self.out.write("".join(parts))
        parts = []
        for comment in batch.comments:
            parts.append(_item(comment_dict(comment), counts["comments"] == 0))
            counts["comments"] += 1
        self.comments.write("".join(parts))
        parts = []
        for finding in batch.findings:
            parts.append(_item(finding_dict(finding), counts["findings"] == 0))
            counts["findings"] += 1
        self.findings.write("".join(parts))
        self.days.extend(day_dict(day) for day in batch.days)

    def finish(self, summary: dict[str, Any], totals: Totals) -> None:
        out = self.out
        out.write("\n  ]" if self.counts["files"] else "]")
        for name, spool in (("comments", self.comments), ("findings", self.findings)):
            out.write(f',\n  "{name}": [')
            spool.copy_to(out)
            out.write("\n  ]" if self.counts[name] else "]")
            spool.close()
        out.write(',\n  "summary": ' + dumps(summary, indent=True).replace("\n", "\n  "))
        out.write(',\n  "timeline": [')
        out.write("".join(_item(day, i == 0) for i, day in enumerate(self.days)))
        out.write("\n  ]\n}\n" if self.days else "]\n}\n")


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    report.write("json", out, verbosity)

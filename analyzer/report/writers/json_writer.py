"""The JSON report (schema `analyzer.report/1`), written as batches arrive.

The files table goes out as it comes; comments and findings wait in temporary files (they come after the files
in the document) and the summary and timeline close it, so memory stays flat however large the dump.
"""

from __future__ import annotations

from typing import Any, TextIO

from analyzer.model import BatchResult
from analyzer.report import Report
from analyzer.report.serialize import comment_dict, day_dict, dumps, dumps_bytes, file_dict, finding_dict, header
from analyzer.report.spool import Spool
from analyzer.report.totals import Totals
from analyzer.report.writers.base import Utf8Out, WriterOptions

_ITEM_INDENT = "\n    "


def _item(record: dict[str, Any], first: bool) -> str:
    """One element of a top-level array, indented as `json.dumps(indent=2)` would place it."""
    return ("\n    " if first else ",\n    ") + dumps(record, indent=True).replace("\n", _ITEM_INDENT)


# orjson's indented `{"i": [...]}` around its items, which then sit where a top-level array's items do.
_WRAPPER_HEAD, _WRAPPER_TAIL = b'{\n  "i": [', b"\n  ]\n}"


def _items(records: list[dict[str, Any]], first: bool) -> bytes:
    """`_item` of each record, joined, as UTF-8: one orjson call for a batch's records, the array's indentation its
    own."""
    if not records:
        return b""
    written = dumps_bytes({"i": records}, indent=True)
    if written is None:  # a record orjson refuses: each record as `dumps` writes it
        return "".join(_item(record, first and i == 0) for i, record in enumerate(records)).encode()
    body = written[len(_WRAPPER_HEAD) : -len(_WRAPPER_TAIL)]
    return body if first else b"," + body


class JsonWriter:
    """Works in UTF-8: written to the report stream's bytes when it takes them as they are (WriterOptions.utf8_buffer),
    else decoded for it."""

    def __init__(self, out: TextIO, options: WriterOptions | None = None) -> None:
        self.out = Utf8Out(out, options)
        self.comments, self.findings = Spool(binary=True), Spool(binary=True)
        self.counts = {"files": 0, "comments": 0, "findings": 0}
        self.days: list[dict[str, Any]] = []
        head = dumps(header(), indent=True)
        self.out.write(head[: head.rindex("}")].rstrip() + ',\n  "files": [')

    def add(self, batch: BatchResult) -> None:
        counts = self.counts
        if batch.files:
            self.out.write(_items(list(map(file_dict, batch.files)), counts["files"] == 0))
            counts["files"] += len(batch.files)
        if batch.comments:
            self.comments.write(_items(list(map(comment_dict, batch.comments)), counts["comments"] == 0))
            counts["comments"] += len(batch.comments)
        if batch.findings:
            self.findings.write(_items(list(map(finding_dict, batch.findings)), counts["findings"] == 0))
            counts["findings"] += len(batch.findings)
        if batch.days:
            self.days.extend(map(day_dict, batch.days))

    def finish(self, summary: dict[str, Any], totals: Totals) -> None:
        write = self.out.write
        write("\n  ]" if self.counts["files"] else "]")
        for name, spool in (("comments", self.comments), ("findings", self.findings)):
            write(f',\n  "{name}": [')
            self.out.write_spool(spool)
            write("\n  ]" if self.counts[name] else "]")
            spool.close()
        write(',\n  "summary": ' + dumps(summary, indent=True).replace("\n", "\n  "))
        write(',\n  "timeline": [')
        write("".join(_item(day, i == 0) for i, day in enumerate(self.days)))
        write("\n  ]\n}\n" if self.days else "]\n}\n")
        self.out.flush()


def write(report: Report, out: TextIO, verbosity: int = 0) -> None:
    report.write("json", out, verbosity)

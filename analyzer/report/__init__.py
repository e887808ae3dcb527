"""The scan's result as one object, its summary, and the exit code policy."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from analyzer.model import AnalyzedComment, BatchResult, DaySummary, FileRow, Finding, Pair
from analyzer.report.serialize import comment_dict, day_dict, file_dict, finding_dict, header
from analyzer.report.totals import Totals, exit_code, note_tallies

FAIL_ON_LEVELS = ("high", "medium", "low", "never")


@dataclass(frozen=True)
class Report:
    files: tuple[FileRow, ...]
    comments: tuple[AnalyzedComment, ...]
    findings: tuple[Finding, ...]
    seconds: float = 0.0
    days: tuple[DaySummary, ...] = ()
    suppressed: Mapping[str, int] = field(default_factory=dict)  # findings dropped, by reason (allowlist, baseline)

    @classmethod
    def from_batches(cls, batches: Iterable[BatchResult], seconds: float = 0.0) -> Report:
        files: list[FileRow] = []
        comments: list[AnalyzedComment] = []
        findings: list[Finding] = []
        days: list[DaySummary] = []
        for batch in batches:
            files.extend(batch.files)
            comments.extend(batch.comments)
            findings.extend(batch.findings)
            days.extend(batch.days)
        return cls(tuple(files), tuple(comments), tuple(findings), seconds, tuple(days))

    @property
    def pairs(self) -> list[Pair]:
        """Every relay pair found, in report order (each lives on its Chinese note's `pairs`)."""
        return [pair for c in self.comments for pair in c.pairs]

    def unpaired_translations(self) -> list[AnalyzedComment]:
        """Notes with a machine translation that are on neither side of a pair (those show with their pair)."""
        paired = {p.tgt.comment_id for c in self.comments for p in c.pairs}
        paired.update(c.comment.id for c in self.comments if c.pairs)
        return [c for c in self.comments if c.translation is not None and c.comment.id not in paired]

    def totals(self) -> Totals:
        """The running totals over the whole report: the same ones a streamed (JSONL) report ends with."""
        totals = Totals()
        totals.add(self.files, note_tallies(self.comments), self.findings)
        return totals

    def summary(self) -> dict[str, Any]:
        """The `summary` object of the JSON report: counts of files (read, skipped, errors, and why), notes,
        pairs, languages, findings by rule and severity, suppressed findings, seconds, and the deliveries."""
        return self.totals().summary(self.seconds, self.suppressed)

    def to_dict(self) -> dict[str, Any]:
        return {
            **header(),
            "files": [file_dict(f) for f in self.files],
            "comments": [comment_dict(c) for c in self.comments],
            "findings": [finding_dict(f) for f in self.findings],
            "summary": self.summary(),
            "timeline": [day_dict(d) for d in self.days],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as the JSON document `analyzer scan --format json` writes (schema `analyzer.report/1`)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def write(self, fmt: str, out: TextIO, verbosity: int = 0, **options: Any) -> None:
        """Write the report in a CLI format (text, json, jsonl, csv, sarif, html) to `out`."""
        from analyzer.report.writers import WriterOptions, write_report

        batch = BatchResult(self.files, self.comments, self.findings, self.days)
        write_report([batch], out, fmt, WriterOptions(verbosity=verbosity, **options), lambda totals: self.summary())

    def exit_code(self, fail_on: str = "medium") -> int:
        """1 when a finding is at or above `fail_on`, else 0 (the CLI contract)."""
        return exit_code((f.severity for f in self.findings), fail_on)

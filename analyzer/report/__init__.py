"""The scan's result as one object, its summary, and the exit code policy."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from analyzer._version import __version__
from analyzer.model import SEVERITY_RANK, AnalyzedComment, BatchResult, DaySummary, FileRow, Finding
from analyzer.report.deliveries import delivery_summary
from analyzer.report.serialize import SCHEMA, comment_dict, day_dict, file_dict, finding_dict

FAIL_ON_LEVELS = ("high", "medium", "low", "never")


@dataclass(frozen=True)
class Report:
    files: tuple[FileRow, ...]
    comments: tuple[AnalyzedComment, ...]
    findings: tuple[Finding, ...]
    seconds: float = 0.0
    days: tuple[DaySummary, ...] = ()

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
    def pairs(self) -> list:
        return [pair for c in self.comments for pair in c.pairs]

    def summary(self) -> dict[str, Any]:
        languages: Counter[str] = Counter(s.lang for c in self.comments for s in c.segments)
        return {
            "files": len(self.files),
            "comments": len(self.comments),
            "pairs": len(self.pairs),
            "errors": sum(1 for f in self.files if f.status == "error"),
            "skipped": sum(1 for f in self.files if f.status == "skipped"),
            "languages": dict(sorted(languages.items())),
            "findings_by_rule": dict(sorted(Counter(f.rule for f in self.findings).items())),
            "findings_by_severity": dict(sorted(Counter(f.severity for f in self.findings).items())),
            "seconds": round(self.seconds, 3),
            "deliveries": delivery_summary(self.files, self.comments, self.findings),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "tool": {"name": "analyzer", "version": __version__},
            "files": [file_dict(f) for f in self.files],
            "comments": [comment_dict(c) for c in self.comments],
            "findings": [finding_dict(f) for f in self.findings],
            "summary": self.summary(),
            "timeline": [day_dict(d) for d in self.days],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def exit_code(self, fail_on: str = "medium") -> int:
        """1 when a finding is at or above `fail_on`, else 0 (the CLI contract)."""
        if fail_on == "never":
            return 0
        threshold = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK.get(f.severity, 0) >= threshold for f in self.findings) else 0

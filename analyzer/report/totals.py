"""Running totals of a scan, so streamed reports can print a summary without holding the findings.

Memory grows with the number of rules, languages and deliveries (top-level folders), never with files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from analyzer.model import SEVERITY_RANK, Batch, FileRow, Finding, NoteTally, RenderedBatch, note_tallies
from analyzer.report.deliveries import DeliverySummary


def exit_code(severities: Iterable[str], fail_on: str = "medium") -> int:
    """1 when a severity is at or above `fail_on`, else 0 (the CLI contract); "never" always gives 0."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK.get(s, 0) >= threshold for s in severities) else 0


class Totals:
    """The summary's counts, fed with `add(files, notes, findings)` (or `add_batch`) one batch at a time."""

    def __init__(self) -> None:
        self.statuses: Counter[str] = Counter()
        self.comments = 0
        self.pairs = 0
        self.languages: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.deliveries = DeliverySummary()

    def add(self, files: Iterable[FileRow], notes: Iterable[NoteTally], findings: Iterable[Finding]) -> None:
        files, notes, findings = tuple(files), tuple(notes), tuple(findings)  # one batch, read twice
        self.deliveries.add(files, notes, findings)
        statuses, languages = self.statuses, self.languages
        for f in files:  # not Counter.update: its generic path costs more than a batch's few items
            statuses[f.status] += 1
        self.comments += len(notes)
        for note in notes:
            self.pairs += note.pairs
            for lang in note.langs:
                languages[lang] += 1
        for f in findings:
            self.by_rule[f.rule] += 1
            self.by_severity[f.severity] += 1

    def add_batch(self, batch: Batch) -> None:
        notes = batch.notes if isinstance(batch, RenderedBatch) else note_tallies(batch.comments)
        self.add(batch.files, notes, batch.findings)

    @property
    def files(self) -> int:
        return sum(self.statuses.values())

    def exit_code(self, fail_on: str = "medium") -> int:
        return exit_code(self.by_severity, fail_on)

    def summary(self, seconds: float, suppressed: Mapping[str, int] | None = None) -> dict[str, Any]:
        return {
            "files": self.files,
            "comments": self.comments,
            "pairs": self.pairs,
            "errors": self.statuses["error"],
            "skipped": self.statuses["skipped"],
            "languages": dict(sorted(self.languages.items())),
            "findings_by_rule": dict(sorted(self.by_rule.items())),
            "findings_by_severity": dict(sorted(self.by_severity.items())),
            "suppressed": dict(sorted((suppressed or {}).items())),
            "seconds": round(seconds, 3),
            "deliveries": self.deliveries.rows(),
        }

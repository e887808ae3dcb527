"""Running totals of a scan, so streamed reports can print a summary without holding the findings.

Memory grows with the number of rules, languages and deliveries (top-level folders), never with files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import Any

from analyzer.model import SEVERITY_RANK, AnalyzedComment, BatchResult, FileRow, Finding
from analyzer.report.deliveries import DeliverySummary, NoteTally

_LANG = attrgetter("lang")


def note_tallies(comments: Iterable[AnalyzedComment]) -> tuple[NoteTally, ...]:
    return tuple(NoteTally(c.comment.path, len(c.pairs), tuple(map(_LANG, c.segments))) for c in comments)


def exit_code(severities: Iterable[str], fail_on: str = "medium") -> int:
    """1 when a severity is at or above `fail_on`, else 0 (the CLI contract); "never" always gives 0."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK.get(s, 0) >= threshold for s in severities) else 0


def file_type(name: str) -> str:
    """What a reader calls a file's type: its suffix (`.mov`), or `(no suffix)`."""
    base = name.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    suffix = base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""
    return f".{suffix}" if suffix and len(suffix) <= 12 else "(no suffix)"


def reason_kind(reason: str | None) -> str:
    """A reason without its particulars, to count files by it: `damaged zip: BadZipFile: ...` -> `damaged zip`."""
    if not reason:
        return "unknown"
    return reason.split(": ", 1)[0][:120]


class Totals:
    """The summary's counts, fed with `add(files, notes, findings)` (or `add_batch`) one batch at a time."""

    def __init__(self) -> None:
        self.statuses: Counter[str] = Counter()
        self.comments = 0
        self.pairs = 0
        self.languages: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.by_rule_and_severity: Counter[tuple[str, str]] = Counter()
        self.deliveries = DeliverySummary()
        self.unread: Counter[tuple[str, str, str]] = Counter()  # (status, file type, reason) of files not read
        self.missing: dict[str, str] = {}  # capabilities the analysis went without, and why

    def add(self, files: Iterable[FileRow], notes: Iterable[NoteTally], findings: Iterable[Finding]) -> None:
        notes = tuple(notes)
        langs = [lang for note in notes for lang in note.langs]
        self._add(tuple(files), [(note.path, note.pairs) for note in notes], langs, tuple(findings))

    def add_batch(self, batch: BatchResult) -> None:
        """`add` of a batch, its notes counted as they are (no NoteTally made for each)."""
        comments = batch.comments
        notes = [(c.comment.path, len(c.pairs)) for c in comments]
        self._add(tuple(batch.files), notes, [s.lang for c in comments for s in c.segments], tuple(batch.findings))
        for capability, reason in batch.missing:
            self.missing.setdefault(capability, reason)

    def _add(
        self, files: tuple[FileRow, ...], notes: list[tuple[str, int]], langs: list[str], findings: tuple[Finding, ...]
    ) -> None:
        """One batch: its files, its notes as (path, pairs), the language of each of their segments, its findings."""
        self.deliveries.add(files, notes, findings)
        statuses, languages = self.statuses, self.languages
        for f in files:  # not Counter.update: its generic path costs more than a batch's few items
            statuses[f.status] += 1
            if f.status != "ok":
                self.unread[(f.status, file_type(f.member or f.path), reason_kind(f.error))] += 1
        self.comments += len(notes)
        for _, pairs in notes:
            self.pairs += pairs
        for lang in langs:
            languages[lang] += 1
        for f in findings:
            self.by_rule[f.rule] += 1
            self.by_severity[f.severity] += 1
            self.by_rule_and_severity[(f.rule, f.severity)] += 1

    @property
    def files(self) -> int:
        return sum(self.statuses.values())

    def exit_code(self, fail_on: str = "medium") -> int:
        return exit_code(self.by_severity, fail_on)

    def unread_rows(self) -> list[dict[str, Any]]:
        """Files not read, counted by status, type and reason, most first."""
        rows = [
            {"status": status, "type": kind, "reason": reason, "files": n}
            for (status, kind, reason), n in self.unread.items()
        ]
        return sorted(rows, key=lambda r: (r["status"], -r["files"], r["type"], r["reason"]))

    def unread_by_reason(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for (status, _, reason), n in self.unread.items():
            counts[f"{status}: {reason}"] += n
        return dict(sorted(counts.items()))

    def unread_reasons(self) -> str:
        """`9 skipped .mov (no notes read from video streams), 3 error .zip (damaged zip)`: for one line."""
        return ", ".join(f"{r['files']} {r['status']} {r['type']} ({r['reason']})" for r in self.unread_rows())

    def summary(self, seconds: float, suppressed: Mapping[str, int] | None = None) -> dict[str, Any]:
        return {
            "files": self.files,
            "comments": self.comments,
            "pairs": self.pairs,
            "errors": self.statuses["error"],
            "skipped": self.statuses["skipped"],
            "unread_by_reason": self.unread_by_reason(),
            "unread": self.unread_rows(),
            "missing_capabilities": dict(sorted(self.missing.items())),
            "languages": dict(sorted(self.languages.items())),
            "findings_by_rule": dict(sorted(self.by_rule.items())),
            "findings_by_severity": dict(sorted(self.by_severity.items())),
            "suppressed": dict(sorted((suppressed or {}).items())),
            "seconds": round(seconds, 3),
            "deliveries": self.deliveries.rows(),
        }

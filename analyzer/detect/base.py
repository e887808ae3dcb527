"""What a rule is, what it sees, and the one helper that builds a finding."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from analyzer.model import AnalyzedComment, Comment, FileRow, Finding, Pair, Severity
from analyzer.timeline import Timeline


@dataclass(frozen=True)
class BatchView:
    """What rules see of one batch. `findings` holds those of the rules registered earlier."""

    files: tuple[FileRow, ...]
    comments: tuple[AnalyzedComment, ...]
    pairs: tuple[Pair, ...]
    findings: tuple[Finding, ...] = ()
    _by_id: dict[str, AnalyzedComment] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._by_id:
            self._by_id.update((c.comment.id, c) for c in self.comments)

    def comment(self, comment_id: str) -> AnalyzedComment:
        return self._by_id[comment_id]


@dataclass(frozen=True, slots=True)
class Rule:
    """A detector: a stable id, what it flags and why, its default severity, and its check."""

    id: str
    title: str
    description: str
    severity: str
    check: Callable[[BatchView], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class ScanRule:
    """A detector over the whole scan's timeline rather than one batch (e.g. the daily cadence)."""

    id: str
    title: str
    description: str
    severity: str
    check: Callable[[Timeline], Iterable[Finding]]


def finding(
    rule: Rule | ScanRule,
    *,
    path: str,
    member: str | None,
    locator: str | None,
    message: str,
    confidence: float,
    evidence: dict[str, Any],
    severity: Severity | None = None,
    line: int | None = None,
) -> Finding:
    """A finding whose id depends on rule, place and evidence, not on scan order."""
    key = json.dumps([rule.id, path, member, locator, evidence], sort_keys=True, ensure_ascii=False, default=str)
    return Finding(
        id="f" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        rule=rule.id,
        severity=severity or rule.severity,
        confidence=round(confidence, 4),
        path=path,
        member=member,
        locator=locator,
        message=message,
        evidence=evidence,
        line=line,
    )


def at(comment: Comment) -> dict[str, Any]:
    """The place of a finding about a note: `finding(RULE, **at(note), ...)`."""
    return {"path": comment.path, "member": comment.member, "locator": comment.locator, "line": comment.line}

"""Run one rule (or the whole detect stage) over notes built in code, the way the pipeline does."""

from __future__ import annotations

from analyzer.detect import BatchView, detect
from analyzer.model import Comment, FileRow, Finding
from analyzer.run.analyze import analyze_notes


def note(text: str, path: str = "d/v1/c001_notes.txt", locator: str = "line 1", **extra: str) -> Comment:
    return Comment(id=f"{path}#{locator}", path=path, member=None, locator=locator, text=text, **extra)


def scan_notes(*comments: Comment) -> tuple[Finding, ...]:
    rows = tuple(FileRow(p, None, "text", "ok", comments=1) for p in dict.fromkeys(c.path for c in comments))
    return analyze_notes(rows, comments).findings


def by_rule(findings: tuple[Finding, ...], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


__all__ = ["BatchView", "by_rule", "detect", "note", "scan_notes"]

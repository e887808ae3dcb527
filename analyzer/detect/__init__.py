"""Run the registered rules over a batch; each rule sees the findings of the rules before it."""

from __future__ import annotations

from analyzer.detect.base import BatchView, Rule, finding
from analyzer.detect.rules import RULES
from analyzer.model import Finding

__all__ = ["BatchView", "Rule", "RULES", "detect", "finding", "rule_by_id"]


def rule_by_id(rule_id: str) -> Rule | None:
    return next((r for r in RULES if r.id == rule_id), None)


def detect(view: BatchView) -> tuple[Finding, ...]:
    found: list[Finding] = []
    for rule in RULES:
        current = BatchView(view.files, view.comments, view.pairs, tuple(found), view._by_id)
        found.extend(rule.check(current))
    return tuple(found)

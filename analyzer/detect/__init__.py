"""Run the registered rules over a batch; each rule sees the findings of the rules before it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from analyzer.detect.base import BatchView, Rule, ScanRule, finding
from analyzer.detect.rules import RULES, SCAN_RULES
from analyzer.model import BatchResult, Finding
from analyzer.timeline import TimelineBuilder

__all__ = ["BatchView", "Rule", "RULES", "SCAN_RULES", "ScanRule", "detect", "finding", "rule_by_id", "with_scan_rules"]


def rule_by_id(rule_id: str) -> Rule | ScanRule | None:
    return next((r for r in (*RULES, *SCAN_RULES) if r.id == rule_id), None)


def detect(view: BatchView) -> tuple[Finding, ...]:
    found: list[Finding] = []
    for rule in RULES:
        current = BatchView(view.files, view.comments, view.pairs, tuple(found), view._by_id)
        found.extend(rule.check(current))
    return tuple(found)


def with_scan_rules(batches: Iterable[BatchResult]) -> Iterator[BatchResult]:
    """Pass batches through, then yield one last batch: scan-wide findings and the per-day timeline."""
    builder = TimelineBuilder()
    try:
        for batch in batches:
            builder.observe(batch)
            yield batch
        timeline = builder.finish()
        findings = tuple(f for rule in SCAN_RULES for f in rule.check(timeline))
        days = timeline.days()
    finally:
        builder.close()  # also when the scan stops early: its records' temporary file goes
    yield BatchResult((), (), findings, days)

"""Run the registered rules over a batch; each rule sees the findings of the rules before it.

May import: model, sketch, text, align and dialect (their public building blocks), watchlist, timeline, ocr
(a constant). Never report, run or commands.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from analyzer.detect.base import BatchView, EvidenceShape, Rule, ScanRule, SegmentedNotes, finding
from analyzer.detect.rules import RULES, SCAN_RULES
from analyzer.model import BatchResult, Finding
from analyzer.timeline import TimelineBuilder

__all__ = [
    "BatchView",
    "EvidenceShape",
    "Rule",
    "RULES",
    "SCAN_RULES",
    "ScanRule",
    "SegmentedNotes",
    "detect",
    "evidence_shape",
    "finding",
    "read_ahead",
    "rule_by_id",
    "with_scan_rules",
]


def rule_by_id(rule_id: str) -> Rule | ScanRule | None:
    return _RULES_BY_ID.get(rule_id)


def evidence_shape(rule_id: str) -> EvidenceShape:
    """How a rule's evidence is shaped (an empty shape for a rule this version does not know)."""
    rule = _RULES_BY_ID.get(rule_id)
    return rule.evidence if rule is not None else EvidenceShape()


_RULES_BY_ID: dict[str, Rule | ScanRule] = {r.id: r for r in (*RULES, *SCAN_RULES)}
_WITHOUT_NOTES: tuple[Rule, ...] = tuple(r for r in RULES if not r.needs_notes)  # what a batch without notes needs


def detect(view: BatchView) -> tuple[Finding, ...]:
    found: list[Finding] = []
    current: BatchView | None = None
    for rule in RULES if view.comments or view.pairs else _WITHOUT_NOTES:
        if current is None or len(current.findings) != len(found):  # most rules find nothing in most batches
            current = BatchView(view.files, view.comments, view.pairs, tuple(found), view._shared)
        found.extend(rule.check(current))
    return tuple(found)


def read_ahead(units: Sequence[SegmentedNotes]) -> None:
    """Let the rules prepare for the units whose batches `detect` sees next, in this order (dprk.orthography tags
    their Korean runs back to back): only a saving, the findings are the same without it."""
    for rule in RULES:
        if rule.read_ahead is not None:
            rule.read_ahead(units)


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

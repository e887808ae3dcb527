"""relay.batch-cadence: instructions for cuts, then finished work for the same cuts a day or two later, repeatedly.

The rhythm researchers saw on a North Korean server in 2024: each day a batch of
Chinese instructions with Korean translations, the next day the finished work.
High when the instructions of at least MIN_CYCLE_DAYS of those days carry relay pairs (the relay repeats too),
medium when only some do, low when none do (a delivery rhythm only).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, TypedDict

from analyzer.detect.base import EvidenceShape, ScanRule, finding
from analyzer.model import Finding
from analyzer.timeline import Timeline
from analyzer.timeline.cadence import MAX_LAG_DAYS, MIN_LAG_DAYS, find_cycles

MIN_CYCLE_DAYS = 3  # distinct instruction days that each saw work come back
MIN_RETURN_RATE = 0.5  # share of instructed cuts returned within the window
MAX_CYCLES_IN_EVIDENCE = 200


def _common_path(paths: list[str]) -> str:
    try:
        return os.path.commonpath(paths) or paths[0]
    except ValueError:  # absolute and relative paths mixed
        return paths[0]


def check(timeline: Timeline) -> Iterator[Finding]:
    cadence = find_cycles(timeline)
    if len(cadence.cycle_days) < MIN_CYCLE_DAYS or cadence.return_rate < MIN_RETURN_RATE:
        return
    relay_pairs = sum(c.relay_pairs for c in cadence.cycles)
    relay_days = sorted({c.instructed for c in cadence.cycles if c.relay_pairs})
    days = len(cadence.cycle_days)
    message = (
        f"{len(cadence.cycles)} cuts came back as finished work {MIN_LAG_DAYS}-{MAX_LAG_DAYS} days after their "
        f"instructions, on {days} instruction days ({cadence.return_rate:.0%} of instructed cuts)"
    )
    if len(relay_days) >= MIN_CYCLE_DAYS:
        severity = "high"
        message += (
            f"; the instructions carry {relay_pairs} Chinese-to-Korean relay pairs, on {len(relay_days)} of those days"
        )
    elif relay_days:
        severity = "medium"
        message += (
            f"; only {len(relay_days)} of those days' instructions carry Chinese-to-Korean relay pairs "
            f"({relay_pairs}), so the relay is not shown to repeat"
        )
    else:
        severity = "low"
        message += "; no relay pairs among the instructions, so this is a delivery rhythm only"
    yield finding(
        RULE,
        path=_common_path([p for c in cadence.cycles for p in c.instruction_paths]),
        member=None,
        locator=None,
        message=message,
        confidence=min(0.95, 0.4 + 0.05 * days) * min(1.0, cadence.return_rate + 0.2),
        severity=severity,
        evidence={
            "window_days": [MIN_LAG_DAYS, MAX_LAG_DAYS],
            "cycle_days": [d.isoformat() for d in cadence.cycle_days],
            "instructed_cuts": cadence.instructed_cuts,
            "returned_cuts": len(cadence.cycles),
            "return_rate": round(cadence.return_rate, 3),
            "relay_pairs": relay_pairs,
            "relay_days": [d.isoformat() for d in relay_days],
            "cuts": sorted({c.cut for c in cadence.cycles}),
            "cycles_shown": min(len(cadence.cycles), MAX_CYCLES_IN_EVIDENCE),
            "cycles": [
                {
                    "cut": c.cut,
                    "instructed": c.instructed.isoformat(),
                    "returned": c.returned.isoformat(),
                    "lag_days": c.lag_days,
                    "relay_pairs": c.relay_pairs,
                    "instructions": list(c.instruction_paths),
                    "returns": list(c.return_paths),
                    "pairs": [{"zh": p.zh, "ko": p.ko, "score": p.score} for p in c.pairs],
                }
                for c in cadence.cycles[:MAX_CYCLES_IN_EVIDENCE]
            ],
        },
    )


class BatchCadenceEvidence(TypedDict):
    window_days: list[int]
    cycle_days: list[str]
    instructed_cuts: int
    returned_cuts: int
    return_rate: float
    relay_pairs: int
    relay_days: list[str]
    cuts: list[str]
    cycles_shown: int
    cycles: list[dict[str, Any]]


RULE = ScanRule(
    id="relay.batch-cadence",
    title="Daily instruction/return cadence",
    description="Instructions for cuts followed by the finished work for the same cuts one to two days later, "
    "day after day.",
    severity="medium",
    check=check,
    evidence=EvidenceShape(BatchCadenceEvidence),
)

"""The rule registry, in run order: evidence rules first, rules that weigh their findings after."""

from __future__ import annotations

from analyzer.detect.base import Rule, ScanRule
from analyzer.detect.rules import batch_cadence, relay_pair

RULES: tuple[Rule, ...] = (relay_pair.RULE,)

# Rules over the whole scan's timeline, run once at the end.
SCAN_RULES: tuple[ScanRule, ...] = (batch_cadence.RULE,)

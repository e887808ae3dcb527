"""The rule registry, in run order: evidence rules first, rules that weigh their findings after."""

from __future__ import annotations

from analyzer.detect.base import Rule
from analyzer.detect.rules import relay_pair

RULES: tuple[Rule, ...] = (relay_pair.RULE,)

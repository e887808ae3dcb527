"""The rule registry, in run order: evidence rules first, rules that weigh their findings after."""

from __future__ import annotations

from analyzer.detect.base import Rule, ScanRule
from analyzer.detect.rules import (
    batch_cadence,
    juche_date,
    lexicon,
    orthography,
    relay_chain,
    relay_pair,
    timezone,
    watchlist_entity,
    zh_punct,
)

RULES: tuple[Rule, ...] = (
    zh_punct.RULE,
    orthography.RULE,
    lexicon.RULE,
    timezone.RULE,
    juche_date.RULE,
    watchlist_entity.RULE,
    relay_pair.RULE,
    relay_chain.RULE,
)

# Rules over the whole scan's timeline, run once at the end.
SCAN_RULES: tuple[ScanRule, ...] = (batch_cadence.RULE,)

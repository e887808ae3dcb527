"""After detect, before report: drop accepted findings (inline `analyzer:allow`, configuration allowlist, baseline).

Works batch by batch on what detect produced, so streamed reports stay streamed; counts what it dropped and why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

from analyzer.allowlist import ALL_RULES, Allowlist, inline_allowed_rules
from analyzer.baseline import Baseline
from analyzer.model import BatchResult, Finding

Place = tuple[str, str | None, str | None]


class Suppressor:
    """A stateful filter over batches; `counts` says how many findings each reason removed."""

    def __init__(self, allowlist: Allowlist | None = None, baseline: Baseline | None = None) -> None:
        self.allowlist = allowlist or Allowlist()
        self.baseline = baseline
        self.counts: Counter[str] = Counter()

    def _inline(self, finding: Finding, allowed_at: dict[Place, frozenset[str]]) -> bool:
        places = [(finding.path, finding.member, finding.locator)]
        ev = finding.evidence
        if "ko_path" in ev:  # a relay pair: a marker on either side of it allows it
            places.append((ev.get("ko_path"), ev.get("ko_member"), ev.get("ko_locator")))
        for place in places:
            rules = allowed_at.get(place, frozenset())
            if ALL_RULES in rules or finding.rule in rules:
                return True
        return False

    def reason(self, finding: Finding, allowed_at: dict[Place, frozenset[str]]) -> str | None:
        if allowed_at and self._inline(finding, allowed_at):
            return "inline"
        if self.allowlist and (why := self.allowlist.reason(finding)):
            return f"allowlist:{why}"
        if self.baseline is not None and self.baseline.accepts(finding):
            return "baseline"
        return None

    def filter_batch(self, batch: BatchResult) -> BatchResult:
        allowed_at: dict[Place, frozenset[str]] = {}
        for analyzed in batch.comments:
            c = analyzed.comment
            if "analyzer:allow" in c.text.lower() and (rules := inline_allowed_rules(c.text)):
                allowed_at[(c.path, c.member, c.locator)] = rules
        kept: list[Finding] = []
        for finding in batch.findings:
            why = self.reason(finding, allowed_at)
            if why is None:
                kept.append(finding)
            else:
                self.counts[why] += 1
        if len(kept) == len(batch.findings):
            return batch
        return replace(batch, findings=tuple(kept))

    def __call__(self, batches: Iterable[BatchResult]) -> Iterator[BatchResult]:
        for batch in batches:
            yield self.filter_batch(batch)

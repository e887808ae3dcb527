"""After detect, before report: drop accepted findings (inline `analyzer:allow`, configuration allowlist, baseline).

Works batch by batch on what detect produced, so streamed reports stay streamed; counts what it dropped and why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

from analyzer.allowlist import ALL_RULES, Allowlist, Place, inline_allowances
from analyzer.baseline import Baseline
from analyzer.model import BatchResult, Finding


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

    def _kept(self, findings: tuple[Finding, ...], allowed_at: dict[Place, frozenset[str]]) -> list[int]:
        """Indexes of the findings no reason drops."""
        kept: list[int] = []
        for index, finding in enumerate(findings):
            why = self.reason(finding, allowed_at)
            if why is None:
                kept.append(index)
            else:
                self.counts[why] += 1
        return kept

    def filter_batch(self, batch: BatchResult) -> BatchResult:
        if not batch.findings:
            return batch
        kept = self._kept(batch.findings, inline_allowances(batch.comments))
        if len(kept) == len(batch.findings):
            return batch
        return replace(batch, findings=tuple(batch.findings[i] for i in kept))

    def __call__(self, batches: Iterable[BatchResult]) -> Iterator[BatchResult]:
        for batch in batches:
            yield self.filter_batch(batch)

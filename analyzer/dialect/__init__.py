"""How strongly Korean text follows North Korean spelling norms: `dialect_score(text)`.

NK-style spelling is also the norm of ethnic Koreans in China and appears in
older South Korean print; ≪≫ quotes and NK loanwords point more specifically to the DPRK.

May import: text, resources, engines (the Korean tagger), notices. Never align, detect, report or run.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.dialect.markers import STRONG_KINDS, Marker, find_markers
from analyzer.dialect.score import features, flag_threshold, probability

__all__ = ["CAVEAT", "DialectScore", "Marker", "dialect_score", "flag_threshold", "STRONG_KINDS"]

CAVEAT = (
    "North-Korean-style spelling is also the norm of ethnic Koreans in China and appears in older South Korean "
    "print; ≪≫ quotes and North Korean loanwords point more specifically to the DPRK. A lead, not a verdict"
)


@dataclass(frozen=True, slots=True)
class DialectScore:
    """nk_score in [0, 1], the markers behind it, and how often each spacing construction was attached or detached."""

    nk_score: float
    markers: tuple[Marker, ...]
    flagged: bool
    spacing: tuple[tuple[str, int], ...] = ()  # ("attached-dependent-noun", 2), ("detached-auxiliary", 1) ...

    def count(self, *kinds: str) -> int:
        table = dict(self.spacing)
        return sum(table.get(kind, 0) for kind in kinds)

    def to_dict(self) -> dict[str, object]:
        return {"nk_score": self.nk_score, "markers": [m.to_dict() for m in self.markers]}


def dialect_score(text: str) -> DialectScore:
    """Score one line or document of Korean text (the JVM starts only if the text has Hangul)."""
    markers, counts = find_markers(text)
    p = round(probability(features(text, markers, counts)), 4)
    return DialectScore(p, tuple(markers), p >= flag_threshold(), tuple(sorted(counts.items())))

"""How strongly Korean text follows North Korean spelling norms: `dialect_score(text)`.

NK-style spelling is also the norm of ethnic Koreans in China and appears in
older South Korean print; ≪≫ quotes and NK loanwords point more specifically to the DPRK.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.dialect.markers import STRONG_KINDS, Marker, find_markers
from analyzer.dialect.score import features, flag_threshold, probability

__all__ = ["CAVEAT", "DialectScore", "Marker", "dialect_score", "flag_threshold", "STRONG_KINDS"]

CAVEAT = (
    "North-Korean-style spelling is also the norm of ethnic Koreans in China and appears in older South Korean "
    "print; ≪≫ quotes and North Korean loanwords point more specifically to the DPRK"
)


@dataclass(frozen=True, slots=True)
class DialectScore:
    """nk_score in [0, 1] and the markers behind it."""

    nk_score: float
    markers: tuple[Marker, ...]
    flagged: bool

    def to_dict(self) -> dict[str, object]:
        return {"nk_score": self.nk_score, "markers": [m.to_dict() for m in self.markers]}


def dialect_score(text: str) -> DialectScore:
    """Score one line or document of Korean text (the JVM starts only if the text has Hangul)."""
    markers, counts = find_markers(text)
    p = round(probability(features(text, markers, counts)), 4)
    return DialectScore(p, tuple(markers), p >= flag_threshold())

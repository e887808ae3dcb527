"""The Gale-Church length model: how long a Korean translation of a Chinese text of a given length runs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class LengthModel:
    """Gale-Church: Korean length ~ Normal(ratio * zh length, variance * zh length)."""

    ratio: float
    variance: float

    def cost(self, zh_length: int, ko_length: int) -> float:
        """-log P(|delta| >= observed), the Gale-Church match cost; grows like delta^2 / 2."""
        return _cost(self.ratio, self.variance, zh_length, ko_length)


@lru_cache(maxsize=16384)  # sentence lengths repeat: every bead the DP scores asks
def _cost(ratio: float, variance: float, zh_length: int, ko_length: int) -> float:
    zh_length = max(zh_length, 1)
    delta = (ko_length - ratio * zh_length) / math.sqrt(variance * zh_length)
    return min(-math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)), 20.0)

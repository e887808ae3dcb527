"""What chance alone gives: the reading weight and the evidence a Korean text of a given size would match if it
were no translation, tabled on a grid of sizes (0 to 4 typical sentences) so a pair reads them off in O(1).
"""

from __future__ import annotations

import math
from functools import lru_cache

from analyzer.align.readings import mean_syllables

CHANCE_STEP, CHANCE_POINTS = 0.25, 17  # chance coverage tabled for Korean of 0 to 4 typical sentences
FLOOR, CEILING = 1e-4, 0.999  # probabilities kept inside these so that no single match decides
NOTHING = (0.0,) * CHANCE_POINTS  # a curve of zeros (a note term's miss): adding it to a sum changes nothing


@lru_cache(maxsize=65536)
def miss_curve(log_miss: float) -> tuple[float, ...]:
    """P(no match by chance) in Korean of 0, CHANCE_STEP, 2 * CHANCE_STEP ... typical sentences."""
    return tuple(math.exp(log_miss * g * CHANCE_STEP) for g in range(CHANCE_POINTS))


@lru_cache(maxsize=65536)
def llr_curves(log_miss: float, rate: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Log-likelihood ratio of missing a piece of evidence, and what finding it adds instead, along the grid:
    found with probability `rate` in a translation, 1 - exp(log_miss * g) in unrelated Korean of g sentences."""
    miss, gain = [], []
    for no_match in miss_curve(log_miss):
        chance = min(max(1.0 - no_match, FLOOR), CEILING)
        found = min(max(rate, chance), CEILING)  # a translation never makes the evidence rarer than chance
        miss.append(math.log((1.0 - found) / (1.0 - chance)))
        gain.append(math.log(found / chance) - miss[-1])
    return tuple(miss), tuple(gain)


@lru_cache(maxsize=64)
def note_curves(length: int, note_weight: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """A note-vocabulary term of `length` characters: missing it costs nothing, finding it adds note_weight each."""
    return NOTHING, (0.0,) + (note_weight * length,) * (CHANCE_POINTS - 1)


@lru_cache(maxsize=65536)
def char_curves(weight: float, log_miss: float, rate: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """For a character with a reading: its reading weight expected by chance followed by the LLR of missing it
    (2 * CHANCE_POINTS values, summed over a sentence in one pass), and what finding it adds."""
    miss, gain = llr_curves(log_miss, rate)
    return tuple(weight * (1.0 - e) for e in miss_curve(log_miss)) + miss, gain


def sum_curves(curves: list[tuple[float, ...]], points: int = CHANCE_POINTS) -> tuple[float, ...]:
    return tuple(map(sum, zip(*curves))) if curves else (0.0,) * points


@lru_cache(maxsize=4096)  # every bead scored asks; a Korean text has at most a few hundred distinct syllables
def grid(syllables: int) -> tuple[int, float]:
    """Where a Korean text of this many distinct syllables falls on the chance grid: lower point, fraction."""
    position = min(syllables / mean_syllables() / CHANCE_STEP, CHANCE_POINTS - 1.0)
    low = min(int(position), CHANCE_POINTS - 2)
    return low, position - low


def at(curve: tuple[float, ...], low: int, frac: float) -> float:
    return curve[low] + frac * (curve[low + 1] - curve[low])


def chance_at(curve: tuple[float, ...], syllables: int) -> float:
    """A chance curve read at a Korean text of this many distinct syllables."""
    low, frac = grid(syllables)
    return at(curve, low, frac)

"""Sentence alignment by dynamic programming over beads (1-1, 1-2, 2-1, 1-0, 0-1), order preserved.

A match bead gains the log-odds of its pair probability; a skipped sentence gains
nothing, so a pair below even odds is never preferred to leaving both unmatched.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

ScoreFn = Callable[[str, str], float]  # (source text, target text) -> probability
MERGE_PENALTY = 0.5  # 2-1 and 1-2 beads must beat the 1-1 they replace by this much


@dataclass(frozen=True, slots=True)
class Bead:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float  # probability for match beads, 0.0 for 1-0 / 0-1


def _log_odds(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def align(src: Sequence[str], tgt: Sequence[str], score: ScoreFn, joiner: str = " ") -> list[Bead]:
    n, m = len(src), len(tgt)
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == -math.inf:
                continue
            moves: list[tuple[int, int, float, float]] = []
            if i < n:
                moves.append((1, 0, 0.0, 0.0))
            if j < m:
                moves.append((0, 1, 0.0, 0.0))
            if i < n and j < m:
                p = score(src[i], tgt[j])
                moves.append((1, 1, _log_odds(p), p))
                if i + 1 < n:
                    p2 = score(src[i] + joiner + src[i + 1], tgt[j])
                    moves.append((2, 1, _log_odds(p2) - MERGE_PENALTY, p2))
                if j + 1 < m:
                    p2 = score(src[i], tgt[j] + joiner + tgt[j + 1])
                    moves.append((1, 2, _log_odds(p2) - MERGE_PENALTY, p2))
            for di, dj, gain, p in moves:
                if di and dj and gain <= 0:
                    continue
                total = here + gain
                if total > best[i + di][j + dj]:
                    best[i + di][j + dj] = total
                    back[i + di][j + dj] = (di, dj, p)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj, p = step
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(p, 4) if di and dj else 0.0))
        i, j = i - di, j - dj
    beads.reverse()
    return beads

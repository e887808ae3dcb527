"""Sentence alignment by dynamic programming over beads (1-1, 2-1, 1-2, 1-0, 0-1), order preserved.

The search runs in a band around the diagonal (memory O(n * band), as in Vecalign and
Bertalign); when the best path runs along the band's edge the band is doubled and the
search repeated, so a long insertion or deletion is still found, up to MAX_BAND sentences
off the diagonal: beyond that the work would grow with the square of the sentences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from functools import lru_cache

from analyzer.model import record

# gain(i, di, j, dj): log-odds that src[i:i+di] and tgt[j:j+dj] form a bead; None when the bead is impossible.
GainFn = Callable[[int, int, int, int], float]
MOVES = ((1, 1), (2, 1), (1, 2), (1, 0), (0, 1))
FIRST_BAND = 6
# The widest band searched: an insertion or deletion of up to this many sentences is still found, and a hostile
# unit of 50,000 sentences costs 50,000 x 2 x MAX_BAND cells at most.
MAX_BAND = 96


@record
class Bead:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float  # probability that the two sides translate each other; 0.0 for 1-0 / 0-1


def _window(i: int, n: int, m: int, band: int) -> tuple[int, int]:
    """Target columns searched on row i: around the diagonal, reaching the next row's centre so that every row's
    window overlaps the next one's (a path always exists, even when one side is many times longer)."""
    if not n:
        return 0, m
    centre, following = i * m // n, min(i + 1, n) * m // n
    return max(0, centre - band), min(m, following + band)


def _search(n: int, m: int, gain: GainFn, band: int) -> tuple[list[tuple[int, int, int, int, float]], bool]:
    """Best path as (i, di, j, dj, gain) beads, and whether it touched the band's edge."""
    windows = [_window(i, n, m, band) for i in range(n + 1)]
    best: list[list[float]] = [[-math.inf] * (hi - lo + 1) for lo, hi in windows]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (hi - lo + 1) for lo, hi in windows]
    best[0][0 - windows[0][0]] = 0.0
    unreached = -math.inf
    for i in range(n + 1):
        lo, hi = windows[i]
        row = best[i]
        for j in range(lo, hi + 1):
            here = row[j - lo]
            if here == unreached:
                continue
            for di, dj in MOVES:
                ti, tj = i + di, j + dj
                if ti > n or tj > m:
                    continue
                tlo, thi = windows[ti]
                if not tlo <= tj <= thi:
                    continue
                step = gain(i, di, j, dj)
                total = here + step
                target = best[ti]
                if total > target[tj - tlo]:
                    target[tj - tlo] = total
                    back[ti][tj - tlo] = (di, dj, step)
    path = _backtrack(n, m, lambda i, j: back[i][j - windows[i][0]])
    if path is None:  # the end is outside the band: widen
        return [], True
    # The cells the path passes (its end, and each bead's start but the first): one on its row's window edge means a
    # wider band might find a better path.
    cells = [(n, m)] + [(i, j) for i, _, j, _, _ in path[1:]]
    touched = any((j == windows[i][0] and j > 0) or (j == windows[i][1] and j < m) for i, j in cells)
    return path, touched


def _backtrack(
    n: int, m: int, back_of: Callable[[int, int], tuple[int, int, float] | None]
) -> list[tuple[int, int, int, int, float]] | None:
    """The beads of the best path, first to last, from the move stored at each cell (`back_of(i, j)`: the bead's
    sizes and gain that reached it); None when no move reached the end."""
    path: list[tuple[int, int, int, int, float]] = []
    i, j = n, m
    while i or j:
        step = back_of(i, j)
        if step is None:
            return None
        di, dj, value = step
        i, j = i - di, j - dj
        path.append((i, di, j, dj, value))
    path.reverse()
    return path


def _moves(n: int, m: int) -> Iterator[tuple[int, int, int, int, int, int]]:
    """Every move of the whole (n + 1) x (m + 1) grid in `_search`'s order (cell by cell, row by row, MOVES order):
    (i, di, j, dj, source cell, target cell), the cells numbered row by row."""
    width = m + 1
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj in MOVES:
                if i + di <= n and j + dj <= m:
                    yield i, di, j, dj, i * width + j, (i + di) * width + j + dj


SMALL_GRID = 64  # cells of a grid whose moves are listed once (_small_grid_moves)


@lru_cache(maxsize=256)  # a grid's moves depend on its shape only; most rounds are 1x2 or 2x2
def _small_grid_moves(n: int, m: int) -> tuple[tuple[int, int, int, int, int, int], ...]:
    return tuple(_moves(n, m))


def _search_whole(n: int, m: int, gain: GainFn) -> tuple[list[tuple[int, int, int, int, float]], bool]:
    """`_search` where every row's window is the whole row (m <= band): the same gain calls and comparisons in the
    same order, over one flat table and a grid's moves listed once (most rounds are a sentence or two a side, and
    a round's DP runs up to three times)."""
    width = m + 1
    unreached = -math.inf
    best = [unreached] * ((n + 1) * width)
    back: list[tuple[int, int, float] | None] = [None] * ((n + 1) * width)
    best[0] = 0.0
    # A move never leads back to its source cell, so a cell's value is final once its first move is read.
    for i, di, j, dj, source, target in _small_grid_moves(n, m) if (n + 1) * (m + 1) <= SMALL_GRID else _moves(n, m):
        here = best[source]
        if here == unreached:
            continue
        step = gain(i, di, j, dj)
        total = here + step
        if total > best[target]:
            best[target] = total
            back[target] = (di, dj, step)
    path = _backtrack(n, m, lambda i, j: back[i * width + j])
    if path is None:  # the end is unreachable (gains of -inf): what `_search` answers
        return [], True
    return path, False


def align_beads(n: int, m: int, gain: GainFn, band: int = FIRST_BAND) -> list[tuple[int, int, int, int, float]]:
    """Beads covering src[0:n] and tgt[0:m] in order, maximising the summed gain."""
    band = max(band, 2)
    while True:
        # Within the band every row's window is [0, m] (_window): no edge to touch.
        path, touched = _search_whole(n, m, gain) if m <= band else _search(n, m, gain, band)
        if not touched or band >= max(n, m) or band >= MAX_BAND:
            return path
        band *= 2

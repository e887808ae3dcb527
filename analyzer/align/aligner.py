"""Align two sentence lists: each sentence is analysed once, beads are scored by the pair model, banded DP."""

from __future__ import annotations

import math
from collections.abc import Sequence

from analyzer.align.beads import Bead, align_beads
from analyzer.align.features import KoSide, ZhSide, features
from analyzer.align.score import ko_record, optional_log_odds, pair_model, zh_record
from analyzer.text.odds import sigmoid

# A 2-1 / 1-2 bead is scored only when one of its 1-1 halves reaches these log-odds (p ~ 0.05):
# a sentence merged into a translation shares enough of it to show, and the pruning saves two thirds of the work.
MERGE_FLOOR = -3.0


def align(src: Sequence[str], tgt: Sequence[str]) -> list[Bead]:
    """Beads aligning Chinese sentences (src) with Korean sentences (tgt), in order, each with a probability."""
    model = pair_model()
    zh = [zh_record(t) for t in src]
    ko = [ko_record(t) for t in tgt]
    zh_pairs: dict[int, ZhSide] = {}
    ko_pairs: dict[int, KoSide] = {}
    scored: dict[tuple[int, int, int, int], tuple[float, float]] = {}

    def zh_of(i: int, di: int) -> ZhSide:
        if di == 1:
            return zh[i]
        if i not in zh_pairs:
            zh_pairs[i] = zh_record(src[i] + src[i + 1])
        return zh_pairs[i]

    def ko_of(j: int, dj: int) -> KoSide:
        if dj == 1:
            return ko[j]
        if j not in ko_pairs:
            ko_pairs[j] = ko_record(tgt[j] + " " + tgt[j + 1])
        return ko_pairs[j]

    def scored_bead(i: int, di: int, j: int, dj: int) -> tuple[float, float]:
        """(log-odds of the pair, Gale-Church length cost) of a bead, computed once."""
        key = (i, di, j, dj)
        if key not in scored:
            z, k = zh_of(i, di), ko_of(j, dj)
            values = features(z, k, model.length)
            value = model.log_odds(values)
            if model.optional:
                value += optional_log_odds(z.text, k.text)[0]
            scored[key] = (value, values["length_cost"])
        return scored[key]

    def log_odds(i: int, di: int, j: int, dj: int) -> float:
        return scored_bead(i, di, j, dj)[0]

    def gain(i: int, di: int, j: int, dj: int) -> float:
        if not di or not dj:
            return 0.0
        if di + dj > 2:
            parts = ((i, j), (i + 1, j)) if di == 2 else ((i, j), (i, j + 1))
            if max(log_odds(a, 1, b, 1) for a, b in parts) < MERGE_FLOOR:
                return -math.inf  # neither half looks like part of a translation: skip scoring the merge
        odds, length_cost = scored_bead(i, di, j, dj)
        # In a document the length must fit the bead as a whole: a merge is told from a 1-1 mostly by length.
        value = odds + model.order_bonus - model.dp_length_weight * length_cost
        return value - model.merge_penalty if di + dj > 2 else value

    beads = []
    for i, di, j, dj, _ in align_beads(len(src), len(tgt), gain):
        score = round(sigmoid(log_odds(i, di, j, dj)), 4) if di and dj else 0.0
        beads.append(Bead(tuple(range(i, i + di)), tuple(range(j, j + dj)), score))
    return beads

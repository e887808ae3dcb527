"""Align two sentence lists: each sentence is analysed once, beads are scored by the pair model, banded DP."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from analyzer.align import encoder
from analyzer.align.beads import Bead, align_beads
from analyzer.align.records import KoSide, ZhSide
from analyzer.align.score import (
    EncoderStage,
    Lexical,
    evidence_chars,
    ko_record,
    lexical,
    optional_log_odds,
    pair_model,
    zh_record,
)
from analyzer.text.odds import sigmoid

# A 2-1 / 1-2 bead is scored only when one of its 1-1 halves reaches these log-odds (p ~ 0.05):
# a sentence merged into a translation shares enough of it to show (what the pruning saves: BENCHMARKS.md).
MERGE_FLOOR = -3.0
GAP = 8  # unmatched sentences on each side of a gap in the path that are tried against each other
MAX_REFINED = 128  # 1-1 beads rescored with the (slow) sentence encoder per alignment, at most
MAX_MERGES = 64  # 2-1 / 1-2 beads checked with the sentence encoder per alignment, at most
DOCUMENT_SENTENCES = 4  # sentences on each side from which a unit is a document: its merges are checked


# may_pair(i, di, j, dj): whether src[i:i+di] and tgt[j:j+dj] may form a bead at all (e.g. notes too far apart).
MayPair = Callable[[int, int, int, int], bool]
# (i, di, j, dj) -> the two sides of the bead as the DP analysed them, and their lexical analysis.
Analysed = dict[tuple[int, int, int, int], tuple[ZhSide, KoSide, Lexical]]


def align(src: Sequence[str], tgt: Sequence[str], may_pair: MayPair | None = None) -> list[Bead]:
    """Beads aligning Chinese sentences (src) with Korean sentences (tgt), in order, each with a probability.

    A bead `may_pair` rules out is never scored: the caller's constraint keeps a unit's work linear in its notes.
    """
    return align_records([zh_record(t) for t in src], [ko_record(t) for t in tgt], may_pair)


def align_records(
    zh: Sequence[ZhSide],
    ko: Sequence[KoSide],
    may_pair: MayPair | None = None,
    scored: dict[tuple[int, int, int, int], tuple[float, float, float, int]] | None = None,
    check_merges: bool = True,
    analysed: Analysed | None = None,
) -> list[Bead]:
    """`align` over sentences already analysed (records.py), so a caller that scores the beads reuses them.

    `scored` keeps each bead's (lexical log-odds, length cost, optional shift, evidence characters): a caller
    aligning the same sentences again under other DP settings (bench/calibrate_pairs.py) passes the same dict and
    scores no bead twice. Without `check_merges` the encoder never checks merges (a caller aligning a collection of
    separate notes rather than one text). `analysed` receives the lexical analysis of each bead scored, so a
    caller reporting a bead need not analyse it again.
    """
    model = pair_model()
    zh_pairs: dict[int, ZhSide] = {}
    ko_pairs: dict[int, KoSide] = {}
    scored = {} if scored is None else scored

    def zh_of(i: int, di: int) -> ZhSide:
        if di == 1:
            return zh[i]
        if i not in zh_pairs:
            zh_pairs[i] = zh_record(zh[i].text + zh[i + 1].text)
        return zh_pairs[i]

    def ko_of(j: int, dj: int) -> KoSide:
        if dj == 1:
            return ko[j]
        if j not in ko_pairs:
            ko_pairs[j] = ko_record(ko[j].text + " " + ko[j + 1].text)
        return ko_pairs[j]

    def scored_bead(i: int, di: int, j: int, dj: int) -> tuple[float, float, float, int]:
        """(lexical log-odds, Gale-Church length cost, optional features' shift, evidence characters) of a bead,
        computed once."""
        key = (i, di, j, dj)
        found = scored.get(key)
        if found is None:
            z, k = zh_of(i, di), ko_of(j, dj)
            analysis = lexical(z, k)
            shift = optional_log_odds(z.text, k.text)[0] if model.optional else 0.0
            found = (analysis.log_odds, analysis.length_cost, shift, evidence_chars(analysis.found))
            scored[key] = found
            if analysed is not None:
                analysed[key] = (z, k, analysis)
        return found

    refined: dict[tuple[int, int], float] = {}  # 1-1 beads rescored with the sentence encoder

    def lexical_odds(i: int, di: int, j: int, dj: int) -> float:
        return scored_bead(i, di, j, dj)[0]

    def log_odds(i: int, di: int, j: int, dj: int) -> float:
        """The bead's log-odds: lexical or rescored by the encoder, plus any optional feature's shift."""
        value, _, shift, _ = scored_bead(i, di, j, dj)
        return refined.get((i, j), value) + shift if di == dj == 1 else value + shift

    order_bonus, length_weight, merge_penalty = model.order_bonus, model.dp_length_weight, model.merge_penalty

    def gain(i: int, di: int, j: int, dj: int) -> float:
        if not di or not dj:
            return 0.0
        if may_pair is not None and not may_pair(i, di, j, dj):
            return -math.inf
        if di + dj > 2:
            first, second = log_odds(i, 1, j, 1), (log_odds(i + 1, 1, j, 1) if di == 2 else log_odds(i, 1, j + 1, 1))
            if max(first, second) < MERGE_FLOOR:
                return -math.inf  # neither half looks like part of a translation: skip scoring the merge
            lexical_value, length_cost, shift, _ = scored_bead(i, di, j, dj)
            value = lexical_value + shift + order_bonus - length_weight * length_cost
            return value - merge_penalty + merge_shift.get((i, di, j, dj), 0.0)
        lexical_value, length_cost, shift, _ = scored_bead(i, 1, j, 1)  # log_odds(i, 1, j, 1), written out
        # In a document the length must fit the bead as a whole: a merge is told from a 1-1 mostly by length.
        return refined.get((i, j), lexical_value) + shift + order_bonus - length_weight * length_cost

    merge_shift: dict[tuple[int, int, int, int], float] = {}  # DP gain of merges checked with the encoder

    path = align_beads(len(zh), len(ko), gain)
    stage = model.stage()
    if stage is None:
        return _beads(path, log_odds)
    cells = _unsure_cells(path, lambda i, j: scored_bead(i, 1, j, 1), stage, zh, may_pair)
    if cells:
        encoder.embed([zh[i].text for i, _ in cells] + [ko[j].text for _, j in cells])
        for i, j in cells:
            refined[(i, j)] = stage.log_odds(lexical_odds(i, 1, j, 1), encoder.cosine(zh[i].text, ko[j].text))
        path = align_beads(len(zh), len(ko), gain)
    # Merges are checked in documents, where a neighbour on the same topic (names, topic words) raises a false merge's
    # lexical score; a note of a sentence or two has none (and its short sentences move the cosine by chance).
    if check_merges and model.merge_cosine and min(len(zh), len(ko)) >= DOCUMENT_SENTENCES:
        merges = [m for m in _merge_neighbourhood(path) if gain(*m) > -math.inf][:MAX_MERGES]
        if merges:
            halves = {m: ((m[0], m[2]), (m[0] + 1, m[2]) if m[1] == 2 else (m[0], m[2] + 1)) for m in merges}
            texts = [zh_of(i, di).text for i, di, _, _ in merges] + [ko_of(j, dj).text for _, _, j, dj in merges]
            encoder.embed(texts + [t for h in halves.values() for i, j in h for t in (zh[i].text, ko[j].text)])
            for m in merges:
                whole = encoder.cosine(zh_of(m[0], m[1]).text, ko_of(m[2], m[3]).text)
                part = max(encoder.cosine(zh[a].text, ko[b].text) for a, b in halves[m])
                # A sentence that belongs in the bead brings its embedding closer to the other side's; one that does
                # not (a neighbour on the same topic, whose partner is missing) pulls it away.
                merge_shift[m] = model.merge_cosine * (whole - part)
            path = align_beads(len(zh), len(ko), gain)
    return _beads(path, log_odds)


def _beads(path: list[tuple[int, int, int, int, float]], log_odds: Callable[[int, int, int, int], float]) -> list[Bead]:
    """The path's beads, each match bead with its probability (the DP's settings and merge checks left out)."""
    beads = []
    for i, di, j, dj, _ in path:
        score = round(sigmoid(log_odds(i, di, j, dj)), 4) if di and dj else 0.0
        beads.append(Bead(tuple(range(i, i + di)), tuple(range(j, j + dj)), score))
    return beads


def _merge_neighbourhood(path: list[tuple[int, int, int, int, float]]) -> list[tuple[int, int, int, int]]:
    """2-1 / 1-2 beads whose lexical choice is in doubt: those on the path, and those that would join a sentence the
    path left unmatched with the 1-1 bead beside it (a merge the lexical score missed)."""
    found: list[tuple[int, int, int, int]] = []
    for p, (i, di, j, dj, _) in enumerate(path):
        if di + dj == 3:
            found.append((i, di, j, dj))
        elif di + dj == 1:
            for qi, qdi, qj, qdj, _ in (path[q] for q in (p - 1, p + 1) if 0 <= q < len(path)):
                if qdi == qdj == 1 and di:
                    found.append((min(qi, i), 2, qj, 1))
                elif qdi == qdj == 1:
                    found.append((qi, 1, min(qj, j), 2))
    return list(dict.fromkeys(found))


def _unsure_cells(
    path: list[tuple[int, int, int, int, float]],
    one_to_one: Callable[[int, int], tuple[float, float, float, int]],
    stage: EncoderStage,
    zh: Sequence[ZhSide],
    may_pair: MayPair | None,
) -> list[tuple[int, int]]:
    """1-1 beads the lexical evidence leaves unsure: those on the path, and those between the Chinese and Korean
    sentences the path left unmatched side by side (a translation too free to be read, 我不知道 -> 난 몰라).
    At most MAX_REFINED, so a hostile unit cannot make the encoder embed all its sentences."""
    cells: list[tuple[int, int]] = []
    gap_zh: list[int] = []
    gap_ko: list[int] = []

    def unsure(i: int, j: int) -> bool:
        value, _, _, evidence = one_to_one(i, j)
        return stage.unsure(value, zh[i], evidence)

    def flush() -> None:
        for i in gap_zh[:GAP]:
            for j in gap_ko[:GAP]:
                if (may_pair is None or may_pair(i, 1, j, 1)) and unsure(i, j):
                    cells.append((i, j))
        gap_zh.clear()
        gap_ko.clear()

    for i, di, j, dj, _ in path:
        if di and dj:
            flush()
            if di == dj == 1 and unsure(i, j):
                cells.append((i, j))
        elif di:
            gap_zh.append(i)
        else:
            gap_ko.append(j)
    flush()
    return cells[:MAX_REFINED]

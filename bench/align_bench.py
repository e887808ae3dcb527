"""Alignment figures on FLORES-200 dev: pair accuracy, strict alignment F1, and speed on 1,000 x 1,000.

Every accuracy figure uses only the held-out lines (600..996); bench/calibrate_pairs.py fits on 0..599,
where scripts/induce_pair_rates.py also counts the evidence rates (models/align/evidence_rates.tsv).
Timings are wall-clock on a shared machine: treat them as indicative.
Usage: .venv/bin/python bench/align_bench.py
"""

from __future__ import annotations

import sys
import time

from flores import documents, f1, gale_church_gain, load, shuffled_pairs, split, strict_f1

from analyzer.align import aligner, score
from analyzer.align.beads import align_beads
from analyzer.align.score import ko_record, pair_model, pair_score, zh_record


def pair_accuracy(
    zh: list[str], ko: list[str], lines: list[int], per_true: int = 1
) -> tuple[float, float, float, float]:
    """True-vs-random pair accuracy, balanced: each held-out line's true pair and `per_true` shuffled partners
    (another held-out line's Korean, seeded) are classified at p >= threshold; the figure is the mean of the
    share of true pairs accepted and the share of shuffled pairs rejected. Also: how often the true partner
    outscores a shuffled one (ranking, no threshold)."""
    threshold = pair_model().threshold
    true_p = {i: pair_score(zh[i], ko[i]).probability for i in lines}
    negatives = shuffled_pairs(lines, per_true, seed=11)
    false_p = [(i, pair_score(zh[i], ko[j]).probability) for i, j in negatives]
    hits = sum(p >= threshold for p in true_p.values()) / len(lines)
    rejects = sum(p < threshold for _, p in false_p) / len(false_p)
    ranked = sum(true_p[i] > p for i, p in false_p) / len(false_p)
    return (hits + rejects) / 2, hits, rejects, ranked


def alignment_f1(docs, aligner_fn) -> tuple[float, float]:
    strict, full = [0, 0, 0], [0, 0, 0]
    for doc in docs:
        test = aligner_fn(doc)
        strict = [a + b for a, b in zip(strict, strict_f1(doc.gold, test))]
        full = [a + b for a, b in zip(full, strict_f1(doc.gold, test, with_deletions=True))]
    return f1(*strict), f1(*full)


def ours(doc) -> list:
    return [(b.src, b.tgt) for b in aligner.align(doc.src, doc.tgt)]


def gale_church(doc) -> list:
    length = pair_model().length
    src_lengths = [zh_record(s).length for s in doc.src]
    tgt_lengths = [ko_record(t).length for t in doc.tgt]
    gain = gale_church_gain(src_lengths, tgt_lengths, length.ratio, length.variance)
    return [
        (tuple(range(i, i + di)), tuple(range(j, j + dj)))
        for i, di, j, dj, _ in align_beads(len(doc.src), len(doc.tgt), gain)
    ]


def main() -> int:
    zh, ko = load()
    _, held = split(zh, ko)
    threshold = pair_model().threshold
    for per_true in (1, 5):
        accuracy, hits, rejects, ranked = pair_accuracy(zh, ko, held, per_true)
        print(
            f"pair accuracy, balanced, at p >= {threshold} (held-out: {len(held)} true pairs + "
            f"{per_true * len(held)} shuffled): {accuracy:.4f}  (target >= 0.97)"
        )
        print(f"  true pairs accepted {hits:.4f}, shuffled pairs rejected {rejects:.4f}")
        print(f"  true partner scored above a shuffled one: {ranked:.4f}")
    docs = [doc for seed in (3, 1003, 2003) for doc in documents(zh, ko, held, size=100, seed=seed)]
    beads = sum(len(d.gold) for d in docs)
    ours_f1 = alignment_f1(docs, ours)
    gc_f1 = alignment_f1(docs, gale_church)
    print(f"alignment, {len(docs)} synthetic documents ({beads} beads; 10% 1-2, 10% 2-1, 5% 1-0, 5% 0-1):")
    print(f"  strict F1, match beads: ours {ours_f1[0]:.4f}, Gale-Church length-only {gc_f1[0]:.4f}  (target >= 0.97)")
    print(f"  strict F1, all beads incl. 1-0/0-1: ours {ours_f1[1]:.4f}, Gale-Church {gc_f1[1]:.4f}")
    lines = [i % len(zh) for i in range(1000)]
    src = [zh[i] for i in lines]
    tgt = [ko[i] for i in lines]
    score.zh_record.cache_clear()
    score.ko_record.cache_clear()
    started, cpu = time.perf_counter(), time.process_time()
    beads_out = aligner.align(src, tgt)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"align 1,000 x 1,000 sentences (sentence analysis included): {seconds:.2f} s wall, {cpu_seconds:.2f} s CPU "
        f"({len(beads_out)} beads; target < 3 s, one core; wall time depends on the machine's load)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

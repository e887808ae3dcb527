"""Alignment figures on FLORES-200 dev: pair accuracy, strict alignment F1, and speed on 1,000 x 1,000.

Every accuracy figure uses only the held-out lines (600..996); bench/calibrate_pairs.py fits on 0..599.
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


def pair_accuracy(zh: list[str], ko: list[str], lines: list[int]) -> tuple[float, float, float]:
    """Balanced accuracy at the reporting threshold: true pairs vs one shuffled partner each."""
    threshold = pair_model().threshold
    hits = sum(pair_score(zh[i], ko[i]).probability >= threshold for i in lines) / len(lines)
    negatives = shuffled_pairs(lines, 1, seed=11)
    rejects = sum(pair_score(zh[i], ko[j]).probability < threshold for i, j in negatives) / len(negatives)
    return (hits + rejects) / 2, hits, rejects


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
    accuracy, hits, rejects = pair_accuracy(zh, ko, held)
    print(f"pair accuracy (held-out, {len(held)} true + {len(held)} shuffled): {accuracy:.4f}")
    print(f"  true pairs accepted {hits:.4f}, shuffled pairs rejected {rejects:.4f}  (target >= 0.97)")
    docs = documents(zh, ko, held, size=100, seed=3)
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
    started = time.perf_counter()
    beads_out = aligner.align(src, tgt)
    seconds = time.perf_counter() - started
    print(f"align 1,000 x 1,000 sentences: {seconds:.2f} s ({len(beads_out)} beads; target < 3 s, one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

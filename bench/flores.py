"""FLORES-200 dev as Chinese-Korean pairs, the fit / held-out split, and synthetic documents for alignment F1.

Shared by bench/calibrate_pairs.py (fitting) and bench/align_bench.py (measuring).
"""

from __future__ import annotations

import math
import os
import random
from dataclasses import dataclass
from pathlib import Path


def shared_data() -> Path:
    """The public dev data: $ANALYZER_SHARED_DATA, else the nearest `shared/data` above this checkout
    (../shared/data from the lead's checkout, ../../shared/data from a worktree under /work/wt)."""
    if os.environ.get("ANALYZER_SHARED_DATA"):
        return Path(os.environ["ANALYZER_SHARED_DATA"])
    here = Path(__file__).resolve().parent
    found = next((p / "shared" / "data" for p in here.parents if (p / "shared" / "data").is_dir()), None)
    return found or here.parent.parent / "shared" / "data"


FLORES = shared_data() / "flores200-dev"
FIT_LINES = 600  # lines 0..599 fit the model; lines 600..996 are held out for every reported figure


def _clean(line: str) -> str:
    line = line.strip()
    if line.startswith('"') and line.endswith('"') and '""' in line:
        line = line[1:-1]
    return line.replace('""', '"')


def load(root: Path = FLORES) -> tuple[list[str], list[str]]:
    """(Chinese, Korean) lines of FLORES-200 dev, aligned line by line."""
    zh = [_clean(x) for x in (root / "zho_Hans.dev").read_text(encoding="utf-8").splitlines()]
    ko = [_clean(x) for x in (root / "kor_Hang.dev").read_text(encoding="utf-8").splitlines()]
    assert len(zh) == len(ko), "FLORES sides differ in length"
    return zh, ko


def split(zh: list[str], ko: list[str]) -> tuple[list[int], list[int]]:
    return list(range(FIT_LINES)), list(range(FIT_LINES, len(zh)))


def shuffled_pairs(indices: list[int], per_true: int, seed: int) -> list[tuple[int, int]]:
    """`per_true` random wrong partners for each line (never itself), seeded."""
    rng = random.Random(seed)
    pairs = []
    for i in indices:
        for _ in range(per_true):
            j = i
            while j == i:
                j = rng.choice(indices)
            pairs.append((i, j))
    return pairs


@dataclass(frozen=True)
class Document:
    src: list[str]
    tgt: list[str]
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]]


def make_document(
    zh: list[str], ko: list[str], indices: list[int], seed: int, merge: float = 0.1, delete: float = 0.05
) -> Document:
    """A document pair from consecutive lines, with sentences merged on one side (1-2, 2-1) and deleted (1-0, 0-1)."""
    rng = random.Random(seed)
    src: list[str] = []
    tgt: list[str] = []
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    k = 0
    while k < len(indices):
        i = indices[k]
        r = rng.random()
        has_next = k + 1 < len(indices)
        if r < merge and has_next:  # the Chinese side joins two sentences: 1-2
            nxt = indices[k + 1]
            gold.append(((len(src),), (len(tgt), len(tgt) + 1)))
            src.append(zh[i] + zh[nxt])
            tgt += [ko[i], ko[nxt]]
            k += 2
        elif r < 2 * merge and has_next:  # the Korean side joins two sentences: 2-1
            nxt = indices[k + 1]
            gold.append(((len(src), len(src) + 1), (len(tgt),)))
            src += [zh[i], zh[nxt]]
            tgt.append(ko[i] + " " + ko[nxt])
            k += 2
        elif r < 2 * merge + delete:  # Korean missing: 1-0
            gold.append(((len(src),), ()))
            src.append(zh[i])
            k += 1
        elif r < 2 * merge + 2 * delete:  # Chinese missing: 0-1
            gold.append(((), (len(tgt),)))
            tgt.append(ko[i])
            k += 1
        else:
            gold.append(((len(src),), (len(tgt),)))
            src.append(zh[i])
            tgt.append(ko[i])
            k += 1
    return Document(src, tgt, gold)


def documents(zh: list[str], ko: list[str], indices: list[int], size: int, seed: int) -> list[Document]:
    return [make_document(zh, ko, indices[s : s + size], seed + s) for s in range(0, len(indices), size)]


def strict_f1(gold: list, test: list, with_deletions: bool = False) -> tuple[int, int, int]:
    """(true positives, |test|, |gold|) over beads; only beads with both sides unless `with_deletions`."""
    keep = (lambda b: True) if with_deletions else (lambda b: bool(b[0]) and bool(b[1]))
    g = {b for b in gold if keep(b)}
    t = {b for b in test if keep(b)}
    return len(g & t), len(t), len(g)


def f1(tp: int, n_test: int, n_gold: int) -> float:
    precision = tp / n_test if n_test else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# Gale & Church (1993) bead priors.
_GC_PRIOR = {(1, 1): 0.89, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2}


def gale_church_gain(src_lengths: list[int], tgt_lengths: list[int], ratio: float, variance: float):
    """Length-only bead gain (log prior + log P(|delta|)), the Gale-Church baseline."""

    def gain(i: int, di: int, j: int, dj: int) -> float:
        value = math.log(_GC_PRIOR[(di, dj)])
        if di and dj:
            ls = max(sum(src_lengths[i : i + di]), 1)
            lt = sum(tgt_lengths[j : j + dj])
            delta = (lt - ratio * ls) / math.sqrt(variance * ls)
            value += math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12))
        return value

    return gain

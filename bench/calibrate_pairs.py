"""Fit the pair model (logistic weights, Gale-Church length model, merge penalty) on FLORES-200 dev.

True Chinese-Korean pairs against shuffled ones (3 per true pair, weighted 1/3 so the
prior stays even) from lines 0..599; lines 600..996 are held out and only measured.
The evidence rates behind read_llr and gloss_llr (models/align/evidence_rates.tsv, from
scripts/induce_pair_rates.py) are counted on these same lines, so the fit is cross-fitted: the
features of lines 0..299 use rates counted on 300..599 and the other way round (negatives are
drawn within each half), so no pair is scored with rates that saw it. The shipped rates, counted
on all of 0..599, are then a little sharper than the ones the weights were fitted with.
Writes models/align/pair_model.json with how it was made.
Usage: .venv/bin/python scripts/induce_pair_rates.py && .venv/bin/python bench/calibrate_pairs.py
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path

from flores import documents, f1, load, shuffled_pairs, split, strict_f1

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from induce_pair_rates import induce  # noqa: E402

from analyzer.align import aligner, rates, score
from analyzer.align.features import FEATURES, features
from analyzer.align.length import LengthModel
from analyzer.align.records import zh_side
from analyzer.align.score import ko_record, zh_record

OUT = Path(__file__).resolve().parent.parent / "models" / "align" / "pair_model.json"
NEGATIVES_PER_TRUE = 3
L2 = 0.01
THRESHOLD = 0.5
PENALTIES = (-0.5, 0.0, 0.5)
BONUSES = (3.0, 4.0, 5.0)
LENGTH_WEIGHTS = (0.25, 0.5, 0.75)
# Features that are evidence for a translation (+1) or against it (-1); the others (char_cov, latin_miss) may take
# either sign. char_cov's weight is not constrained alone, since char_excess is char_cov minus its chance level.
EVIDENCE_FOR = ("char_excess", "word_cov", "ko_word_cov", "words", "loose_words", "translit", "num_match")
EVIDENCE_FOR += ("latin_match", "latin_spelled", "punct_same", "read_llr", "gloss_llr")
SIGNS = {**dict.fromkeys(EVIDENCE_FOR, 1), "num_miss": -1, "punct_diff": -1, "length_cost": -1}


def length_model(zh: list[str], ko: list[str], lines: list[int]) -> LengthModel:
    zl = [max(zh_record(zh[i]).length, 1) for i in lines]
    kl = [ko_record(ko[i]).length for i in lines]
    ratio = sum(kl) / sum(zl)
    variance = sum((k - ratio * z) ** 2 / z for z, k in zip(zl, kl)) / len(lines)
    return LengthModel(round(ratio, 4), round(variance, 4))


def samples(zh, ko, lines, length, seed, counted: rates.EvidenceRates | None = None):
    """True pairs and shuffled ones; Chinese sides analysed with `counted` rates (default: the shipped ones)."""
    rows = [([*_vector(zh[i], ko[i], length, counted)], 1.0, 1.0) for i in lines]
    rows += [
        ([*_vector(zh[i], ko[j], length, counted)], 0.0, 1 / NEGATIVES_PER_TRUE)
        for i, j in shuffled_pairs(lines, NEGATIVES_PER_TRUE, seed)
    ]
    return rows


def cross_fitted_samples(zh, ko, lines, length, seed):
    """Samples of each half of `lines`, scored with evidence rates counted on the other half."""
    half = len(lines) // 2
    halves = (lines[:half], lines[half:])
    rows = []
    for own, other in (halves, halves[::-1]):
        counted = induce([(zh[i], ko[i]) for i in other])
        rows += samples(zh, ko, own, length, seed + own[0], counted)
    return rows


def _vector(chinese: str, korean: str, length: LengthModel, counted: rates.EvidenceRates | None) -> list[float]:
    z = zh_record(chinese) if counted is None else zh_side(chinese, counted)
    values = features(z, ko_record(korean), length)
    return [1.0] + [values[name] for name in FEATURES]


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit_logistic(rows, fixed: frozenset[int] = frozenset()) -> list[float]:
    """Weighted L2-regularised logistic regression by Newton's method; weights at `fixed` indices stay 0."""
    d = len(rows[0][0])
    w = [0.0] * d
    for _ in range(30):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y, weight in rows:
            z = sum(a * b for a, b in zip(w, x))
            p = 1 / (1 + math.exp(-max(min(z, 40), -40)))
            g = weight * (p - y)
            h = weight * p * (1 - p)
            for a in range(d):
                grad[a] += g * x[a]
                for b in range(d):
                    hess[a][b] += h * x[a] * x[b]
        for a in range(1, d):
            grad[a] += L2 * w[a]
            hess[a][a] += L2
        for a in fixed:  # a held weight: its gradient 0, its row and column of the Hessian the identity's
            grad[a] = 0.0
            for b in range(d):
                hess[a][b] = hess[b][a] = 0.0
            hess[a][a] = 1.0
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return w


def fit_monotone(rows) -> list[float]:
    """fit_logistic with each weight of SIGNS kept to its sign: a weight that comes out of sign is held at 0 and
    the rest refitted (one at a time, the worst first), so more evidence never lowers a pair's probability."""
    index = {name: k + 1 for k, name in enumerate(FEATURES)}
    fixed: set[int] = set()
    while True:
        w = fit_logistic(rows, frozenset(fixed))
        wrong = [(-sign * w[index[name]], index[name]) for name, sign in SIGNS.items() if sign * w[index[name]] < 0]
        if not wrong:
            return w
        fixed.add(max(wrong)[1])


def metrics(rows, w) -> dict[str, float]:
    total = correct = brier = 0.0
    bins = [[0.0, 0.0, 0.0] for _ in range(10)]  # weight, sum p, sum y
    for x, y, weight in rows:
        z = sum(a * b for a, b in zip(w, x))
        p = 1 / (1 + math.exp(-max(min(z, 40), -40)))
        total += weight
        correct += weight * ((p >= THRESHOLD) == (y == 1.0))
        brier += weight * (p - y) ** 2
        b = bins[min(int(p * 10), 9)]
        b[0] += weight
        b[1] += weight * p
        b[2] += weight * y
    ece = sum(abs(b[1] - b[2]) for b in bins) / total
    return {"accuracy": round(correct / total, 4), "brier": round(brier / total, 4), "ece": round(ece, 4)}


def write(model: dict) -> None:
    OUT.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    score.pair_model.cache_clear()
    score.active_optional.cache_clear()


def main() -> int:
    zh, ko = load()
    fit, held = split(zh, ko)
    if rates.evidence_rates() != induce([(zh[i], ko[i]) for i in fit]):
        print(f"{rates.FILE[-1]} was not counted on these fit lines: run scripts/induce_pair_rates.py first")
        return 2
    length = length_model(zh, ko, fit)
    fit_rows = cross_fitted_samples(zh, ko, fit, length, seed=1)
    held_rows = samples(zh, ko, held, length, seed=2)
    w = fit_monotone(fit_rows)
    previous = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    model = {
        "made_by": "bench/calibrate_pairs.py",
        "data": "FLORES-200 dev (zho_Hans, kor_Hang), CC BY-SA 4.0; only these fitted numbers are kept",
        "method": (
            f"weighted L2 ({L2}) logistic regression, evidence weights held to their sign, true pairs vs "
            f"{NEGATIVES_PER_TRUE} shuffled partners each (weight 1/3: even prior, so p is calibrated for a 50/50 "
            "candidate), cross-fitted: each half of the fit lines scored with evidence rates "
            "(models/align/evidence_rates.tsv) counted on the other half; order bonus (prior "
            "log-odds of a bead on the alignment path), merge penalty and DP length weight by grid search "
            "on synthetic documents of the fit lines"
        ),
        "split": {"fit": f"lines 0..{fit[-1]}", "held_out": f"lines {held[0]}..{held[-1]}"},
        "bias": round(w[0], 4),
        "weights": {name: round(v, 4) for name, v in zip(FEATURES, w[1:])},
        "length": {"ratio": length.ratio, "variance": length.variance},
        "merge_penalty": 0.0,
        "order_bonus": 0.0,
        "dp_length_weight": 0.0,
        "threshold": THRESHOLD,
        "fit_metrics": metrics(fit_rows, w),
        "held_out_metrics": metrics(held_rows, w),
    }
    if "optional" in previous:  # fitted elsewhere (e.g. bench/translation_similarity.py): kept as it was
        model["optional"] = previous["optional"]
    best = None
    docs = [doc for seed in (7, 1007, 2007) for doc in documents(zh, ko, fit, size=100, seed=seed)]
    for bonus, penalty, weight in itertools.product(BONUSES, PENALTIES, LENGTH_WEIGHTS):
        write({**model, "merge_penalty": penalty, "order_bonus": bonus, "dp_length_weight": weight})
        counts = [0, 0, 0]
        for doc in docs:
            test = [(b.src, b.tgt) for b in aligner.align(doc.src, doc.tgt)]
            counts = [a + b for a, b in zip(counts, strict_f1(doc.gold, test))]
        value = f1(*counts)
        print(f"order bonus {bonus}, merge penalty {penalty}, DP length weight {weight}: fit-document F1 {value:.4f}")
        if best is None or value > best[0]:
            best = (value, penalty, bonus, weight)
    model["merge_penalty"], model["order_bonus"], model["dp_length_weight"] = best[1:]
    model["fit_document_f1"] = round(best[0], 4)
    write(model)
    print(
        json.dumps(
            {k: model[k] for k in ("weights", "bias", "length", "merge_penalty", "order_bonus", "dp_length_weight")},
            ensure_ascii=False,
        )
    )
    print("fit:", model["fit_metrics"], "held out:", model["held_out_metrics"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

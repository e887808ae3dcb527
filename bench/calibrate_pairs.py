"""Fit the pair model (logistic weights, encoder stage, Gale-Church length model, merge penalty) on dev data.

True Chinese-Korean pairs against shuffled ones (3 per true pair, weighted 1/3 so the
prior stays even) from FLORES-200 dev lines 0..599 (lines 600..996 are held out and only
measured) and, with --testsets, the dev halves of the Tatoeba short pairs and of the NTREX
news documents (bench/pair_data.py; their test halves are only measured).
The evidence rates behind read_llr and gloss_llr (models/align/evidence_rates.tsv, from
scripts/induce_pair_rates.py) are counted on these same lines, so the fit is cross-fitted: the
features of lines 0..299 use rates counted on 300..599 and the other way round (negatives are
drawn within each half), so no pair is scored with rates that saw it. The shipped rates, counted
on all of 0..599, are then a little sharper than the ones the weights were fitted with.
Writes models/align/pair_model.json with how it was made.
Usage: .venv/bin/python scripts/induce_pair_rates.py && .venv/bin/python bench/calibrate_pairs.py --testsets DIR
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from align_bench import auc
from flores import documents, f1, load, make_document, shuffled_pairs, split, strict_f1
from pair_data import news_documents, pair_sets, shuffled_partners, testsets_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from induce_pair_rates import induce  # noqa: E402

from analyzer.align import aligner, encoder, rates, score
from analyzer.align.features import FEATURES, features
from analyzer.align.length import LengthModel
from analyzer.align.matching import match
from analyzer.align.records import ko_side, zh_side
from analyzer.align.score import ko_record, zh_record

OUT = Path(__file__).resolve().parent.parent / "models" / "align" / "pair_model.json"
NEGATIVES_PER_TRUE = 3
L2 = 0.01
THRESHOLD = 0.5
PENALTIES = (0.5, 1.0, 2.0)
BONUSES = (4.0, 5.0)
LENGTH_WEIGHTS = (0.1, 0.25)
MERGE_COSINES = (40.0, 60.0, 80.0, 100.0, 150.0)  # DP gain per unit of cosine a merge adds to its better half
# Encoder stage bands tried: lexical log-odds in [low, high]; then also any above low for a Chinese side this short
# whose evidence rests on this few characters (score.EncoderStage).
# The highest bound stays below the log-odds of ordinary editing notes (bench/synthetic_dump.py's relay notes
# and the hook bench's score 5 and more), so a scan of such notes never loads the encoder.
BAND_LOWS = (-10.0, -8.0, -6.0)
BAND_HIGHS = (3.0, 4.0)
SHORT_CHARS = (6, 8, 10, 12)
THIN_CHARS = (2, 3, 4)
# Features that are evidence for a translation (+1) or against it (-1); the others (latin_miss) may take either
# sign. char_cov's weight is not constrained alone, since char_excess is char_cov minus its chance level: their
# sum is (fit_monotone).
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


def fit_logistic(rows, fixed: frozenset[int] = frozenset()) -> list[float]:
    """Weighted L2-regularised logistic regression by Newton's method; weights at `fixed` indices stay 0."""
    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    weight = np.array([r[2] for r in rows], dtype=float)
    d = x.shape[1]
    w = np.zeros(d)
    ridge = np.full(d, L2)
    ridge[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -40, 40)))
        grad = x.T @ (weight * (p - y)) + ridge * w
        hess = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(ridge)
        for a in fixed:  # a held weight: its gradient 0, its row and column of the Hessian the identity's
            grad[a] = 0.0
            hess[a, :] = hess[:, a] = 0.0
            hess[a, a] = 1.0
        step = np.linalg.solve(hess, grad)
        w = w - step
        if np.max(np.abs(step)) < 1e-7:
            break
    return [float(v) for v in w]


def fit_monotone(rows) -> list[float]:
    """fit_logistic with each weight of SIGNS kept to its sign: a weight that comes out of sign is held at 0 and
    the rest refitted (one at a time, the worst first), so more evidence never lowers a pair's probability.

    char_excess is char_cov minus its chance level, so the pair (char_cov, char_excess) is fitted as (char_cov,
    minus the chance level): the weight of reading overlap as such (w_cov + w_excess) and that of beating chance
    (w_excess) are both held >= 0, and turned back into w_cov and w_excess at the end."""
    cov, excess = 1 + FEATURES.index("char_cov"), 1 + FEATURES.index("char_excess")
    turned = []
    for x, y, weight in rows:
        x = list(x)
        x[excess] -= x[cov]  # char_excess - char_cov = -(the chance level)
        turned.append((x, y, weight))
    index = {name: k + 1 for k, name in enumerate(FEATURES)}
    signs = {**SIGNS, "char_cov": 1}
    fixed: set[int] = set()
    while True:
        w = fit_logistic(turned, frozenset(fixed))
        wrong = [(-sign * w[index[name]], index[name]) for name, sign in signs.items() if sign * w[index[name]] < 0]
        if not wrong:
            w[cov] -= w[excess]  # back to the weights of char_cov and char_excess themselves
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


def rows_with_partners(zh: list[str], ko: list[str], length: LengthModel, seed: int) -> list:
    """Samples of a dev set that is not FLORES (short conversational or news pairs), scored with the shipped rates
    (counted on FLORES only, so none of these pairs was seen by them)."""
    rows = [([*_vector(z, k, length, None)], 1.0, 1.0) for z, k in zip(zh, ko)]
    rows += [
        ([*_vector(zh[i], ko[j], length, None)], 0.0, 1 / NEGATIVES_PER_TRUE)
        for i, j in shuffled_partners(zh, ko, NEGATIVES_PER_TRUE, seed)
    ]
    return rows


def fit_encoder_stage(pairs: list[tuple[str, str, float, float, str]]) -> dict:
    """The encoder stage (score.EncoderStage) on dev pairs (Chinese, Korean, label, weight, set name), in two steps.

    First the band: for each [low, high] in the grid, a logistic regression of the label on the lexical log-odds and
    the encoder's cosine, fitted inside the band; the band whose pairs (inside and out) come out best in F1, averaged
    over the dev sets, is kept with its weights. Then, those fixed, which short Chinese sides with thin evidence are
    asked above the band too: the (short, thin) whose pairs come out best in F1 plus ROC AUC, each averaged over the
    dev sets (a few short unrelated pairs with a glossed word or a name, 你要我们做什么 -> 무엇이 문제입니까, score
    high and rank above true pairs without moving F1 much); a bigger extension must gain 1e-4 to be kept."""
    model = score.pair_model()
    lexical, evidence, sides = [], [], []
    for p in pairs:
        z, k = zh_record(p[0]), ko_record(p[1])
        found = match(z, k)
        lexical.append(model.log_odds(features(z, k, model.length, found)))
        evidence.append(score.evidence_chars(found))
        sides.append(z)
    encoder.embed([t for p in pairs for t in p[:2]])
    cosines = [encoder.cosine(p[0], p[1]) for p in pairs]
    names = sorted({p[4] for p in pairs})

    def outcome(stage: score.EncoderStage) -> tuple[dict[str, float], dict[str, float], float]:
        """Per dev set F1 and ROC AUC of the pairs with `stage`, and the share of pairs it asks about."""
        counts = {name: [0.0, 0.0, 0.0] for name in names}  # weighted true positives, false positives, misses
        ranked: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in names}
        asked = 0
        for k, (_, _, label, weight, name) in enumerate(pairs):
            odds = lexical[k]
            if stage.unsure(odds, sides[k], evidence[k]):
                odds, asked = stage.log_odds(odds, cosines[k]), asked + 1
            counts[name][0] += weight * (odds >= 0.0 and label == 1.0)
            counts[name][1] += weight * (odds >= 0.0 and label == 0.0)
            counts[name][2] += weight * (odds < 0.0 and label == 1.0)
            ranked[name][0 if label == 1.0 else 1].append(odds)
        f1s = {name: 2 * c[0] / (2 * c[0] + c[1] + c[2]) for name, c in counts.items()}
        return f1s, {name: auc(*ranked[name]) for name in names}, asked / len(pairs)

    def shown(f1s: dict[str, float], aucs: dict[str, float], asked: float) -> str:
        return ", ".join(f"{name} {f1s[name]:.4f} / {aucs[name]:.4f}" for name in names) + f"; {asked:.0%} asked"

    best_band = None
    for low, high in itertools.product(BAND_LOWS, BAND_HIGHS):
        inside = [k for k in range(len(pairs)) if low <= lexical[k] <= high]
        w = fit_logistic([([1.0, lexical[k], cosines[k]], pairs[k][2], pairs[k][3]) for k in inside])
        stage = score.EncoderStage(low, high, 0, 0, w[0], w[1], w[2])
        f1s, aucs, asked = outcome(stage)
        print(f"encoder band [{low}, {high}]: dev F1 / AUC {shown(f1s, aucs, asked)}")
        value = sum(f1s.values()) / len(names)
        if best_band is None or value > best_band[0] + 1e-4:
            best_band = (value, stage)
    best = None
    for short, thin in [(0, 0)] + list(itertools.product(SHORT_CHARS, THIN_CHARS)):
        stage = replace(best_band[1], short=short, thin=thin)
        f1s, aucs, asked = outcome(stage)
        print(f"  and short <= {short} letters with <= {thin} evidence characters: {shown(f1s, aucs, asked)}")
        value = (sum(f1s.values()) + sum(aucs.values())) / len(names)
        if best is None or value > best[0] + 1e-4:
            best = (value, stage, f1s, aucs)
    _, stage, f1s, aucs = best
    fitted = {name: getattr(stage, name) for name in ("low", "high", "short", "thin")}
    fitted.update({name: round(getattr(stage, name), 4) for name in ("bias", "lexical", "cosine")})
    fitted["dev_f1_mean"] = round(sum(f1s.values()) / len(names), 4)
    fitted["dev_auc_mean"] = round(sum(aucs.values()) / len(names), 4)
    return fitted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--testsets", help="checkout of Helsinki-NLP/OPUS-MT-testsets (bench/pair_data.py)")
    parser.add_argument("--embeddings", type=Path, help="an .npz keeping dev embeddings between runs")
    args = parser.parse_args()
    zh, ko = load()
    fit, held = split(zh, ko)
    if rates.evidence_rates() != induce([(zh[i], ko[i]) for i in fit]):
        print(f"{rates.FILE[-1]} was not counted on these fit lines: run scripts/induce_pair_rates.py first")
        return 2
    testsets = testsets_path(args.testsets)
    dev_sets = pair_sets(testsets, "dev") if testsets else {}
    length = length_model(zh, ko, fit)
    fit_rows = cross_fitted_samples(zh, ko, fit, length, seed=1)
    for k, (dev_zh, dev_ko) in enumerate(dev_sets[name] for name in sorted(dev_sets)):
        fit_rows += rows_with_partners(dev_zh, dev_ko, length, seed=100 + k)
    held_rows = samples(zh, ko, held, length, seed=2)
    w = fit_monotone(fit_rows)
    previous = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    data = "FLORES-200 dev (zho_Hans, kor_Hang), CC BY-SA 4.0"
    if dev_sets:
        data += (
            "; the dev halves of Tatoeba kor-zho and eng-zho/eng-kor (CC BY 2.0 FR) and of NTREX-128 newstest2019 "
            "(CC BY-SA 4.0), as split by bench/pair_data.py"
        )
    model = {
        "made_by": "bench/calibrate_pairs.py",
        "data": data + "; only these fitted numbers are kept",
        "method": (
            f"weighted L2 ({L2}) logistic regression, evidence weights held to their sign, true pairs vs "
            f"{NEGATIVES_PER_TRUE} shuffled partners each (weight 1/3: even prior, so p is calibrated for a 50/50 "
            "candidate); the FLORES fit lines cross-fitted: each half scored with evidence rates "
            "(models/align/evidence_rates.tsv) counted on the other half; the other dev pairs scored with the "
            "shipped rates. Encoder stage: a logistic regression of the label on the lexical log-odds and the "
            "sentence encoder's cosine, fitted on the dev pairs inside the band chosen by dev F1; short Chinese sides "
            "with thin evidence also asked above the band, as chosen by dev F1 plus ROC AUC. Order bonus (prior "
            "log-odds of a bead on the alignment path), merge penalty and DP length weight by grid search, then with "
            "those fixed the weight of the encoder's check of merges in documents (aligner.py), "
            "on synthetic documents of the FLORES fit lines and of the NTREX dev documents (their own order)"
        ),
        "split": {"fit": f"lines 0..{fit[-1]}", "held_out": f"lines {held[0]}..{held[-1]}"},
        "bias": round(w[0], 4),
        "weights": {name: round(v, 4) for name, v in zip(FEATURES, w[1:])},
        "length": {"ratio": length.ratio, "variance": length.variance},
        "merge_penalty": 0.0,
        "order_bonus": 0.0,
        "dp_length_weight": 0.0,
        "merge_cosine": 0.0,
        "threshold": THRESHOLD,
        "fit_metrics": metrics(fit_rows, w),
        "held_out_metrics": metrics(held_rows, w),
    }
    if "optional" in previous:  # fitted elsewhere (e.g. bench/translation_similarity.py): kept as it was
        model["optional"] = previous["optional"]
    write(model)
    if dev_sets and encoder.available():
        encoder.CACHED_SENTENCES = 1 << 20  # the fit meets each dev sentence many times
        pairs = [(zh[i], ko[i], 1.0, 1.0, "flores") for i in fit]
        negatives = shuffled_pairs(fit, NEGATIVES_PER_TRUE, 5)
        pairs += [(zh[i], ko[j], 0.0, 1 / NEGATIVES_PER_TRUE, "flores") for i, j in negatives]
        for k, name in enumerate(sorted(dev_sets)):
            dev_zh, dev_ko = dev_sets[name]
            pairs += [(z, kk, 1.0, 1.0, name) for z, kk in zip(dev_zh, dev_ko)]
            partners = shuffled_partners(dev_zh, dev_ko, NEGATIVES_PER_TRUE, 200 + k)
            pairs += [(dev_zh[i], dev_ko[j], 0.0, 1 / NEGATIVES_PER_TRUE, name) for i, j in partners]
        if args.embeddings and args.embeddings.exists():
            with np.load(args.embeddings, allow_pickle=False) as kept:
                encoder._vectors.update(zip(kept["texts"].tolist(), kept["vectors"]))
        model["encoder"] = {**fit_encoder_stage(pairs), "package": f"{encoder.PACKAGE}=={encoder.version()}"}
        if args.embeddings:
            texts = list(encoder._vectors)
            np.savez(args.embeddings, texts=np.array(texts), vectors=np.array([encoder._vectors[t] for t in texts]))
        write(model)
    best = None
    docs = [doc for seed in (7, 1007, 2007) for doc in documents(zh, ko, fit, size=100, seed=seed)]
    if testsets:
        news = news_documents(testsets, "dev")
        docs += [
            make_document(d.zh, d.ko, list(range(len(d.zh))), seed + n)
            for seed in (7, 1007, 2007)
            for n, d in enumerate(news)
        ]
    # Each document's sentences analysed once, and each bead scored once for the whole grid.
    analysed = [([zh_side(t) for t in doc.src], [ko_side(t) for t in doc.tgt], {}) for doc in docs]

    def document_f1(settings: dict[str, float]) -> float:
        write({**model, **settings})
        counts = [0, 0, 0]
        for doc, (zs, ks, memo) in zip(docs, analysed):
            test = [(b.src, b.tgt) for b in aligner.align_records(zs, ks, scored=memo)]
            counts = [a + b for a, b in zip(counts, strict_f1(doc.gold, test))]
        value = f1(*counts)
        print(", ".join(f"{k} {v}" for k, v in settings.items()) + f": dev-document F1 {value:.4f}")
        return value

    # First the settings every unit uses, without the encoder's check of merges (a note unit never has it: its
    # merges must come out as they would without it); then, those fixed, the weight of the check in documents.
    for bonus, penalty, weight in itertools.product(BONUSES, PENALTIES, LENGTH_WEIGHTS):
        settings = {"merge_penalty": penalty, "order_bonus": bonus, "dp_length_weight": weight, "merge_cosine": 0.0}
        value = document_f1(settings)
        if best is None or value > best[0]:
            best = (value, settings)
    for cosine in MERGE_COSINES:
        settings = {**best[1], "merge_cosine": cosine}
        value = document_f1(settings)
        if value > best[0]:
            best = (value, settings)
    model.update(best[1])
    model["fit_document_f1"] = round(best[0], 4)
    write(model)
    print(
        json.dumps(
            {k: model[k] for k in ("weights", "bias", "length", *best[1])},
            ensure_ascii=False,
        )
    )
    print("encoder stage:", model.get("encoder"))
    print("fit:", model["fit_metrics"], "held out:", model["held_out_metrics"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

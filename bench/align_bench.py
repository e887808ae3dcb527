"""Pair-decision and alignment figures on held-out data, beside the anchors, and the speed of 1,000 x 1,000.

    .venv/bin/python bench/align_bench.py [--testsets ../OPUS-MT-testsets] [--no-speed]

Pair decision (is this Korean a translation of that Chinese?): each held-out true pair and one shuffled partner
per pair (seeded; never a pair sharing a side's text), accepted at p >= the model's threshold; F1 of the
"translation" class and ROC AUC of p, on FLORES-200 dev lines 600..996 and, with --testsets (bench/pair_data.py),
the test halves of the Tatoeba short conversational pairs (and their Mandarin part) and of the NTREX news
sentences. Anchors: the Dice coefficient of Sino-Korean reading syllables (threshold fitted on FLORES lines
0..599) and, when the encoder is installed, the encoder's cosine alone (threshold fitted on the same lines).
Alignment: strict F1 of match beads on synthetic documents (sentences merged 1-2 / 2-1 and deleted) built from
the FLORES held-out lines in their shuffled order and from the NTREX test documents in their own order, against
length-only Gale-Church. bench/calibrate_pairs.py fits on lines 0..599 and the dev halves only.
Timings are wall-clock on a shared machine: treat them as indicative.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from collections.abc import Callable

from flores import documents, f1, gale_church_gain, load, make_document, split, strict_f1
from pair_data import news_documents, pair_sets, short_pairs, shuffled_partners, testsets_path

from analyzer.align import aligner, encoder, score
from analyzer.align.beads import align_beads
from analyzer.align.readings import char_forms
from analyzer.align.score import ko_record, pair_model, pair_score, zh_record

Scorer = Callable[[str, str], float]


def auc(positives: list[float], negatives: list[float]) -> float:
    ordered = sorted(negatives)
    wins = 0.0
    for p in positives:
        below, upto = bisect.bisect_left(ordered, p), bisect.bisect_right(ordered, p)
        wins += below + (upto - below) / 2
    return wins / (len(positives) * len(negatives))


def decision(zh: list[str], ko: list[str], scorer: Scorer, threshold: float) -> tuple[float, float, float, float]:
    """(F1, AUC, recall, false-positive rate) of `scorer` on the true pairs and one shuffled partner each."""
    positives = [scorer(z, k) for z, k in zip(zh, ko)]
    negatives = [scorer(zh[i], ko[j]) for i, j in shuffled_partners(zh, ko, 1, seed=11)]
    tp = sum(p >= threshold for p in positives)
    fp = sum(p >= threshold for p in negatives)
    fn = len(positives) - tp
    return 2 * tp / (2 * tp + fp + fn), auc(positives, negatives), tp / len(positives), fp / len(negatives)


def reading_dice(chinese: str, korean: str) -> float:
    """The anchor: Dice coefficient of the Chinese characters' Sino-Korean readings and the Korean syllables."""
    readings = {form for ch in chinese for form in char_forms(ch)}
    syllables = {ch for ch in korean if "\uac00" <= ch <= "\ud7a3"}
    return 2 * len(readings & syllables) / (len(readings) + len(syllables)) if readings or syllables else 0.0


def fitted_threshold(zh: list[str], ko: list[str], scorer: Scorer) -> float:
    """The threshold with the best F1 on the fit lines (true pairs against one shuffled partner each)."""
    values = sorted(
        [(scorer(z, k), 1) for z, k in zip(zh, ko)]
        + [(scorer(zh[i], ko[j]), 0) for i, j in shuffled_partners(zh, ko, 1, seed=3)]
    )
    positives = sum(label for _, label in values)
    best, seen_pos = (0.0, 0.0), 0
    for seen, (value, label) in enumerate(values):  # accept everything at or above `value`
        tp, accepted = positives - seen_pos, len(values) - seen
        best = max(best, (2 * tp / (accepted + positives), value))
        seen_pos += label
    return best[1]


def alignment_f1(docs, aligner_fn) -> float:
    counts = [0, 0, 0]
    for doc in docs:
        counts = [a + b for a, b in zip(counts, strict_f1(doc.gold, aligner_fn(doc)))]
    return f1(*counts)


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--testsets", help="checkout of Helsinki-NLP/OPUS-MT-testsets (bench/pair_data.py)")
    parser.add_argument("--no-speed", action="store_true", help="skip the 1,000 x 1,000 timing")
    args = parser.parse_args()
    zh, ko = load()
    fit, held = split(zh, ko)
    testsets = testsets_path(args.testsets)
    model = pair_model()
    sets = {"FLORES held-out": ([zh[i] for i in held], [ko[i] for i in held])}
    if testsets:
        tested = pair_sets(testsets, "test")
        mandarin = [p for p in short_pairs(testsets, "test") if p.variety.startswith("cmn")]
        sets["short (Tatoeba test)"] = tested["short"]
        sets["  of which Mandarin"] = ([p.zh for p in mandarin], [p.ko for p in mandarin])
        sets["news (NTREX test)"] = tested["news"]
    else:
        print("(no --testsets: FLORES only; see bench/pair_data.py for the fetch step)")
    fit_zh, fit_ko = [zh[i] for i in fit], [ko[i] for i in fit]
    scorers: dict[str, tuple[Scorer, float]] = {
        "ours": (lambda z, k: pair_score(z, k).probability, model.threshold),
        "reading Dice": (reading_dice, fitted_threshold(fit_zh, fit_ko, reading_dice)),
    }
    if encoder.available():
        scorers["encoder cosine alone"] = (encoder.cosine, fitted_threshold(fit_zh, fit_ko, encoder.cosine))
    print("pair decision: true pairs + 1 shuffled partner each; F1 / ROC AUC (recall, false-positive rate)")
    for name, (set_zh, set_ko) in sets.items():
        cells = []
        for label, (scorer, threshold) in scorers.items():
            f, a, recall, fpr = decision(set_zh, set_ko, scorer, threshold)
            cells.append(f"{label} {f:.4f} / {a:.4f} ({recall:.3f}, {fpr:.3f})")
        print(f"  {name:<22} n={len(set_zh):<5} " + "  |  ".join(cells))
    flores_docs = [doc for seed in (3, 1003, 2003) for doc in documents(zh, ko, held, size=100, seed=seed)]
    doc_sets = {"FLORES held-out (shuffled lines)": flores_docs}
    if testsets:
        news = news_documents(testsets, "test")
        doc_sets["NTREX test (own order)"] = [
            make_document(d.zh, d.ko, list(range(len(d.zh))), seed + n)
            for seed in (3, 1003, 2003)
            for n, d in enumerate(news)
        ]
    print("alignment strict F1 of match beads (10% 1-2, 10% 2-1, 5% 1-0, 5% 0-1):")
    for name, docs in doc_sets.items():
        beads = sum(len(d.gold) for d in docs)
        print(
            f"  {name:<34} {len(docs)} documents, {beads} beads: ours {alignment_f1(docs, ours):.4f}, "
            f"Gale-Church length-only {alignment_f1(docs, gale_church):.4f}"
        )
    if not args.no_speed:
        lines = [i % len(zh) for i in range(1000)]
        score.zh_record.cache_clear()
        score.ko_record.cache_clear()
        started, cpu = time.perf_counter(), time.process_time()
        beads_out = aligner.align([zh[i] for i in lines], [ko[i] for i in lines])
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"align 1,000 x 1,000 sentences (sentence analysis and encoder included): {seconds:.2f} s wall, "
            f"{cpu_seconds:.2f} s CPU ({len(beads_out)} beads)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fit how much machine-translation similarity moves a pair's log-odds: models/translate/similarity.json.

The rule (analyzer/align/translation.py): a pair's log-odds gain log P(s | translation) / P(s | unrelated)
for its similarity s, modelled as `bias + weight * s` per language the two sides are compared in (en when
zh→en and ko→en are installed, ko for zh→ko, zh for ko→zh), capped at `max_shift`: the strongest ratio the
sample can show (all n translations and no unrelated piece, add-half smoothing), since past it the line would
be extrapolated. Balanced classes make a logistic regression's logit that log-likelihood ratio, so each
language gets a weighted L2 logistic regression of translation vs unrelated on s alone (3 unrelated partners
per translation, weight 1/3, as bench/calibrate_pairs.py). Added to the pair model's calibrated log-odds it
is a naive-Bayes update: it assumes s tells nothing the pair model's features (readings, glossary, length)
already told, which over-counts a little.

No real translation package can be fetched on the development machines, so reference translations stand in
for machine output (FLORES-200 dev): two machine translations of one note are two renderings of one meaning.
- FLORES has two independent human Chinese translations of each English sentence, zho_Hans and zho_Hant
  (OpenCC t2s). They set the noise level: each word is kept with probability `keep`, else swapped for the
  word at its place in an unrelated text, with `keep` chosen so that this noise on zho_Hans (jieba words)
  gives the zho_Hans / zho_Hant median similarity.
- Notes are short (a clause: "头太大了，请缩小一点"), so pieces are FLORES clauses (split at , ; : and
  sentence ends; en median 10 words), each compared with its noisy copy (translation) and with noisy copies
  of clauses of other lines (unrelated). Fit on lines 0..599, measured on 600..996.
Real packages translate worse than people do, so the stand-in over-states the evidence: refit with
`--installed` once real packages are installed (it then measures the installed route on FLORES sentences).

Usage: .venv/bin/python bench/translation_similarity.py [--installed] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import re
import statistics
import sys
from functools import cache
from pathlib import Path

from flores import FLORES, _clean, shuffled_pairs

from analyzer.align.translation import similarity_model, text_similarity

OUT = Path(__file__).resolve().parent.parent / "models" / "translate" / "similarity.json"
FIT_LINES = 600
NEGATIVES_PER_TRUE = 3
L2 = 0.01  # as bench/calibrate_pairs.py
FILES = {"en": "eng_Latn.dev", "ko": "kor_Hang.dev", "zh": "zho_Hans.dev"}
_CLAUSE = re.compile(r"[,;:，；：。！？]\s*|(?<=[.!?])\s+")
Row = tuple[float, float, float]  # (similarity, 1 for a translation / 0 for unrelated, sample weight)


@cache
def lines(lang: str) -> tuple[str, ...]:
    return tuple(_clean(x) for x in (FLORES / FILES[lang]).read_text(encoding="utf-8").splitlines())


@cache
def hant_in_simplified() -> tuple[str, ...]:
    """FLORES zho_Hant, an independent human translation of the English, in Simplified characters."""
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    return tuple(to_simplified.convert(_clean(x)) for x in (FLORES / "zho_Hant.dev").read_text("utf-8").splitlines())


def words(text: str, lang: str) -> list[str]:
    if lang != "zh":
        return text.split()
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut(text)


def join(tokens: list[str], lang: str) -> str:
    return "".join(tokens) if lang == "zh" else " ".join(tokens)


def swap_words(tokens: list[str], other: list[str], keep: float, rng: random.Random) -> list[str]:
    """Each word kept with probability `keep`, else replaced by the word at its place in an unrelated text."""
    return [w if rng.random() < keep or k >= len(other) else other[k] for k, w in enumerate(tokens)]


def calibrate_keep(indices: list[int]) -> tuple[float, float]:
    """(keep, target): the noise level at which noisy zho_Hans matches the zho_Hans / zho_Hant median similarity."""
    hans, hant = lines("zh"), hant_in_simplified()
    target = statistics.median(text_similarity(hans[i], hant[i], "zh") for i in indices)
    tokens = {i: words(hans[i], "zh") for i in indices}
    partner = {i: indices[(k + 7) % len(indices)] for k, i in enumerate(indices)}

    def median_at(keep: float) -> float:
        rng = random.Random(3)
        noisy = {i: join(swap_words(tokens[i], tokens[partner[i]], keep, rng), "zh") for i in indices}
        return statistics.median(text_similarity(hans[i], noisy[i], "zh") for i in indices)

    low, high = 0.0, 1.0
    for _ in range(16):
        mid = (low + high) / 2
        low, high = (mid, high) if median_at(mid) < target else (low, mid)
    return round((low + high) / 2, 3), round(target, 4)


def clauses(text: str, lang: str) -> list[str]:
    """Note-sized pieces of a FLORES sentence: its clauses of at least 3 words (2 Korean words, 4 Han characters)."""
    minimum = {"en": 3, "ko": 2, "zh": 4}[lang]
    pieces = (p.strip() for p in _CLAUSE.split(text))
    return [p for p in pieces if p and (len(p) if lang == "zh" else len(p.split())) >= minimum]


def stand_in_rows(lang: str, indices: list[int], keep: float, seed: int) -> list[Row]:
    """Clauses against a noisy copy of themselves (translations) and of clauses of other lines (unrelated)."""
    rng = random.Random(seed)
    pieces = [(i, c) for i in indices for c in clauses(lines(lang)[i], lang)]
    tokens = [words(c, lang) for _, c in pieces]
    rows: list[Row] = []
    for k, (line, clause) in enumerate(pieces):
        other = tokens[rng.randrange(len(pieces))]
        rows.append((text_similarity(clause, join(swap_words(tokens[k], other, keep, rng), lang), lang), 1.0, 1.0))
        for _ in range(NEGATIVES_PER_TRUE):
            m = rng.randrange(len(pieces))
            while pieces[m][0] == line:
                m = rng.randrange(len(pieces))
            noisy = join(swap_words(tokens[m], tokens[rng.randrange(len(pieces))], keep, rng), lang)
            rows.append((text_similarity(clause, noisy, lang), 0.0, 1 / NEGATIVES_PER_TRUE))
    return rows


def installed_rows(indices: list[int], seed: int) -> tuple[str, list[Row]]:
    """(language, rows) of FLORES sentence pairs compared through the installed packages."""
    from analyzer.align import translation

    zh, ko = lines("zh"), lines("ko")
    measured: dict[tuple[int, int], tuple[float, str]] = {}

    def similarity(i: int, j: int) -> float:
        found = translation.measured_similarity(zh[i], ko[j])
        measured[i, j] = (found[0], found[1]) if found else (0.0, "")
        return measured[i, j][0]

    rows = [(similarity(i, i), 1.0, 1.0) for i in indices]
    rows += [
        (similarity(i, j), 0.0, 1 / NEGATIVES_PER_TRUE) for i, j in shuffled_pairs(indices, NEGATIVES_PER_TRUE, seed)
    ]
    langs = {lang for _, lang in measured.values() if lang}
    if len(langs) != 1:
        raise SystemExit(f"the installed packages compared FLORES pairs in {sorted(langs) or 'no language'}")
    return langs.pop(), rows


def _p(z: float) -> float:
    return 1 / (1 + math.exp(-max(min(z, 40), -40)))


def fit_log_lr(rows: list[Row]) -> tuple[float, float]:
    """(bias, weight) of the logit, by Newton's method on the weighted, L2-regularised (weight only) log-likelihood."""
    b = w = 0.0
    for _ in range(50):
        gb = gw = hbb = hbw = hww = 0.0
        for s, y, weight in rows:
            p = _p(b + w * s)
            g, h = weight * (p - y), weight * p * (1 - p)
            gb, gw = gb + g, gw + g * s
            hbb, hbw, hww = hbb + h, hbw + h * s, hww + h * s * s
        gw, hww = gw + L2 * w, hww + L2
        det = hbb * hww - hbw * hbw
        step_b, step_w = (hww * gb - hbw * gw) / det, (hbb * gw - hbw * gb) / det
        b, w = b - step_b, w - step_w
        if max(abs(step_b), abs(step_w)) < 1e-9:
            break
    return b, w


def max_shift(rows: list[Row]) -> float:
    """The strongest evidence the sample can show: every translation, no unrelated piece, add-half smoothing."""
    translations = sum(weight for _, y, weight in rows if y)
    return math.log((translations + 0.5) / 0.5)


def metrics(rows: list[Row], bias: float, weight: float, cap: float) -> dict[str, float]:
    """Accuracy and Brier score of the similarity alone as a translation-vs-unrelated test (even prior)."""
    total = correct = brier = 0.0
    for s, y, row_weight in rows:
        p = _p(min(bias + weight * s, cap))
        total += row_weight
        correct += row_weight * ((p >= 0.5) == (y == 1.0))
        brier += row_weight * (p - y) ** 2
    return {"accuracy": round(correct / total, 4), "brier": round(brier / total, 4)}


def _quantiles(values: list[float]) -> dict[str, float]:
    q = statistics.quantiles(values, n=20)
    return {"p05": round(q[0], 3), "median": round(statistics.median(values), 3), "p95": round(q[-1], 3)}


def entry(fit_rows: list[Row], held_rows: list[Row]) -> dict:
    bias, weight = fit_log_lr(fit_rows)
    cap = max_shift(fit_rows)
    return {
        "weight": round(weight, 4) + 0.0,  # + 0.0: no "-0.0" in the file
        "bias": round(bias, 4) + 0.0,
        "max_shift": round(cap, 4),  # the line is not extrapolated past the evidence the sample can show
        # The similarity that leaves a pair's score unchanged (none when the similarity tells nothing).
        "neutral_similarity": round(-bias / weight, 4) + 0.0 if weight > 0 else None,
        "held_out": {
            "translations": _quantiles([s for s, y, _ in held_rows if y]),
            "unrelated": _quantiles([s for s, y, _ in held_rows if not y]),
            "similarity_alone": metrics(held_rows, bias, weight, cap),
            "pieces": sum(1 for _, y, _ in held_rows if y),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installed", action="store_true", help="measure the installed packages' route instead")
    parser.add_argument("--no-write", action="store_true", help="print, do not write models/translate/similarity.json")
    args = parser.parse_args()
    n = len(lines("zh"))
    fit, held = list(range(FIT_LINES)), list(range(FIT_LINES, n))
    if args.installed:
        lang, fit_rows = installed_rows(fit, seed=1)
        _, held_rows = installed_rows(held, seed=2)
        doc = {**similarity_model(), "made_by": "bench/translation_similarity.py --installed"}
        doc["stand_in"] = {**doc["stand_in"], lang: "none: measured with the installed packages on FLORES sentences"}
        doc["languages"] = {**doc["languages"], lang: entry(fit_rows, held_rows)}
    else:
        keep, target = calibrate_keep(fit)
        doc = {
            "made_by": "bench/translation_similarity.py",
            "data": "FLORES-200 dev (eng_Latn, kor_Hang, zho_Hans, zho_Hant), CC BY-SA 4.0; only these fitted numbers",
            "rule": (
                "log-odds shift = min(bias + weight * similarity, max_shift), added to the pair model's log-odds "
                "(naive Bayes); max_shift = log((n + 0.5) / 0.5) for n translation pieces, the strongest ratio "
                "the sample can show"
            ),
            "method": (
                f"per language, weighted L2 ({L2}) logistic regression of translation vs unrelated on the similarity "
                f"alone, {NEGATIVES_PER_TRUE} unrelated partners per translation (weight 1/{NEGATIVES_PER_TRUE}: "
                f"even prior, so the logit is the log-likelihood ratio); lines 0..{FIT_LINES - 1} fit, "
                f"{FIT_LINES}..{n - 1} held out"
            ),
            "stand_in": {
                "all": "reference translations for machine output, in note-sized pieces (FLORES clauses)",
                "noise": (
                    f"a translation is its piece with each word kept with probability {keep}, else swapped for a word "
                    f"of an unrelated piece; {keep} makes that noise on zho_Hans give the zho_Hans / zho_Hant "
                    f"(two human translations) median similarity {target}"
                ),
            },
            "languages": {
                lang: entry(stand_in_rows(lang, fit, keep, seed=1), stand_in_rows(lang, held, keep, seed=2))
                for lang in FILES
            },
        }
    for lang, fitted in doc["languages"].items():
        print(f"{lang}: {json.dumps(fitted, ensure_ascii=False)}")
    if not args.no_write:
        OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        similarity_model.cache_clear()
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

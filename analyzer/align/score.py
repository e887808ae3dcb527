"""The probability that a Korean text translates a Chinese one, from features a reviewer can read.

Features: Sino-Korean reading overlap (characters and whole words), and a length
ratio prior in the spirit of Gale-Church. The logistic weights are fitted on
FLORES-200 dev (true pairs against shuffled ones) by bench/calibrate_pairs.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from analyzer.align.glossary import glossary_matches
from analyzer.align.readings import reading_overlap

# Korean letters per Chinese character in translations (log scale), mean and spread.
LENGTH_LOG_RATIO_MEAN = 0.30
LENGTH_LOG_RATIO_SD = 0.30
WEIGHTS = {"bias": -3.2, "word_cov": 7.0, "char_cov": 2.5, "length": -0.6}
PAIR_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class PairScore:
    probability: float
    features: dict[str, float]
    evidence: dict[str, Any]


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def pair_score(chinese: str, korean: str) -> PairScore:
    overlap = reading_overlap(chinese, korean)
    glossed = glossary_matches(chinese, korean)
    han = max(overlap.han_chars, 1)
    explained = set(overlap.word_positions)
    for start, end, _, _ in glossed:
        explained.update(range(start, end))
    zh_len, ko_len = max(_letters(chinese), 1), max(_letters(korean), 1)
    length_z = (math.log(ko_len / zh_len) - LENGTH_LOG_RATIO_MEAN) / LENGTH_LOG_RATIO_SD
    features = {
        "word_cov": min(1.0, len(explained) / han),
        "char_cov": overlap.matched_chars / han,
        "length": min(abs(length_z), 6.0),
    }
    z = WEIGHTS["bias"] + sum(WEIGHTS[name] * value for name, value in features.items())
    probability = 1.0 / (1.0 + math.exp(-z))
    evidence = {
        "readings": [{"zh": zh, "ko": ko} for zh, ko in overlap.words],
        "glossary": [{"zh": zh, "ko": ko} for _, _, zh, ko in glossed],
        "matched_chars": overlap.matched_chars,
        "han_chars": overlap.han_chars,
        "length_ratio": round(ko_len / zh_len, 3),
    }
    return PairScore(round(probability, 4), {k: round(v, 4) for k, v in features.items()}, evidence)

"""The calibrated probability that a Korean text translates a Chinese one, from features a reviewer can read.

Weights, the Gale-Church length model and the merge penalty live in
models/align/pair_model.json, fitted on FLORES-200 dev (true pairs against shuffled
ones) by bench/calibrate_pairs.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from analyzer.align.direction import text_signals, verdict
from analyzer.align.extra import OPTIONAL_FEATURES, OptionalFeature
from analyzer.align.features import FEATURES, KoSide, LengthModel, ZhSide, features, ko_side, match, zh_side
from analyzer.resources import model_path
from analyzer.text.odds import sigmoid


@dataclass(frozen=True, slots=True)
class PairModel:
    bias: float
    weights: dict[str, float]
    length: LengthModel
    merge_penalty: float  # subtracted from a 2-1 / 1-2 bead's log-odds (fitted on documents; may be negative)
    order_bonus: float  # prior log-odds added to a match bead in the DP: in-order neighbours are likelier pairs
    dp_length_weight: float  # extra weight of the Gale-Church cost on a bead in the DP (fitted on documents)
    threshold: float  # probability at which a pair is reported (relay.zh-ko-pair)
    optional: dict[str, dict[str, float]]  # optional feature -> {"weight": w, "bias": shift}

    def log_odds(self, values: dict[str, float]) -> float:
        return self.bias + sum(self.weights[name] * values[name] for name in FEATURES)


@cache
def pair_model() -> PairModel:
    with open(model_path("align", "pair_model.json"), encoding="utf-8") as handle:
        raw = json.load(handle)
    return PairModel(
        bias=raw["bias"],
        weights=raw["weights"],
        length=LengthModel(raw["length"]["ratio"], raw["length"]["variance"]),
        merge_penalty=raw["merge_penalty"],
        order_bonus=raw.get("order_bonus", 0.0),
        dp_length_weight=raw.get("dp_length_weight", 0.0),
        threshold=raw["threshold"],
        optional=raw.get("optional", {}),
    )


@cache
def active_optional() -> tuple[OptionalFeature, ...]:
    model = pair_model()
    return tuple(f for f in OPTIONAL_FEATURES if f.name in model.optional and f.available())


def optional_log_odds(chinese: str, korean: str) -> tuple[float, dict[str, float]]:
    shift, values = 0.0, {}
    for feature in active_optional():
        fitted = pair_model().optional[feature.name]
        values[feature.name] = feature.compute(chinese, korean)
        shift += fitted.get("bias", 0.0) + fitted["weight"] * values[feature.name]
    return shift, values


@lru_cache(maxsize=256)  # a unit's sentences meet in several pairing rounds; large caches cost memory
def zh_record(text: str) -> ZhSide:
    return zh_side(text)


@lru_cache(maxsize=256)
def ko_record(text: str) -> KoSide:
    return ko_side(text)


@dataclass(frozen=True, slots=True)
class PairScore:
    probability: float
    features: dict[str, float]
    evidence: dict[str, Any]


def _outermost(hits: tuple[tuple[int, int, str, str], ...]) -> list[tuple[int, int, str, str]]:
    """Glossary hits not inside a longer hit: 头部 -> 머리 is shown, 头 -> 머리 within it is not."""
    return [h for h in hits if not any(o != h and o[0] <= h[0] and h[1] <= o[1] for o in hits)]


def pair_score(chinese: str, korean: str) -> PairScore:
    """Probability that `korean` translates `chinese`, with the features and the evidence behind it."""
    model = pair_model()
    z, k = zh_record(chinese), ko_record(korean)
    found = match(z, k)
    values = features(z, k, model.length, found)
    shift, extra = optional_log_odds(chinese, korean)
    p = sigmoid(model.log_odds(values) + shift)
    words = sorted(
        {(z.text[s : s + 2], b) for b in found.bigrams for s in z.by_bigram[b]}, key=lambda w: chinese.find(w[0])
    )
    evidence = {
        "readings": [{"zh": zh, "ko": ko} for zh, ko in words],
        "glossary": [{"zh": term, "ko": form} for _, _, term, form in _outermost(found.gloss)],
        "matched_chars": len(found.chars | found.words | found.glossed),
        "han_chars": sum(1 for w in z.weights if w),
        "shared_tokens": sorted(z.tokens & k.tokens),
        "length_ratio": round(k.length / max(z.length, 1), 3),
        "direction": verdict(text_signals(z, k, found)),
    }
    rounded = {name: round(v, 4) for name, v in {**values, **extra}.items()}
    return PairScore(round(p, 4), rounded, evidence)

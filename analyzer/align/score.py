"""The calibrated probability that a Korean text translates a Chinese one, from features a reviewer can read.

Weights, the Gale-Church length model and the merge penalty live in
models/align/pair_model.json, fitted on FLORES-200 dev (true pairs against shuffled
ones) by bench/calibrate_pairs.py.
"""

from __future__ import annotations

import json
from dataclasses import field, replace
from functools import cache, lru_cache
from operator import mul
from typing import Any

from analyzer.align import encoder, translation
from analyzer.align.direction import text_signals, verdict
from analyzer.align.extra import OPTIONAL_FEATURES, OptionalFeature
from analyzer.align.features import FEATURES, feature_values
from analyzer.align.length import LengthModel
from analyzer.align.matching import Match, match
from analyzer.align.records import KoSide, ZhSide, ko_side, zh_side
from analyzer.align.words import words_covering
from analyzer.model import record
from analyzer.resources import model_path
from analyzer.text.odds import logit, sigmoid


@record
class EncoderStage:
    """Where the lexical log-odds is unsure, the pair's log-odds is refitted from it and the sentence encoder's cosine:
    `bias + lexical * log_odds + cosine * cos` (fitted by bench/calibrate_pairs.py on dev pairs inside the band)."""

    low: float  # lexical log-odds below this: unrelated, whatever the encoder says
    high: float  # above this: a translation, no need to ask, unless the evidence is thin (below)
    short: int  # a Chinese side of at most this many letters whose evidence rests on at most `thin` characters
    thin: int  # is unsure up to any log-odds: a glossed 不是 or 什么 and a name decide it (去打汤姆 -> 메리는 톰과 ...)
    bias: float
    lexical: float
    cosine: float

    def unsure(self, log_odds: float, z: ZhSide, evidence_chars: int) -> bool:
        """Whether to ask the encoder; `evidence_chars`: the Chinese characters read, glossed or named in the Korean."""
        if log_odds < self.low:
            return False
        return log_odds <= self.high or (z.length <= self.short and evidence_chars <= self.thin)

    def log_odds(self, lexical: float, cosine: float) -> float:
        return self.bias + self.lexical * lexical + self.cosine * cosine


@record
class PairModel:
    bias: float
    weights: dict[str, float]
    length: LengthModel
    merge_penalty: float  # subtracted from a 2-1 / 1-2 bead's log-odds (fitted on documents; may be negative)
    order_bonus: float  # prior log-odds added to a match bead in the DP: in-order neighbours are likelier pairs
    dp_length_weight: float  # extra weight of the Gale-Church cost on a bead in the DP (fitted on documents)
    merge_cosine: float  # DP gain of a merge checked with the encoder, per unit of cosine it adds to its better half
    threshold: float  # probability at which a pair is reported (relay.zh-ko-pair)
    optional: dict[str, dict[str, float]]  # optional feature -> {"weight": w, "bias": shift}
    encoder: EncoderStage | None = None
    ordered: tuple[float, ...] = field(init=False)  # the weights in FEATURES order: every bead the DP scores is weighed

    def __post_init__(self) -> None:
        object.__setattr__(self, "ordered", tuple(self.weights[name] for name in FEATURES))

    def log_odds(self, values: dict[str, float]) -> float:
        """The log-odds of features by name."""
        return self.ordered_log_odds(tuple(map(values.__getitem__, FEATURES)))

    def ordered_log_odds(self, ordered: tuple[float, ...]) -> float:
        """The log-odds of the features in FEATURES order (features.feature_values)."""
        return self.bias + sum(map(mul, self.ordered, ordered))

    def stage(self) -> EncoderStage | None:
        """The encoder stage when it is fitted and its package installed."""
        return self.encoder if self.encoder is not None and encoder.available() else None


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
        merge_cosine=raw.get("merge_cosine", 0.0),
        threshold=raw["threshold"],
        optional=raw.get("optional", {}),
        encoder=EncoderStage(**{k: raw["encoder"][k] for k in EncoderStage.__slots__}) if "encoder" in raw else None,
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


@record
class PairScore:
    probability: float
    features: dict[str, float]
    evidence: dict[str, Any]


def _outermost(hits: tuple[tuple[int, int, str, str], ...]) -> list[tuple[int, int, str, str]]:
    """Glossary hits not inside a longer hit: 头部 -> 머리 is shown, 头 -> 머리 within it is not."""
    if len(hits) < 2:
        return list(hits)
    # A hit's (start, end) names its term, so "inside another hit" is "inside a different span": of the hits starting
    # at one offset only the longest can be outside every other, and it is when it reaches past all that start before.
    furthest: dict[int, int] = {}
    for hit in hits:
        if furthest.get(hit[0], -1) < hit[1]:
            furthest[hit[0]] = hit[1]
    outer: dict[int, int] = {}  # start -> end of the outermost hits
    reach = -1
    for start in sorted(furthest):
        if furthest[start] > reach:
            outer[start] = reach = furthest[start]
    return list(hits) if len(outer) == len(hits) else [h for h in hits if outer.get(h[0]) == h[1]]


def _matched(found: Match) -> frozenset[int]:
    """Offsets of the Chinese characters with evidence in the Korean: read, glossed, or part of a found name."""
    chars = found.chars.union(found.words, found.loose, found.glossed)  # one new set: counted or sorted, never summed
    if found.translit:  # (most pairs have no name: no set of them to build)
        chars |= {i for start, _ in found.translit for i in (start, start + 1)}
    return chars


def evidence_chars(found: Match) -> int:
    """How many Chinese characters the pair's evidence rests on (EncoderStage.unsure)."""
    return len(_matched(found))


@record
class Lexical:
    """What the lexical evidence says about a pair: what the Korean shares with the Chinese, the features, and the
    pair model's log-odds of them."""

    found: Match
    ordered: tuple[float, ...]  # the features in FEATURES order
    log_odds: float

    @property
    def values(self) -> dict[str, float]:
        """The features by name (a reported pair shows them; the DP reads `ordered`)."""
        return dict(zip(FEATURES, self.ordered))

    @property
    def length_cost(self) -> float:
        return self.ordered[LENGTH_COST]


LENGTH_COST = FEATURES.index("length_cost")


def lexical(z: ZhSide, k: KoSide) -> Lexical:
    model = pair_model()
    found = match(z, k)
    ordered = feature_values(z, k, model.length, found)
    return Lexical(found, ordered, model.ordered_log_odds(ordered))


def pair_score(chinese: str, korean: str) -> PairScore:
    """Probability that `korean` translates `chinese`, with the features and the evidence behind it."""
    return score_records(zh_record(chinese), ko_record(korean))


def score_records(z: ZhSide, k: KoSide, ask_encoder: bool = True, analysed: Lexical | None = None) -> PairScore:
    """`pair_score` of two sentences already analysed; without `ask_encoder`, an unsure pair keeps its lexical score
    (a unit's caller asks only about what its alignment already embedded, so the encoder's work stays bounded).
    `analysed`: the pair's `lexical` analysis when the caller has it (the alignment scored the bead)."""
    model = pair_model()
    chinese, korean = z.text, k.text
    analysed = analysed or lexical(z, k)
    found, log_odds = analysed.found, analysed.log_odds
    shift, extra = optional_log_odds(chinese, korean)
    stage = model.stage()
    matched = _matched(found)
    if stage is not None and ask_encoder and stage.unsure(log_odds, z, len(matched)):
        extra["lexical_log_odds"] = log_odds
        extra["encoder_cosine"] = encoder.cosine(chinese, korean)
        log_odds = stage.log_odds(log_odds, extra["encoder_cosine"])
    p = sigmoid(log_odds + shift)  # an optional feature's shift is a naive-Bayes update of whatever decided
    words = sorted(
        {(z.text[s : s + 2], b) for b in found.bigrams for s in z.by_bigram[b]}, key=lambda w: chinese.find(w[0])
    )
    evidence = {
        "readings": [{"zh": zh, "ko": ko} for zh, ko in words],
        "glossary": [{"zh": term, "ko": form} for _, _, term, form in _outermost(found.gloss)],
        "matched_chars": len(found.chars | found.words | found.glossed),
        "han_chars": len(z.weights) - z.weights.count(0.0),  # the characters with a reading
        "shared_tokens": sorted(z.tokens & k.tokens),
        "length_ratio": round(k.length / max(z.length, 1), 3),
        "direction": verdict(text_signals(z, k, found)),
        # Whole Chinese words holding matched evidence, as offsets into the Chinese text (for highlighting).
        "zh_words": [{"start": a, "end": b, "text": chinese[a:b]} for a, b in words_covering(z.simple, matched)],
    }
    if "encoder_cosine" in extra:
        evidence["encoder"] = {
            "cosine": round(extra["encoder_cosine"], 4),
            "lexical_p": round(sigmoid(extra["lexical_log_odds"]), 4),
        }
    # Lexical.values, rounded; half the features are 0.0 in most pairs, which rounding leaves as they are (-0.0 too).
    rounded = dict(zip(FEATURES, [value if value == 0.0 else round(value, 4) for value in analysed.ordered]))
    for name, value in extra.items():
        rounded[name] = round(value, 4)
    return PairScore(round(p, 4), rounded, evidence)


def with_translation_similarity(scored: PairScore, zh: str, ko: str) -> PairScore:
    """The pair's score with its MT similarity counted (once) and shown as evidence; unchanged without models.

    When pair_model.json lists the optional feature, score.py has already added the shift: only the evidence
    is added here. Otherwise the shift is added to the pair's log-odds here.
    """
    if not translation.mt.enabled():
        return scored
    found = translation.measured_similarity(zh, ko)
    if found is None:
        return scored
    similarity, lang, packages = found
    shift = translation.similarity_shift(similarity, lang)
    evidence = {
        **scored.evidence,
        "translation": {"similarity": round(similarity, 4), "lang": lang, "via": packages, "shift": round(shift, 4)},
    }
    probability = scored.probability
    if translation.FEATURE not in scored.features:
        p = min(max(scored.probability, 1e-6), 1 - 1e-6)
        probability = round(sigmoid(logit(p) + shift), 4)
    features = {**scored.features, "mt_sim": round(similarity, 4), translation.FEATURE: round(shift, 4)}
    return replace(scored, probability=probability, features=features, evidence=evidence)

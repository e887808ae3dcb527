"""Machine-translation evidence, when argostranslate packages are installed: pair similarity and note MT.

`translation_similarity` compares a Chinese and a Korean text in one language (both in English when
zh→en and ko→en are installed, else one side translated into the other); `note_translation` gives a
note's English machine translation for reports. Both are None when no installed package serves them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from analyzer.align.score import PairScore
from analyzer.engines import translate as mt
from analyzer.model import Segment, Translation

# Character n-gram sizes by language: short n-grams match between any two English texts (letters, "th"),
# so English uses 3-5; Hangul and Han syllables carry more, so 2-3. On FLORES-200 dev, unrelated sentence
# pairs then score a median 0.03 (en) / 0.02 (ko), sentences sharing 30% of their words 0.29 / 0.31
# (bench/translation_similarity.py).
NGRAMS = {"en": (3, 5)}
DEFAULT_NGRAMS = (2, 3)
# Provisional, not fitted: no real zh/ko/en package can be fetched on the development machines. The
# calibrated model in score.py is to take `mt_sim` as a feature once fitted on FLORES-200 with real packages.
MT_WEIGHT = 8.0
MT_CENTER = 0.12  # similarity that leaves the probability unchanged: above unrelated texts' p95


def text_similarity(a: str, b: str, lang: str = "en") -> float:
    """Character n-gram F1 averaged over the language's n-gram sizes (case and spaces ignored), chrF-style."""
    a, b = "".join(a.casefold().split()), "".join(b.casefold().split())
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    low, high = NGRAMS.get(lang, DEFAULT_NGRAMS)
    scores = []
    for n in range(low, high + 1):
        grams_a = Counter(a[i : i + n] for i in range(len(a) - n + 1))
        grams_b = Counter(b[i : i + n] for i in range(len(b) - n + 1))
        if not grams_a or not grams_b:
            break
        overlap = sum((grams_a & grams_b).values())
        scores.append(2 * overlap / (sum(grams_a.values()) + sum(grams_b.values())))
    return sum(scores) / len(scores) if scores else 0.0


@lru_cache(maxsize=65536)
def _similarity(zh: str, ko: str) -> tuple[float, str, tuple[str, ...]] | None:
    if mt.route("zh", "en") and mt.route("ko", "en"):
        zh_en, ko_en = mt.translate(zh, "zh", "en"), mt.translate(ko, "ko", "en")
        if zh_en and ko_en:
            return text_similarity(zh_en[0], ko_en[0], "en"), "en", zh_en[1] + ko_en[1]
    for src, tgt, text, reference in (("zh", "ko", zh, ko), ("ko", "zh", ko, zh)):
        translated = mt.translate(text, src, tgt)
        if translated:
            return text_similarity(translated[0], reference, tgt), tgt, translated[1]
    return None


def translation_similarity(zh: str, ko: str) -> float | None:
    """How alike the two texts are once machine-translated into one language, in [0, 1]; None without models."""
    if not mt.enabled():
        return None
    found = _similarity(zh, ko)
    return None if found is None else round(found[0], 4)


def with_translation_similarity(scored: PairScore, zh: str, ko: str) -> PairScore:
    """HOOK (issue 9): shift a pair's log-odds by its MT similarity until score.py fits it as a feature."""
    if not mt.enabled():
        return scored
    found = _similarity(zh, ko)
    if found is None:
        return scored
    similarity, lang, packages = found
    p = min(max(scored.probability, 1e-6), 1 - 1e-6)
    z = math.log(p / (1 - p)) + MT_WEIGHT * (similarity - MT_CENTER)
    evidence = {**scored.evidence, "translation": {"similarity": round(similarity, 4), "lang": lang, "via": packages}}
    return replace(
        scored,
        probability=round(1.0 / (1.0 + math.exp(-z)), 4),
        features={**scored.features, "mt_sim": round(similarity, 4)},
        evidence=evidence,
    )


def note_translation(text: str, segments: tuple[Segment, ...] | list[Segment]) -> Translation | None:
    """The note in English: its Chinese and Korean runs machine-translated, the rest kept; None without models."""
    if not mt.enabled() or not any(s.lang in ("zh", "ko") for s in segments):
        return None
    pieces: list[str] = []
    used: list[str] = []
    cursor = 0
    for seg in sorted(segments, key=lambda s: s.start):
        if seg.start < cursor:
            continue
        pieces.append(text[cursor : seg.start])
        lang = "zt" if seg.variant == "Hant" else seg.lang  # Traditional Chinese packages first, when installed
        translated = mt.translate(text[seg.start : seg.end], lang, "en") if seg.lang in ("zh", "ko") else None
        pieces.append(translated[0] if translated else text[seg.start : seg.end])
        used.extend(name for name in (translated[1] if translated else ()) if name not in used)
        cursor = seg.end
    pieces.append(text[cursor:])
    return Translation("en", "".join(pieces).strip(), tuple(used)) if used else None

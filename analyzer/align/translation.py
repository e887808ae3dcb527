"""Machine-translation evidence, when argostranslate packages are installed: pair similarity and note MT.

`measured_similarity` compares a Chinese and a Korean text in one language (both in English when
zh→en and ko→en are installed, else one side translated into the other); `note_translation` gives a
note's English machine translation for reports. Both are None when no installed package serves them.
score.py counts the similarity in a pair's score (`with_translation_similarity`).

The similarity s counts in a pair's score as a naive-Bayes update of its log-odds: the log-likelihood ratio
log P(s | translation) / P(s | unrelated), modelled per comparison language as `bias + weight * s` and capped
at `max_shift` (models/translate/similarity.json, fitted by bench/translation_similarity.py on FLORES-200
dev with reference translations standing in for machine output; refit with `--installed` on real packages).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from functools import cache, lru_cache
from typing import Any

from analyzer.engines import translate as mt
from analyzer.model import Segment, Translation
from analyzer.resources import model_path

# Character n-gram sizes by language: short n-grams match between any two English texts (letters, "th"),
# so English uses 3-5; Hangul and Han syllables carry more, so 2-3. On FLORES-200 dev sentences, unrelated
# ones score a median 0.03 (en) / 0.02 (ko) / 0.00 (zh); the two human Chinese translations of one sentence
# (zho_Hans, zho_Hant) a median 0.34. Note-sized figures: "held_out" in models/translate/similarity.json.
NGRAMS = {"en": (3, 5)}
DEFAULT_NGRAMS = (2, 3)
_log = logging.getLogger("analyzer")
FEATURE = "mt_shift"  # the optional pair feature (analyzer/align/extra.py): the similarity's log-odds shift


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


@cache
def similarity_model() -> dict[str, Any]:
    """models/translate/similarity.json: per comparison language, the fitted weight, bias and cap of the shift."""
    path = model_path("translate", "similarity.json")
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as err:  # the similarity is still shown as evidence; it just does not count
        _log.warning("%s: %s; machine-translation similarity does not count in pair scores", path, err)
        return {"languages": {}}


def similarity_shift(similarity: float, lang: str) -> float:
    """Log-odds a similarity adds to a pair's score when the two sides were compared in `lang` (0 if unfitted)."""
    fitted = similarity_model()["languages"].get(lang)
    if not fitted:
        return 0.0
    return min(fitted["bias"] + fitted["weight"] * similarity, fitted["max_shift"])


@lru_cache(maxsize=65536)
def measured_similarity(zh: str, ko: str) -> tuple[float, str, tuple[str, ...]] | None:
    """(similarity, language compared in, packages used), or None when no installed route serves the pair."""
    if mt.route("zh", "en") and mt.route("ko", "en"):
        zh_en, ko_en = mt.translate(zh, "zh", "en"), mt.translate(ko, "ko", "en")
        if zh_en and ko_en:
            return text_similarity(zh_en[0], ko_en[0], "en"), "en", zh_en[1] + ko_en[1]
    for src, tgt, text, reference in (("zh", "ko", zh, ko), ("ko", "zh", ko, zh)):
        translated = mt.translate(text, src, tgt)
        if translated:
            return text_similarity(translated[0], reference, tgt), tgt, translated[1]
    return None


def mt_shift(zh: str, ko: str) -> float:
    """The pair's log-odds shift from its MT similarity; 0 without models (the optional feature's value)."""
    if not mt.enabled():
        return 0.0
    found = measured_similarity(zh, ko)
    return 0.0 if found is None else similarity_shift(found[0], found[1])


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

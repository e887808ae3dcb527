"""Language of non-CJK runs: a quick English check, then seeded langdetect, `und` when too short."""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"[^\W\d_]+")
ENGLISH_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "is",
        "are",
        "be",
        "this",
        "that",
        "it",
        "please",
        "fix",
        "make",
        "more",
        "less",
        "too",
        "not",
        "no",
        "from",
        "by",
        "as",
        "his",
        "her",
        "their",
        "should",
        "must",
        "move",
        "line",
        "eyes",
        "eye",
        "head",
        "hand",
        "mouth",
        "shadow",
        "frame",
        "cut",
        "scene",
        "shot",
        "layout",
        "timing",
        "color",
        "colour",
        "check",
        "redo",
        "retake",
        "keep",
    ]
)
MIN_LETTERS_FOR_DETECTOR = 8


@cache
def _detector_factory():  # type: ignore[no-untyped-def]
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    init_factory()
    from langdetect import detector_factory

    return detector_factory._factory


def detect_latin(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) for a run of Latin, Cyrillic or other-script letters."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return "und", 0.0
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    if english and english * 3 >= len(words):
        return "en", min(0.99, 0.7 + 0.1 * english)
    if sum(len(w) for w in words) < MIN_LETTERS_FOR_DETECTOR:
        return "und", 0.0
    factory = _detector_factory()
    detector = factory.create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except Exception:  # langdetect raises on text without features
        return "und", 0.0
    lang = best.lang.split("-")[0]
    return lang, round(float(best.prob), 3)

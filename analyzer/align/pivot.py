"""The first hop of a relay chain: is a Chinese note a translation of an English or Japanese one?

Japanese -> Chinese: shared Han characters, compared by their Sino-Korean readings so
that shinjitai, traditional and simplified forms meet (時/时, 画/畫). English -> Chinese:
the animation-note glossary models/glossary/en-zh.tsv, plus shared numbers and cut IDs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from analyzer.align.readings import char_forms
from analyzer.resources import read_tsv
from analyzer.text.odds import sigmoid
from analyzer.text.scripts import is_han_ideograph

PIVOT_THRESHOLD = 0.5
_NUMBERS = re.compile(r"[A-Za-z]*\d+")
_EN_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class PivotScore:
    probability: float
    evidence: dict[str, Any] = field(default_factory=dict)


@cache
def en_zh_glossary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((row[0].lower(), tuple(row[1].split("|"))) for row in read_tsv("glossary", "en-zh.tsv"))


def _han(text: str) -> list[str]:
    return [ch for ch in text if is_han_ideograph(ch)]


def _shared_numbers(source: str, chinese: str) -> list[str]:
    return sorted(set(_NUMBERS.findall(source)) & set(_NUMBERS.findall(chinese)))


def ja_zh_score(japanese: str, chinese: str) -> PivotScore:
    ja, zh = _han(japanese), _han(chinese)
    if not ja or not zh:
        return PivotScore(0.0, {"shared_han": []})
    ja_forms = [char_forms(ch) or frozenset({ch}) for ch in ja]
    known = frozenset().union(*ja_forms)
    shared = [ch for ch in zh if ch in ja or (char_forms(ch) & known)]
    zh_cov = len(shared) / len(zh)
    ja_cov = sum(1 for forms in ja_forms if any(forms & (char_forms(c) or {c}) for c in zh)) / len(ja)
    p = sigmoid(-4.0 + 4.5 * zh_cov + 3.5 * ja_cov)
    return PivotScore(round(p, 4), {"shared_han": shared, "zh_coverage": round(zh_cov, 3)})


def en_zh_score(english: str, chinese: str) -> PivotScore:
    words = _EN_WORD.findall(english.lower())
    zh_han = _han(chinese)
    if not words or not zh_han:
        return PivotScore(0.0, {"glossary": []})
    explained: set[int] = set()
    matched: list[dict[str, str]] = []
    for term, forms in en_zh_glossary():
        if not any(w.startswith(term) for w in words):
            continue
        for form in forms:
            start = chinese.find(form)
            if start >= 0:
                explained.update(range(start, start + len(form)))
                matched.append({"en": term, "zh": form})
                break
    han_positions = {i for i, ch in enumerate(chinese) if _han(ch)}
    coverage = len(explained & han_positions) / len(han_positions)
    numbers = _shared_numbers(english, chinese)
    p = sigmoid(-3.0 + 7.0 * coverage + 1.5 * min(len(matched), 3) / 3 + (1.0 if numbers else 0.0))
    return PivotScore(round(p, 4), {"glossary": matched, "zh_coverage": round(coverage, 3), "numbers": numbers})


def pivot_score(source: str, source_lang: str, chinese: str) -> PivotScore:
    """Probability that `chinese` translates `source` (English or Japanese), with the evidence."""
    if source_lang == "ja":
        return ja_zh_score(source, chinese)
    if source_lang == "en":
        return en_zh_score(source, chinese)
    return PivotScore(0.0, {})

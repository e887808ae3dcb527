"""The first hop of a relay chain: is a Chinese note a translation of an English or Japanese one?

Japanese -> Chinese: shared Han characters, compared by their Sino-Korean readings so
that shinjitai, traditional and simplified forms meet (時/时, 画/畫). English -> Chinese:
the animation-note glossary models/glossary/en-zh.tsv, a form counting only where it stands
as whole jieba words (头 in 头太大, not in 镜头), plus shared numbers and cut IDs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from analyzer.align.readings import char_forms
from analyzer.align.words import jieba_spans
from analyzer.resources import read_tsv
from analyzer.text.odds import sigmoid
from analyzer.text.scripts import HAN_IDEOGRAPHS

PIVOT_THRESHOLD = 0.5
_NUMBERS = re.compile(r"[A-Za-z]*\d+")
_EN_WORD = re.compile(r"[a-z]+")
_HAN_IDEOGRAPH = re.compile(f"[{HAN_IDEOGRAPHS}]")  # a text's Han ideographs (is_han_ideograph's) in one scan


@dataclass(frozen=True, slots=True)
class PivotScore:
    probability: float
    evidence: dict[str, Any] = field(default_factory=dict)


@cache
def en_zh_glossary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((row[0].lower(), tuple(row[1].split("|"))) for row in read_tsv("glossary", "en-zh.tsv"))


def _han(text: str) -> list[str]:
    return _HAN_IDEOGRAPH.findall(text)


def _shared_numbers(source: str, chinese: str) -> list[str]:
    return sorted(set(_NUMBERS.findall(source)) & set(_NUMBERS.findall(chinese)))


def ja_zh_score(japanese: str, chinese: str) -> PivotScore:
    ja, zh = _han(japanese), _han(chinese)
    if not ja or not zh:
        return PivotScore(0.0, {"shared_han": []})
    ja_forms = [char_forms(ch) or frozenset({ch}) for ch in ja]
    known = frozenset().union(*ja_forms)
    zh_forms = [char_forms(ch) for ch in zh]  # each character's, once
    shared = [ch for ch, forms in zip(zh, zh_forms) if ch in ja or (forms & known)]
    zh_cov = len(shared) / len(zh)
    # A Japanese character's forms meet some Chinese character's own forms exactly when they meet their union.
    zh_own = frozenset().union(*(forms or {ch} for ch, forms in zip(zh, zh_forms)))
    ja_cov = sum(1 for forms in ja_forms if not zh_own.isdisjoint(forms)) / len(ja)
    p = sigmoid(-4.0 + 4.5 * zh_cov + 3.5 * ja_cov)
    return PivotScore(round(p, 4), {"shared_han": shared, "zh_coverage": round(zh_cov, 3)})


# What may stand beside a glossary form inside one jieba word without changing what it means: 太小 is 小, 调整一下
# is 调整, but 镜头 (a shot) is not 头 (a head).
_DEGREE = frozenset({"", "太", "很", "更", "最", "好", "挺", "过", "较", "比较", "不", "没", "再"})
_ASPECT = frozenset({"", "了", "得", "着", "过", "些", "点", "一点", "一些", "一下"})


def _word_at(chinese: str, form: str) -> int:
    """Where `form` stands in the Chinese as a word of its own (头 in 头太大, 小 in 太小了, not 头 in 镜头 or 头发),
    by jieba's word boundaries; -1 if nowhere."""
    start = chinese.find(form)
    if start < 0:
        return -1
    spans = jieba_spans(chinese)  # loaded only now: a glossary form occurs in the text
    while start >= 0:
        end = start + len(form)
        first = next((a for a, b in spans if a <= start < b), start)
        last = next((b for a, b in spans if a < end <= b), end)
        if chinese[first:start] in _DEGREE and chinese[end:last] in _ASPECT:
            return start
        start = chinese.find(form, start + 1)
    return -1


def en_zh_score(english: str, chinese: str) -> PivotScore:
    words = _EN_WORD.findall(english.lower())
    han_positions = {found.start() for found in _HAN_IDEOGRAPH.finditer(chinese)}
    if not words or not han_positions:
        return PivotScore(0.0, {"glossary": []})
    explained: set[int] = set()
    matched: list[dict[str, str]] = []
    starts = {w[:size] for w in set(words) for size in range(len(w) + 1)}  # a term counts where a word starts so
    for term, forms in en_zh_glossary():
        if term not in starts:
            continue
        for form in forms:
            start = _word_at(chinese, form)
            if start >= 0:
                explained.update(range(start, start + len(form)))
                matched.append({"en": term, "zh": form})
                break
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

"""Simplified or Traditional Chinese, and whether a Han run reads as Chinese rather than Hanja/kanji."""

from __future__ import annotations

from analyzer.resources import han_variants

# Grammatical characters of Chinese sentences that Korean Hanja words and Japanese
# kanji compounds rarely contain (Simplified and Traditional forms).
CHINESE_FUNCTION_CHARS = frozenset("了吗嗎呢吧们們这這么麼个個把被给給让讓请請没沒很还還就都得着著啊嘛")


def chinese_variant(text: str) -> str:
    """ "Hant" when traditional-only forms outnumber simplified-only ones, else "Hans"."""
    table = han_variants()
    simplified = traditional = 0
    for char in text:
        kind = table.get(char)
        if kind == "S":
            simplified += 1
        elif kind == "T":
            traditional += 1
    return "Hant" if traditional > simplified else "Hans"


def has_chinese_evidence(han: str) -> bool:
    """True when a Han run has simplified-only forms or Chinese grammatical characters."""
    table = han_variants()
    return any(char in CHINESE_FUNCTION_CHARS or table.get(char) == "S" for char in han)

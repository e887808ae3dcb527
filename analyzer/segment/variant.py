"""Simplified or Traditional Chinese, and whether a Han run reads as Chinese rather than Hanja/kanji.

Unihan marks 了 and 家 as simplified forms (of 瞭, 傢) although Traditional text uses them too;
the core-set locales (models/langid/han_locales.tsv) keep only forms Taiwan does not use as
simplified-only, and only forms the PRC does not use as traditional-only.
"""

from __future__ import annotations

from functools import cache

from analyzer.resources import han_variants, prepared, read_tsv

# Grammatical characters of Chinese sentences that Korean Hanja words and Japanese
# kanji compounds rarely contain (Simplified and Traditional forms).
CHINESE_FUNCTION_CHARS = frozenset("了吗嗎呢吧们們这這么麼个個把被给給让讓请請没沒很还還就都得着著啊嘛")


@cache
@prepared(("han", "variants.tsv"), ("langid", "han_locales.tsv"))
def _forms() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Character sets, built once: simplified-only, traditional-only, Chinese evidence,
    not used in the PRC, not used in Taiwan."""
    table = han_variants()
    locales = {char: where for char, where in read_tsv("langid", "han_locales.tsv")}
    simplified = frozenset(c for c, kind in table.items() if kind == "S" and "T" not in locales.get(c, ""))
    traditional = frozenset(c for c, kind in table.items() if kind == "T" and "G" not in locales.get(c, ""))
    # Japanese shinjitai share many simplified shapes (国, 学, 当): only forms Japan does not use count.
    evidence = frozenset(c for c in simplified | CHINESE_FUNCTION_CHARS if "J" not in locales.get(c, ""))
    not_prc = frozenset(c for c, where in locales.items() if "G" not in where)
    not_taiwan = frozenset(c for c, where in locales.items() if "T" not in where)
    return simplified, traditional, evidence, not_prc, not_taiwan


def chinese_variant(text: str) -> str:
    """ "Hant" when more distinct traditional-only forms than simplified-only ones occur, else "Hans"."""
    simplified, traditional = _forms()[:2]
    return "Hant" if len(traditional.intersection(text)) > len(simplified.intersection(text)) else "Hans"


def has_variant_form(text: str) -> bool:
    """True when `text` has a form only Simplified or only Traditional Chinese writes: its variant can be told."""
    simplified, traditional = _forms()[:2]
    return not (simplified.isdisjoint(text) and traditional.isdisjoint(text))


def has_chinese_evidence(han: str) -> bool:
    """True when a Han run has simplified-only forms or Chinese grammatical characters that Japan does not use."""
    return not _forms()[2].isdisjoint(han)


def has_japanese_evidence(han: str) -> bool:
    """True when a Han run mixes forms the PRC does not use with forms Taiwan does not use (国際, 数週):
    no Chinese text does that, Japanese shinjitai text does."""
    forms = _forms()
    return not forms[3].isdisjoint(han) and not forms[4].isdisjoint(han)

"""The Unicode ranges of the scripts the analyzer tells apart, as regex character-class bodies, and tests on them."""

from __future__ import annotations

import re

HANGUL_SYLLABLES = "\uac00-\ud7a3"  # precomposed syllables 가..힣, what Korean text is written in
# Syllables, conjoining jamo, compatibility jamo, and the extended jamo blocks.
HANGUL = f"{HANGUL_SYLLABLES}\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff"
# Hiragana and katakana, without ゠ and the middle dot ・, which Chinese uses between the parts of foreign names.
KANA = "\u3040-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
# Han ideographs plus 々 〆 〇 〻 (iteration and ideographic marks) and Bopomofo, which only Chinese uses.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005-\u3007\u303b\u3100-\u312f\u31a0-\u31bf\U00020000-\U0003134f"
# Basic and extended Latin, plus full-width Latin letters (Ｃｕｔ) typed on CJK keyboards.
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\uff21-\uff3a\uff41-\uff5a"
CYRILLIC = "\u0400-\u04ff"

HAS_CJK = re.compile(rf"[{HANGUL}{KANA}{HAN}]")
HAS_HANGUL = re.compile(rf"[{HANGUL}]")
HAS_HANGUL_SYLLABLE = re.compile(rf"[{HANGUL_SYLLABLES}]")
HAS_HAN = re.compile(rf"[{HAN}]")
HAS_KANA = re.compile(rf"[{KANA}]")


def has_cjk(text: str) -> bool:
    return HAS_CJK.search(text) is not None


def is_hangul_syllable(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


HAN_IDEOGRAPHS = "\u4e00-\u9fff\u3400-\u4dbf"  # what is_han_ideograph accepts, as a character class's ranges


def is_han_ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"

"""Numbers as values both sides can share: digits with thousands separators, numbers with units (9천, 280 万,
3억 4천만), Chinese numerals (二十五, 二〇〇八), decades (20 世纪 70 年代) and number words (两个, 세 명).
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[A-Za-z]+[0-9]*|[0-9]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A number with units: 9천, 280 万, 3.4 亿, 2백만, 5천4백만 (千 before 米/克/瓦 is "kilo": 160 千米 is 160 km).
_UNIT = r"(?:[십백천만억조百万亿]|千(?![米克瓦卡]))"
_SCALED = re.compile(rf"(\d+(?:\.\d+)?)\s?({_UNIT}+)")
# What every number with units holds: a digit, at most one space, a unit (_UNIT's characters).
_DIGIT_UNIT = re.compile(r"\d\s?[십백천만억조百万亿千]")
_SMALL_UNITS = {"십": 10, "백": 100, "百": 100, "천": 1000, "千": 1000}
_LARGE_UNITS = {"만": 10**4, "万": 10**4, "억": 10**8, "亿": 10**8, "조": 10**12}
# 20 世纪 70 年代 is the 1970s; a Korean translation writes 1970년대 (or keeps 20세기 70년대).
DECADES = re.compile(r"(\d{1,2})\s?世纪\s?(\d0)\s?年代")
_TOKEN_CHAR = re.compile(r"[A-Za-z\d]")  # what every token and every number with units holds (\d as in _SCALED)
_NONE: frozenset[str] = frozenset()


def _scaled_values(text: str) -> tuple[set[str], str]:
    """Values of the numbers with units in `text`, and the text with them blanked out.

    Groups written together or one space apart form one number when each has units (3억 4천만 is 340000000,
    5천4백만 is 54000000): a small unit (십 백 천) scales its digits, a large one (만 억 조) the section so far.
    """
    values: set[str] = set()
    # Most texts with a number have no unit after it (第31帧): told by one quick scan, without _SCALED trying a
    # number with units at every digit.
    groups = list(_SCALED.finditer(text)) if _DIGIT_UNIT.search(text) else []
    if not groups:
        return values, text  # nothing to blank out
    k = 0
    while k < len(groups):
        run = [groups[k]]
        while k + 1 < len(groups) and groups[k + 1].start() - run[-1].end() <= 1:
            if text[run[-1].end() : groups[k + 1].start()] not in ("", " "):
                break
            k += 1
            run.append(groups[k])
        total, section = 0.0, 0.0
        for group in run:
            value = float(group.group(1))
            for unit in group.group(2):
                if unit in _SMALL_UNITS:
                    value *= _SMALL_UNITS[unit]
                else:
                    total += (section + value) * _LARGE_UNITS[unit]
                    section = value = 0.0
            section += value
        values.add(str(round(total + section)))
        k += 1
    return values, _SCALED.sub(" ", text)


def tokens(text: str) -> frozenset[str]:
    """Numbers, Latin words and cut/scene IDs (C012, S3), case-folded; leading zeros dropped from numbers.

    1,300 is read as 1300, and a number with units as its value (9천 as 9000, 280 万 and 280만 as 2800000,
    3억 4천만 as 340000000).
    """
    if _TOKEN_CHAR.search(text) is None:  # most Chinese and Korean sentences: no digit, no Latin letter
        return _NONE
    found, rest = _scaled_values(_THOUSANDS.sub("", text) if "," in text else text)
    for token in _TOKEN.findall(rest):
        found.add(str(int(token)) if token.isdigit() else token.lower())
    return frozenset(found)


def decades(text: str) -> frozenset[str]:
    """20 世纪 70 年代 -> 1970, 20 and 70: any of them in the Korean counts as a match, none against."""
    values: set[str] = set()
    for century, decade in DECADES.findall(text) if "世纪" in text else ():
        values.update({str((int(century) - 1) * 100 + int(decade)), str(int(century)), str(int(decade))})
    return frozenset(values)


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMBER = re.compile("[零〇一二两三四五六七八九十百千]+")
_CN_RANGE = re.compile("[一二三四五六七八九]{2}(?=[十百千])")  # 二三十: twenty or thirty


def _chinese_value(run: str) -> int:
    if not any(ch in "十百千" for ch in run):  # 二〇〇八 is written digit by digit
        return int("".join(str(_CN_DIGITS[ch]) for ch in run))
    total, digit = 0, 0
    for ch in run:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += max(digit, 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            digit = 0
    return total + digit


def chinese_numbers(text: str) -> frozenset[str]:
    """Values of Chinese numerals (四 -> 4, 二十五 -> 25, 二〇〇八 -> 2008, 二三十 -> 20 and 30), which a Korean
    translation may write in digits."""
    values: set[str] = set()
    for run in _CN_NUMBER.findall(text):
        values.update(_run_values(run))
    return frozenset(values)


@lru_cache(maxsize=4096)  # the same few numerals (一, 两, 三) in sentence after sentence
def _run_values(run: str) -> tuple[str, ...]:
    """The values a run of Chinese numerals may stand for (chinese_numbers)."""
    spans = [m.span() for m in _CN_RANGE.finditer(run)]
    variants = {run[: a + i] + run[a + i + 1 :] for a, _ in spans[:1] for i in (0, 1)} or {run}
    return tuple(str(_chinese_value(v)) for v in variants)


# Native Korean numbers, as they stand before a counter (한 개, 두 명, 세 시, 스무 살); the tens and units join
# (스물다섯, 서른두). A Chinese numeral (两个, 三点) or digit meets them by value; they never count against a pair.
_KO_UNITS = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4, "넉": 4, "다섯": 5}
_KO_UNITS |= {"여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
_KO_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70, "여든": 80}
_KO_TENS |= {"아흔": 90}
_COUNTERS = "개|명|사람|살|시|번|마리|권|장|잔|병|대|가지|달|주일|켤레|그릇|송이|척|채|곳|군데|시간|쪽|통|줄|벌"
_KO_UNIT = "|".join(sorted(_KO_UNITS, key=len, reverse=True))
_KO_TEN = "|".join(sorted(_KO_TENS, key=len, reverse=True))
# What a number before a counter can start with: checked first, most offsets are passed over without the alternations.
_KO_NUMBER_START = "".join(sorted({word[0] for word in (*_KO_TENS, *_KO_UNITS, *_COUNTERS.split("|"))}))
_KO_NUMBER = re.compile(
    rf"(?=[{_KO_NUMBER_START}\s])(?<![가-힣])(?:({_KO_TEN})\s?)?({_KO_UNIT})?\s?(?:{_COUNTERS})(?![가-힣]{{3}})"
)
_KO_ALONE_UNITS = ("하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉")  # the units that stand alone
# The same first-character check: without it the lookbehind is tried at every offset of every Korean text.
_KO_ALONE_START = "".join(sorted({word[0] for word in (*_KO_TENS, *_KO_ALONE_UNITS)}))
_KO_ALONE = re.compile(
    rf"(?=[{_KO_ALONE_START}])(?<![가-힣])({_KO_TEN}|{'|'.join(_KO_ALONE_UNITS)})(?:[이은을도만]|$|[\s.,!?])"
)


def korean_numbers(text: str) -> frozenset[str]:
    """Values of native Korean numbers before a counter (두 개 -> 2, 스물다섯 살 -> 25) or standing alone (하나)."""
    values = set()
    for tens, units in _KO_NUMBER.findall(text):
        if tens or units:
            values.add(str(_KO_TENS.get(tens, 0) + _KO_UNITS.get(units, 0)))
    for word in _KO_ALONE.findall(text):
        values.add(str(_KO_TENS.get(word) or _KO_UNITS[word]))
    return frozenset(values)

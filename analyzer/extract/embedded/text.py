"""Decode the short, undeclared-encoding strings found in image metadata (EXIF ASCII, IPTC, PNG tEXt).

Such strings are meant to be ASCII or Latin-1, but CJK tools write UTF-8 or their
system code page (GBK, CP949, Big5, Shift-JIS) into them.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

from analyzer.resources import hangul_syllable_counts

# Code pages tried in order; the first plausible text wins. GBK and CP949 text keeps to their
# EUC cores (both bytes 0xA1-0xFE); Big5 and Shift-JIS text leaves them.
_EUC_ORDER = ("gb18030", "cp949", "big5", "shift_jis")
_SHIFTED_ORDER = ("big5", "shift_jis", "gb18030", "cp949")
_COMMON_SHARE = 0.75  # share of common syllables that makes EUC-shaped bytes Korean (measured on FLORES-200)
_SPACED_HAN = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


def _script(char: str) -> str:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "han"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    return "other"


def common_char(char: str) -> bool:
    """ASCII, Hangul syllables, CJK ideographs, kana, CJK and full-width punctuation."""
    code = ord(char)
    return (
        0x20 <= code < 0x7F
        or char in "\t\n\r"
        or 0xAC00 <= code <= 0xD7A3  # Hangul syllables
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3000 <= code <= 0x30FF  # CJK punctuation, kana
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
    )


def plausible(text: str) -> bool:
    """No control or private-use characters, and not the Han/Hangul jumble a wrong code page makes."""
    if any(unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\t\n\r" for c in text):
        return False
    scripts = [_script(c) for c in text if _script(c) != "other"]
    switches = sum(1 for a, b in zip(scripts, scripts[1:]) if {a, b} == {"han", "hangul"})
    return switches == 0


def _euc_shaped(raw: bytes) -> bool:
    """Every non-ASCII byte pairs up inside 0xA1-0xFE, as in GB2312 / KS X 1001 text."""
    index = 0
    while index < len(raw):
        if raw[index] < 0x80:
            index += 1
            continue
        if index + 1 >= len(raw) or not (0xA1 <= raw[index] <= 0xFE and 0xA1 <= raw[index + 1] <= 0xFE):
            return False
        index += 2
    return True


def _latin_shaped(raw: bytes) -> bool:
    """Lone accented letters inside Latin words ("M\xfcller", "cr\xe8me"): Latin-1, not a CJK code page."""
    high = [i for i, byte in enumerate(raw) if byte >= 0x80]
    for index in high:
        if raw[index] < 0xC0 or raw[index] in (0xD7, 0xF7):
            return False
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(raw) and not (chr(raw[neighbour]).isalpha() or raw[neighbour] in b" -'.,"):
                return False
    return bool(high) and all(b - a > 1 for a, b in zip(high, high[1:]))


@cache
def _common_syllables() -> frozenset[str]:
    return frozenset(hangul_syllable_counts())


def _common_korean(raw: bytes) -> str | None:
    """CP949 text whose syllables are mostly common ones: GBK bytes read as CP949 give rare syllables."""
    try:
        text = raw.decode("cp949")
    except UnicodeDecodeError:
        return None
    syllables = [c for c in text if 0xAC00 <= ord(c) <= 0xD7A3]
    if not syllables or not plausible(text):
        return None
    common = _common_syllables()
    return text if sum(c in common for c in syllables) >= _COMMON_SHARE * len(syllables) else None


def decode_loose(raw: bytes, fallback: str = "latin-1") -> str:
    """Text of a metadata string: BOM, UTF-8, BOM-less UTF-16, CJK code pages, then `fallback` (never fails)."""
    raw = raw.rstrip(b"\x00")
    for bom, encoding in ((codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace").rstrip("\x00")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(raw) % 2 == 0 and b"\x00" in raw:
        # BOM-less UTF-16 (Latin or Hangul/Han from a UCS-2 writer): NULs fall in one parity only.
        even, odd = raw[0::2].count(0), raw[1::2].count(0)
        if min(even, odd) == 0:
            text = raw.decode("utf-16-le" if odd else "utf-16-be", errors="replace")
            if plausible(text):
                return text
    if _latin_shaped(raw):
        return raw.decode(fallback if fallback != "latin-1" else "cp1252", errors="replace")
    euc = _euc_shaped(raw)
    if euc and (korean := _common_korean(raw)):
        return korean
    candidates = []
    for encoding in _EUC_ORDER if euc else _SHIFTED_ORDER:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausible(text):
            candidates.append(text)
    # Chinese and Japanese put no spaces between ideographs; Korean read as GBK looks exactly like that.
    spaced = next((t for t in candidates if not _SPACED_HAN.search(t)), None)
    return spaced or (candidates[0] if candidates else raw.decode(fallback, errors="replace"))

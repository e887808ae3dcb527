"""Bytes to text: BOMs first, then strict UTF-8, then the legacy CJK encoding whose reading is most plausible.

Statistical detectors guess badly on the short notes this tool reads (a GBK
`{"text":"眼睛太大"}` looks like CP949 to them), so each CJK codec (and BOM-less
UTF-16 when there are NULs) that decodes the bytes without error is scored on what
its reading contains: common Hangul without Hanja for Korean, frequent Han of the
right script for Chinese, kana for Japanese. When none is plausible: Windows-1252
for Western text, then charset-normalizer. Measured by bench/decode_short.py.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from functools import cache

from analyzer.resources import han_variants, hangul_readings, hangul_syllable_counts

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The CJK candidates; GB18030 is a superset of GBK/GB2312, CP949 of EUC-KR, CP932 of Shift-JIS.
CJK_CODECS = ("gb18030", "big5", "cp949", "cp932", "utf-16-le", "utf-16-be")
_SAMPLE = 64 * 1024
_PLAUSIBLE = 0.35  # below this mean score no CJK reading is believable


class DecodeError(ValueError):
    """The bytes are not text in any encoding we know."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


@cache
def _frequent_chars() -> frozenset[str]:
    """The most frequent Han, kana and Hangul characters (charset-normalizer's language tables, MIT)."""
    from charset_normalizer.constant import FREQUENCIES

    return frozenset(char for lang in ("Chinese", "Japanese", "Korean") for char in FREQUENCIES[lang])


@cache
def _common_hangul() -> frozenset[str]:
    """Syllables seen at least twice in the Korean corpus, plus every Sino-Korean reading."""
    seen = {syllable for syllable, count in hangul_syllable_counts().items() if count >= 2}
    readings = {syllable for values in hangul_readings().values() for syllable in values}
    return frozenset(seen | readings)


def _char_score(char: str, codec: str, previous: str) -> float:
    """How believable one non-ASCII character is in text read with this codec (-1 .. 1.5)."""
    code = ord(char)
    korean = codec == "cp949"
    japanese = codec == "cp932"
    if 0xAC00 <= code <= 0xD7A3:  # Hangul syllable; Chinese bytes read as CP949 give rare ones (힛, 쳄, 밗)
        if char not in _common_hangul():
            return -0.5
        return 1.0 + (0.5 if char in _frequent_chars() else 0.0)
    if 0x4E00 <= code <= 0x9FFF:  # Han
        if korean:  # Korean notes almost never use Hanja; Chinese bytes read as CP949 mix them with Hangul
            return -1.0 if 0xAC00 <= ord(previous or " ") <= 0xD7A3 else -0.3
        variant = han_variants().get(char)
        if (codec == "gb18030" and variant == "T") or (codec == "big5" and variant == "S"):
            return -0.5  # mainland text is simplified, Big5 text traditional: the other form means a misread
        return 1.0 if char in _frequent_chars() else 0.4
    if 0x3041 <= code <= 0x30FF:  # kana
        return 1.0 if japanese or codec.startswith("utf-16") else -1.0
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:  # CJK and full-width punctuation
        return 0.5
    if 0xFF61 <= code <= 0xFF9F:  # half-width katakana: stray Shift-JIS single bytes
        return -1.0
    if char in "·—–‘’“”…•※→←↑↓○●□■△▲☆★":
        return 0.3
    category = unicodedata.category(char)
    if category in ("Co", "Cn", "Cs") or category.startswith("C"):
        return -2.0
    return -1.0  # Greek, Cyrillic, box drawing, rare ideographs: what a wrong codec produces


def plausibility(text: str, codec: str) -> float:
    """Mean believability of the non-ASCII characters; ASCII control bytes (from UTF-16 misreads) count too."""
    total = 0.0
    count = 0
    previous = ""
    for char in text:
        code = ord(char)
        if code < 0x80:
            if code < 0x20 and char not in "\t\r\n":
                total -= 2.0
                count += 1
            previous = char
            continue
        total += _char_score(char, codec, previous)
        count += 1
        previous = char
    return total / count if count else 0.0


def best_cjk_reading(data: bytes, codecs_: tuple[str, ...] = CJK_CODECS) -> tuple[str, str, float] | None:
    """(text, codec, score) of the most plausible strict CJK reading of data, or None."""
    best: tuple[str, str, float] | None = None
    for codec in codecs_:
        if codec.startswith("utf-16") and (len(data) % 2 or b"\x00" not in data):
            continue  # any real note has a space, digit or ASCII mark, which UTF-16 writes with a NUL
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text, codec)
        if best is None or score > best[2]:
            best = (text, codec, score)
    return best


def is_utf8(data: bytes) -> bool:
    """Whether `data` is valid UTF-8 (a member name or a document that needs no legacy decoding)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes) -> DecodedText:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(encoding.replace("-sig", ""), errors="replace"), encoding)
    as_utf8: str | None
    try:
        as_utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    if as_utf8 is not None and "\x00" not in as_utf8:
        return DecodedText(as_utf8, "utf-8")
    # NULs in text mean UTF-16 (its CJK code units can be plain ASCII bytes: 眼 is 3C 77).
    sample = data[:_SAMPLE]
    if len(sample) < len(data):
        sample = sample[: len(sample) - 4]  # a cut multi-byte character must not disqualify a codec
    best = best_cjk_reading(sample)
    if best is not None and best[2] >= _PLAUSIBLE:
        codec = best[1]
        try:
            return DecodedText(data.decode(codec), codec)
        except UnicodeDecodeError:
            return DecodedText(data.decode(codec, errors="replace"), codec)
    if as_utf8 is not None:
        return DecodedText(as_utf8, "utf-8")
    western = _western(data)
    if western is not None:
        return DecodedText(western, "cp1252")
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is not None and guess.encoding:
        return DecodedText(str(guess), guess.encoding)
    if best is not None:
        return DecodedText(data.decode(best[1], errors="replace"), best[1])
    raise DecodeError("not text in any known encoding")


def _western(data: bytes) -> str | None:
    """Windows-1252 when every non-ASCII character it gives is an accented Latin letter or typographic mark.

    charset-normalizer reads short Western notes as Baltic or Cyrillic code pages (café -> cafķ).
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for char in text:
        if ord(char) >= 0x80 and not (0xC0 <= ord(char) <= 0xFF and char not in "×÷") and char not in "–—‘’“”…•€":
            return None
    return text

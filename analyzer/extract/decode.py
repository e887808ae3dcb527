"""Bytes to text: BOMs first, then strict UTF-8, then the legacy CJK encoding whose reading is most plausible.

The one legacy-encoding guesser (`best_cjk_reading`) serves whole documents (`decode_text`), short
undeclared metadata strings (`decode_loose`) and archive member names. Statistical detectors guess
badly on the short notes this tool reads (a GBK `{"text":"眼睛太大"}` looks like CP949 to them), so
each CJK codec (and BOM-less UTF-16 when there are NULs) that decodes the bytes without error is
scored on what its reading contains: common Hangul without Hanja for Korean, frequent Han of the
right script for Chinese, kana for Japanese, plus the shape of the bytes (GBK and CP949 text keeps
to pairs of 0xA1-0xFE bytes, Big5 and Shift-JIS text leaves them). When none is plausible:
Windows-1252 for Western text, then charset-normalizer. Measured by bench/decode_short.py and
bench/bench_metadata_decoding.py.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

from analyzer.model import record
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
# GBK and CP949 text keeps to EUC byte pairs (the GB2312 / KS X 1001 cores); Big5 and Shift-JIS text leaves them.
_EUC_ORDER = ("gb18030", "cp949", "big5", "cp932")
_SHIFTED_ORDER = ("big5", "cp932", "gb18030", "cp949")
# Score added to the first and second codec of the order that fits the byte shape; UTF-16 gets the first's.
# Tuned on bench_metadata_decoding.py and bench/decode_short.py (figures in README, Encodings).
_SHAPE_PRIORS = (0.6, 0.55, 0.0, 0.0)
_EUC_SHAPED = re.compile(rb"(?:[\x00-\x7f]|[\xa1-\xfe][\xa1-\xfe])*")
_SPACED_HAN = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we know."""


@record
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


def euc_shaped(data: bytes) -> bool:
    """Every non-ASCII byte pairs up inside 0xA1-0xFE, as in GB2312 / KS X 1001 text."""
    return _EUC_SHAPED.fullmatch(data) is not None


def _shape_prior(codec: str, euc: bool, data: bytes) -> float:
    """GB18030, CP949, Big5, CP932 in that order of likelihood for EUC-shaped bytes, Big5 and CP932 first
    for the others; UTF-16 when NULs sit in one parity only (the high bytes of its Latin characters)."""
    if codec.startswith("utf-16"):
        even, odd = data[0::2].count(0), data[1::2].count(0)
        return _SHAPE_PRIORS[0] if (odd and not even if codec == "utf-16-le" else even and not odd) else 0.0
    order = _EUC_ORDER if euc else _SHIFTED_ORDER
    return _SHAPE_PRIORS[order.index(codec)] if codec in order else 0.0


def best_cjk_reading(data: bytes, codecs_: tuple[str, ...] = CJK_CODECS) -> tuple[str, str, float] | None:
    """(text, codec, score) of the most plausible strict CJK reading of data, or None.

    The score is the reading's plausibility, plus a prior for the codec that fits the byte shape, minus a
    penalty for spaces between ideographs (Chinese and Japanese write none; Korean read as GBK looks so).
    """
    best: tuple[str, str, float] | None = None
    euc = euc_shaped(data)
    for codec in codecs_:
        if codec.startswith("utf-16") and (len(data) % 2 or b"\x00" not in data):
            continue  # any real note has a space, digit or ASCII mark, which UTF-16 writes with a NUL
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text, codec) + _shape_prior(codec, euc, data)
        if _SPACED_HAN.search(text):
            score -= 0.5
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


_DAMAGED = re.compile("\ufffd+")
_DAMAGE_SHARE = 0.01  # at most one invalid sequence in 100 characters (and 3 in any file): a few bad bytes


def _mostly_utf8(data: bytes) -> DecodedText | None:
    """UTF-8 text with a few invalid bytes (a truncated character, a stray \\xff), read with U+FFFD in their place
    and the encoding saying so; None when it is no UTF-8 text (a legacy code page makes invalid sequences of
    nearly every CJK character)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    places = len(_DAMAGED.findall(text))  # a cut character gives one U+FFFD per byte left of it: one place
    if "\x00" in text or places > max(3, len(text) * _DAMAGE_SHARE):
        return None
    if sum(1 for ch in text if ch > "\x7f") - bad < 4 * bad:  # too few characters decoded for the bad ones
        return None
    return DecodedText(text, f"utf-8 ({places} damaged place{'s' if places > 1 else ''}, invalid bytes replaced)")


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
    damaged = _mostly_utf8(data) if as_utf8 is None else None
    if damaged is not None:
        return damaged
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


def decode_loose(raw: bytes, fallback: str = "latin-1") -> str:
    """Text of a short metadata string with no declared encoding (EXIF ASCII, IPTC, PNG tEXt, names): never fails.

    Such strings are meant to be ASCII or Latin-1, but CJK tools write UTF-8, UTF-16 or their system code
    page into them: BOM, UTF-8, Latin-1 letters inside Latin words, the guesser's reading, then `fallback`.
    """
    raw = raw.rstrip(b"\x00")
    for bom, encoding in ((codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace").rstrip("\x00")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _latin_shaped(raw):
        return raw.decode(fallback if fallback != "latin-1" else "cp1252", errors="replace")
    best = best_cjk_reading(raw)
    if best is not None and best[2] >= _PLAUSIBLE:
        return best[0]
    return raw.decode(fallback, errors="replace")


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

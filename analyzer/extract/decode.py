"""Bytes to text: BOMs first, then strict UTF-8, then detection for legacy CJK encodings."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Tried in order when detection is unsure; GB18030 is a superset of GBK/GB2312.
_CJK_FALLBACKS = ("gb18030", "cp949", "big5", "shift_jis")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we know."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


def decode_text(data: bytes) -> DecodedText:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(encoding.replace("-sig", ""), errors="replace"), encoding)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096] and len(data) % 2 == 0:
        # BOM-less UTF-16: many NULs in alternating positions.
        even_nuls = data[0:4096:2].count(0)
        odd_nuls = data[1:4096:2].count(0)
        if max(even_nuls, odd_nuls) > len(data[:4096]) // 8:
            encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
            return DecodedText(data.decode(encoding, errors="replace"), encoding)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return DecodedText(str(best), best.encoding)
    for encoding in _CJK_FALLBACKS:
        try:
            return DecodedText(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    raise DecodeError("not text in any known encoding")

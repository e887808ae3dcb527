"""BMP: no notes in the file format itself; with OCR, the text drawn on the picture."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.pixels import drawn_text

DIB_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)  # BITMAPCOREHEADER .. BITMAPV5HEADER


def _is_bmp(head: bytes) -> bool:
    return head.startswith(b"BM") and len(head) >= 18 and int.from_bytes(head[14:18], "little") in DIB_HEADER_SIZES


def read_bmp(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if not _is_bmp(data):
        raise FormatError("not a BMP (bad signature or header size)")
    yield from drawn_text(data, ctx)


EXTRACTOR = Extractor(name="bmp", suffixes=(".bmp", ".dib"), read=read_bmp, sniff=_is_bmp)

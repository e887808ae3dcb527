"""WebP: the `EXIF` and `XMP ` chunks of the RIFF container (`EXIF:ImageDescription`, `XMP dc:description[ko]`)."""

from __future__ import annotations

import struct
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.embedded.blocks import dated, notes_from_blocks
from analyzer.extract.pixels import drawn_text


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def read_webp(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if not _is_webp(data):
        raise FormatError("not a WebP (no RIFF/WEBP header)")
    notes: list[Note] = []
    pos = 12
    while pos + 8 <= len(data):
        kind, size = data[pos : pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        if pos + 8 + size > len(data):
            raise FormatError(f"truncated WebP: {kind.decode('latin-1')} chunk runs past the end")
        if kind == b"EXIF":
            notes += notes_from_blocks(exif=data[pos + 8 : pos + 8 + size])
        elif kind == b"XMP ":
            notes += notes_from_blocks(xmp=data[pos + 8 : pos + 8 + size])
        pos += 8 + size + size % 2
    yield from dated(notes)
    yield from drawn_text(data, ctx)


EXTRACTOR = Extractor(name="webp", suffixes=(".webp",), read=read_webp, sniff=_is_webp)

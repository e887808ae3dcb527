"""GIF: comment extensions (`GIF comment 1`), and with OCR the text drawn on the first frame."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.embedded.text import decode_loose
from analyzer.extract.pixels import drawn_text

SIGNATURES = (b"GIF87a", b"GIF89a")


def _sub_blocks(data: bytes, pos: int) -> tuple[bytes, int]:
    """The bytes of a run of data sub-blocks starting at `pos`, and the position after its terminator."""
    parts = []
    while True:
        if pos >= len(data):
            raise FormatError("truncated GIF: data sub-blocks run past the end")
        size = data[pos]
        if size == 0:
            return b"".join(parts), pos + 1
        parts.append(data[pos + 1 : pos + 1 + size])
        pos += 1 + size


def _comments(data: bytes) -> Iterator[bytes]:
    if len(data) < 13:
        raise FormatError("truncated GIF header")
    pos = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)  # after the global colour table
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            return
        if block == 0x21 and pos + 1 < len(data):  # extension: label, sub-blocks
            label = data[pos + 1]
            body, pos = _sub_blocks(data, pos + 2)
            if label == 0xFE:
                yield body
        elif block == 0x2C:  # image: descriptor, local colour table, LZW code size, sub-blocks
            if pos + 10 > len(data):
                raise FormatError("truncated GIF image descriptor")
            flags = data[pos + 9]
            pos += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            _, pos = _sub_blocks(data, pos)
        else:
            raise FormatError(f"broken GIF: unknown block 0x{block:02X} at byte {pos}")
    raise FormatError("truncated GIF: no trailer")


def read_gif(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if not data.startswith(SIGNATURES):
        raise FormatError("not a GIF (bad signature)")
    texts = [text for text in (decode_loose(body).strip() for body in _comments(data)) if text]
    for number, text in enumerate(texts, start=1):
        yield Note(f"GIF comment {number}", text)
    yield from drawn_text(data, ctx)


EXTRACTOR = Extractor(name="gif", suffixes=(".gif",), read=read_gif, sniff=lambda head: head.startswith(SIGNATURES))

"""GIF: comment extensions, plain-text extensions and the XMP application extension; with OCR, the text drawn on
the first frame.

Walks the block structure with strict bounds (colour tables skipped by their declared size, image
data skipped sub-block by sub-block). Located as `GIF comment 2`, `GIF plain text 1`, `XMP dc:...`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_loose
from analyzer.extract.embedded.blocks import dated, notes_from_xmp_bytes
from analyzer.extract.pixels import drawn_text

SIGNATURES = (b"GIF87a", b"GIF89a")
EXTENSION, IMAGE, TRAILER = 0x21, 0x2C, 0x3B
COMMENT, PLAIN_TEXT, APPLICATION = 0xFE, 0x01, 0xFF
XMP_APPLICATION = b"XMP DataXMP"
_PACKET = re.compile(rb"<\?xpacket begin.*?<\?xpacket end[^>]*>|<x:xmpmeta.*?</x:xmpmeta>", re.S)


def _sub_blocks(data: bytes, pos: int) -> tuple[list[bytes], int]:
    """The data sub-blocks starting at pos (each a length byte then that many bytes), and the position after."""
    blocks = []
    while True:
        if pos >= len(data):
            raise FormatError("truncated GIF: data sub-blocks run past the end")
        length = data[pos]
        if length == 0:
            return blocks, pos + 1
        if pos + 1 + length > len(data):
            raise FormatError("truncated GIF: a data sub-block runs past the end")
        blocks.append(data[pos + 1 : pos + 1 + length])
        pos += 1 + length


def read_gif(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if data[:6] not in SIGNATURES or len(data) < 13:
        raise FormatError("not a GIF (bad signature)")
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    notes: list[Note] = []
    counts = {"comment": 0, "plain text": 0}
    while pos < len(data):
        block = data[pos]
        if block == TRAILER:
            break
        if block == IMAGE:
            if pos + 10 > len(data):
                raise FormatError("truncated GIF: image descriptor cut off")
            local = data[pos + 9]
            pos += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1  # + LZW minimum code size
            _, pos = _sub_blocks(data, pos)
        elif block == EXTENSION:
            if pos + 2 > len(data):
                raise FormatError("truncated GIF: extension cut off")
            label = data[pos + 1]
            blocks, after = _sub_blocks(data, pos + 2)
            if label == COMMENT:
                notes += _text("comment", b"".join(blocks), counts)
            elif label == PLAIN_TEXT and blocks:
                notes += _text("plain text", b"".join(blocks[1:]), counts)  # the first block is the grid
            elif label == APPLICATION and blocks and blocks[0] == XMP_APPLICATION:
                # XMP is written raw, so its bytes read as sub-blocks; the length bytes belong to the text.
                match = _PACKET.search(data[pos + 2 + 1 + len(XMP_APPLICATION) : after])
                if match:
                    notes += notes_from_xmp_bytes(match.group())
            pos = after
        else:
            raise FormatError(f"broken GIF: unknown block 0x{block:02X} at byte {pos}")
    yield from dated(notes)
    yield from drawn_text(data, ctx)


def _text(kind: str, raw: bytes, counts: dict[str, int]) -> list[Note]:
    text = decode_loose(raw).replace("\r\n", "\n").strip()
    if not text:
        return []
    counts[kind] += 1
    return [Note(f"GIF {kind}" + (f" {counts[kind]}" if counts[kind] > 1 else ""), text)]


EXTRACTOR = Extractor(name="gif", suffixes=(".gif",), read=read_gif, sniff=lambda head: head[:6] in SIGNATURES)

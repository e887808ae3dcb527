"""JPEG: `COM` comments, APP1 EXIF and XMP (extended XMP reassembled), APP13 Photoshop IPTC.

Only the segments before the image data are read. Located as `JPEG COM`, `EXIF:UserComment`,
`IPTC:2:120`, `XMP dc:description[zh-CN]`.
"""

from __future__ import annotations

import struct
from collections import defaultdict
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_loose
from analyzer.extract.embedded.blocks import dated, notes_from_blocks, notes_from_xmp_bytes
from analyzer.extract.pixels import drawn_text

SOI, SOS, EOI, COM, APP1, APP13 = 0xD8, 0xDA, 0xD9, 0xFE, 0xE1, 0xED
EXIF_HEADER = b"Exif\x00\x00"
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
EXTENDED_XMP_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
PHOTOSHOP_HEADER = b"Photoshop 3.0\x00"
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # markers without a length field


def segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(marker, payload) of each segment up to the start of the image data."""
    if not data.startswith(b"\xff\xd8"):
        raise FormatError("not a JPEG (no start-of-image marker)")
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise FormatError(f"broken JPEG: expected a marker at byte {pos}")
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= len(data):
            break
        marker = data[pos]
        pos += 1
        if marker in _STANDALONE:
            continue
        if marker in (SOS, EOI):
            return
        if pos + 2 > len(data):
            raise FormatError("truncated JPEG: segment length cut off")
        (length,) = struct.unpack_from(">H", data, pos)
        if length < 2 or pos + length > len(data):
            raise FormatError(f"truncated JPEG: segment 0xFF{marker:02X} runs past the end")
        yield marker, data[pos + 2 : pos + length]
        pos += length
    raise FormatError("truncated JPEG: no image data")


def read_jpeg(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    notes: list[Note] = []
    comments = 0
    photoshop = b""
    extended: dict[bytes, dict[int, bytes]] = defaultdict(dict)
    for marker, body in segments(data):
        if marker == COM:
            text = decode_loose(body).strip()
            if text:
                comments += 1
                notes.append(Note("JPEG COM" + (f" {comments}" if comments > 1 else ""), text))
        elif marker == APP1 and body.startswith(EXIF_HEADER):
            notes += notes_from_blocks(exif=body[len(EXIF_HEADER) :])
        elif marker == APP1 and body.startswith(XMP_HEADER):
            notes += notes_from_xmp_bytes(body[len(XMP_HEADER) :])
        elif marker == APP1 and body.startswith(EXTENDED_XMP_HEADER):
            chunk = body[len(EXTENDED_XMP_HEADER) :]
            if len(chunk) >= 40:
                guid, offset = chunk[:32], struct.unpack_from(">I", chunk, 36)[0]
                extended[guid][offset] = chunk[40:]
        elif marker == APP13 and body.startswith(PHOTOSHOP_HEADER):
            photoshop += body[len(PHOTOSHOP_HEADER) :]  # a large block continues in the next APP13
    if photoshop:
        notes += notes_from_blocks(irb=photoshop)
    for parts in extended.values():
        notes += notes_from_xmp_bytes(b"".join(parts[offset] for offset in sorted(parts)))
    yield from dated(notes)
    yield from drawn_text(data, ctx)


EXTRACTOR = Extractor(
    name="jpeg",
    suffixes=(".jpg", ".jpeg", ".jpe", ".jfif"),
    read=read_jpeg,
    sniff=lambda head: head[:3] == b"\xff\xd8\xff",
)

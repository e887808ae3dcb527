"""Turn the metadata blocks an image embeds (EXIF, IPTC, XMP, Photoshop resources) into notes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from analyzer.extract.base import Note
from analyzer.extract.decode import decode_text
from analyzer.extract.embedded.exif import read_exif
from analyzer.extract.embedded.iptc import IRB_EXIF, IRB_IPTC, IRB_XMP, image_resources, notes_from_iim
from analyzer.extract.formats.xmp import notes_from_xmp

XMP_PREFIX = "XMP "
_CREATION_DATES = ("DateTimeOriginal", "IPTC:2:55")


def notes_from_xmp_bytes(packet: bytes) -> list[Note]:
    """An embedded XMP packet (UTF-8, or UTF-16/32 with a BOM); raises FormatError when it is broken."""
    return list(notes_from_xmp(decode_text(packet.strip(b"\x00 \t\r\n")).text, XMP_PREFIX))


def notes_from_blocks(
    *, exif: bytes | None = None, iptc: bytes | None = None, xmp: bytes | None = None, irb: bytes | None = None
) -> list[Note]:
    """Notes of each block given; a Photoshop resource block contributes the IPTC, EXIF and XMP it holds."""
    if irb:
        resources = image_resources(irb)
        exif = exif or resources.get(IRB_EXIF)
        iptc = iptc or resources.get(IRB_IPTC)
        xmp = xmp or resources.get(IRB_XMP)
    notes: list[Note] = []
    if exif:
        notes += read_exif(exif.removeprefix(b"Exif\x00\x00")).notes
    if iptc:
        notes += notes_from_iim(iptc)
    if xmp and xmp.strip(b"\x00 \t\r\n"):
        notes += notes_from_xmp_bytes(xmp)
    return notes


def dated(notes: Iterable[Note]) -> list[Note]:
    """Notes lacking a time get the file's creation date (EXIF DateTimeOriginal, IPTC 2:55), else its first date."""
    notes = list(notes)
    dates = [n for n in notes if n.source == "metadata" and n.timestamp]
    if not dates:
        return notes
    stamp = next((n for n in dates if any(k in n.locator for k in _CREATION_DATES)), dates[0]).timestamp
    return [replace(n, timestamp=stamp) if n.source == "note" and not n.timestamp else n for n in notes]

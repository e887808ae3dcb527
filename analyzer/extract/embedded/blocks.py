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


# How `<` opens a packet in each Unicode form the XMP specification allows (part 3, 1.1.3), BOM or not.
# Big-endian first: there the NULs come before the `<`, which a little-endian check would also match after it.
_PACKET_OPENINGS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"<\x00", "utf-16-le"),
)


def xmp_packet_text(packet: bytes) -> str:
    """The text of an XMP packet in UTF-8, UTF-16 or UTF-32, with or without a byte-order mark.

    The first `<` tells the form; stripping NULs before knowing it would shift UTF-16 by a byte.
    """
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be")):
        if packet.startswith(bom):
            return packet[4:].decode(encoding, errors="replace")
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if packet.startswith(bom):
            return packet[2:].decode(encoding, errors="replace")
    start = packet.find(b"<")
    if start >= 0:
        for opening, encoding in _PACKET_OPENINGS:
            at = start - opening.index(b"<")
            if at >= 0 and packet[at : at + len(opening)] == opening:
                width = 4 if "32" in encoding else 2
                body = packet[at:]
                return body[: len(body) - len(body) % width].decode(encoding, errors="replace").rstrip("\x00 \r\n")
    return decode_text(packet.strip(b"\x00 \t\r\n")).text


def notes_from_xmp_bytes(packet: bytes) -> list[Note]:
    """An embedded XMP packet (UTF-8, UTF-16 or UTF-32, BOM or not); raises FormatError when it is broken."""
    return list(notes_from_xmp(xmp_packet_text(packet), XMP_PREFIX))


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

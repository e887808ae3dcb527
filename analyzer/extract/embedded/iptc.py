"""IPTC-IIM records and the Photoshop image-resource blocks (IRB) that usually carry them.

IIM datasets are located as `IPTC:2:120`; the coded character set (1:90) is honoured
when present, otherwise the bytes are decoded like any undeclared metadata string.
"""

from __future__ import annotations

import struct

from analyzer.extract.base import FormatError, Note
from analyzer.extract.decode import decode_loose

# (record, dataset) -> (name, kind)
DATASETS: dict[tuple[int, int], tuple[str, str]] = {
    (2, 5): ("ObjectName", "note"),
    (2, 40): ("SpecialInstructions", "note"),
    (2, 105): ("Headline", "note"),
    (2, 120): ("Caption-Abstract", "note"),
    (2, 80): ("By-line", "author"),
    (2, 122): ("Writer-Editor", "author"),
    (2, 55): ("DateCreated", "date"),
    (2, 60): ("TimeCreated", "clock"),
    (2, 62): ("DigitalCreationDate", "date"),
    (2, 63): ("DigitalCreationTime", "clock"),
}
CLOCK_OF = {(2, 55): (2, 60), (2, 62): (2, 63)}
CODED_CHARACTER_SET = (1, 90)
UTF8_DESIGNATION = b"\x1b%G"
IRB_SIGNATURES = (b"8BIM", b"PHUT", b"AgHg", b"DCSR", b"MeSa")
IRB_IPTC, IRB_EXIF, IRB_XMP = 0x0404, 0x0422, 0x0424


def iim_datasets(data: bytes) -> list[tuple[int, int, bytes]]:
    """(record, dataset, value) in file order; stops at the padding after the last tag marker."""
    out: list[tuple[int, int, bytes]] = []
    pos = 0
    while pos + 5 <= len(data) and data[pos] == 0x1C:
        record, dataset, length = struct.unpack_from(">BBH", data, pos + 1)
        pos += 5
        if length & 0x8000:  # extended dataset: the next (length & 0x7FFF) bytes hold the length
            width = length & 0x7FFF
            if width > 8 or pos + width > len(data):
                raise FormatError("IPTC dataset with a broken extended length")
            length = int.from_bytes(data[pos : pos + width], "big")
            pos += width
        if pos + length > len(data):
            raise FormatError(f"IPTC dataset {record}:{dataset} runs past the end of the block")
        out.append((record, dataset, data[pos : pos + length]))
        pos += length
    return out


def _iso(date: str, clock: str | None) -> str:
    """ "20240109" + "101200+0830" -> "2024-01-09T10:12:00+08:30"."""
    text = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 and date.isdigit() else date
    if clock and len(clock) >= 6 and clock[:6].isdigit():
        text += f"T{clock[:2]}:{clock[2:4]}:{clock[4:6]}"
        zone = clock[6:]
        if len(zone) == 5 and zone[0] in "+-":
            text += f"{zone[:3]}:{zone[3:]}"
    return text


def notes_from_iim(data: bytes, prefix: str = "IPTC:") -> list[Note]:
    datasets = iim_datasets(data)
    utf8 = any((r, d) == CODED_CHARACTER_SET and UTF8_DESIGNATION in v for r, d, v in datasets)

    def decode(raw: bytes) -> str:
        return (raw.decode("utf-8", errors="replace") if utf8 else decode_loose(raw)).strip("\x00 \t\r\n")

    values = [((r, d), decode(v)) for r, d, v in datasets if (r, d) in DATASETS]
    first = {key: text for key, text in reversed(values) if text}
    stamps = {key: _iso(first[key], first.get(clock)) for key, clock in CLOCK_OF.items() if key in first}
    stamp = next(iter(stamps.values()), None)
    author = next((text for key, text in values if DATASETS[key][1] == "author" and text), None)
    notes: list[Note] = []
    seen: dict[tuple[int, int], int] = {}
    for key, text in values:
        kind = DATASETS[key][1]
        seen[key] = seen.get(key, 0) + 1  # a repeated dataset is told apart as `IPTC:2:120 #2`
        locator = f"{prefix}{key[0]}:{key[1]}" + (f" #{seen[key]}" if seen[key] > 1 else "")
        if not text:
            continue
        if kind == "note":
            notes.append(Note(locator, text, timestamp=stamp, author=author))
        elif kind == "date" and first.get(key) == text:
            notes.append(Note(locator, stamps[key], timestamp=stamps[key], source="metadata"))
        elif kind == "author":  # a clock is folded into its date above
            notes.append(Note(locator, text, source="metadata"))
    return notes


def image_resources(data: bytes) -> dict[int, bytes]:
    """Photoshop image resources by id (first of each id); stops quietly at trailing junk."""
    out: dict[int, bytes] = {}
    pos = 0
    while pos + 12 <= len(data) and data[pos : pos + 4] in IRB_SIGNATURES:
        (resource_id,) = struct.unpack_from(">H", data, pos + 4)
        name_length = data[pos + 6]
        pos += 6 + name_length + 1
        pos += pos % 2  # the Pascal name is padded to an even size
        if pos + 4 > len(data):
            raise FormatError("Photoshop resource block truncated")
        (size,) = struct.unpack_from(">I", data, pos)
        pos += 4
        if pos + size > len(data):
            raise FormatError(f"Photoshop resource 0x{resource_id:04X} runs past the end of the block")
        out.setdefault(resource_id, data[pos : pos + size])
        pos += size + size % 2
    return out

"""EXIF / TIFF directories: the tag table of where notes, authors and dates sit, and the walker.

Used for JPEG APP1 `Exif`, PNG `eXIf`, TIFF files and PSD EXIF resources. TIFF files
also hand back their embedded IPTC, XMP and Photoshop resource blocks.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from analyzer.extract.base import FormatError, Note
from analyzer.extract.decode import common_char, decode_loose

EXIF_IFD = 0x8769
# tag -> (name, kind, value coding); kind is note | author | time | offset
TAGS: dict[int, tuple[str, str, str]] = {
    0x010E: ("ImageDescription", "note", "ascii"),
    0x9C9B: ("XPTitle", "note", "ucs2"),
    0x9C9C: ("XPComment", "note", "ucs2"),
    0x9C9F: ("XPSubject", "note", "ucs2"),
    0x9286: ("UserComment", "note", "usercomment"),
    0x013B: ("Artist", "author", "ascii"),
    0x9C9D: ("XPAuthor", "author", "ucs2"),
    0x0132: ("DateTime", "time", "ascii"),
    0x9003: ("DateTimeOriginal", "time", "ascii"),
    0x9004: ("DateTimeDigitized", "time", "ascii"),
    0x9010: ("OffsetTime", "offset", "ascii"),
    0x9011: ("OffsetTimeOriginal", "offset", "ascii"),
    0x9012: ("OffsetTimeDigitized", "offset", "ascii"),
}
# Which offset tag qualifies which date tag (EXIF 2.31).
OFFSET_OF = {
    "DateTime": "OffsetTime",
    "DateTimeOriginal": "OffsetTimeOriginal",
    "DateTimeDigitized": "OffsetTimeDigitized",
}
BLOCK_TAGS = {0x83BB: "iptc", 0x02BC: "xmp", 0x8649: "irb"}  # blocks a TIFF file embeds
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_MAX_IFDS = 1024  # pages of a multi-page TIFF, plus their EXIF directories


@dataclass(slots=True)
class ExifContents:
    notes: list[Note] = field(default_factory=list)
    blocks: dict[str, bytes] = field(default_factory=dict)  # iptc | xmp | irb -> raw bytes


def _decode_ucs2(raw: bytes, order: str) -> str:
    """UCS-2 without a BOM: the byte order whose text is mostly common characters (TIFF order on a tie)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return decode_loose(raw)
    raw = raw[: len(raw) // 2 * 2]
    orders = ("utf-16-be", "utf-16-le") if order == ">" else ("utf-16-le", "utf-16-be")
    texts = [raw.decode(encoding, errors="replace").rstrip("\x00") for encoding in orders]
    return max(texts, key=lambda text: sum(map(common_char, text)))


def _decode_jis(raw: bytes) -> str:
    """EXIF "JIS": JIS X 0208, seen as ISO-2022-JP, bare 7-bit JIS pairs, Shift-JIS or EUC-JP."""
    if b"\x1b" in raw:
        return raw.decode("iso2022_jp", errors="replace")
    if all(b < 0x80 for b in raw):
        try:
            return (b"\x1b$B" + raw + b"\x1b(B").decode("iso2022_jp")
        except UnicodeDecodeError:
            return raw.decode("ascii", errors="replace")
    for encoding in ("shift_jis", "euc_jp"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return decode_loose(raw)


def decode_user_comment(raw: bytes, order: str = "<") -> str:
    """EXIF UserComment: an 8-byte character-code prefix (ASCII, UNICODE, JIS or undefined), then the text."""
    prefix, body = raw[:8], raw[8:]
    if len(raw) < 8:
        text = decode_loose(raw)
    elif prefix.startswith(b"UNICODE"):
        text = _decode_ucs2(body, order)
    elif prefix.startswith(b"JIS"):
        text = _decode_jis(body.rstrip(b"\x00"))
    else:  # ASCII, or undefined (eight NULs): in practice UTF-8 or a local code page
        text = decode_loose(body)
    return text.strip("\x00 \t\r\n")


def _decode(raw: bytes, coding: str, order: str) -> str:
    if coding == "usercomment":
        return decode_user_comment(raw, order)
    if coding == "ucs2":
        return _decode_ucs2(raw, "<").strip()  # Windows XP* tags are always little-endian
    return decode_loose(raw.split(b"\x00", 1)[0] if raw.count(b"\x00") == 1 else raw.rstrip(b"\x00")).strip()


def _iso_time(value: str, offset: str | None) -> str:
    """ "2024:01:09 10:12:00" (+ "+08:30") -> "2024-01-09T10:12:00+08:30"; odd values pass through."""
    value = value.strip()
    if len(value) >= 19 and value[4] == ":" and value[7] == ":":
        value = f"{value[:4]}-{value[5:7]}-{value[8:10]}T{value[11:19]}"
    return value + (offset.strip() if offset else "")


class _Reader:
    def __init__(self, data: bytes) -> None:
        if data[:4] not in (b"II*\x00", b"MM\x00*"):
            if data[:4] in (b"II+\x00", b"MM\x00+"):
                raise FormatError("BigTIFF is not read")
            raise FormatError("not a TIFF/EXIF structure")
        self.data = data
        self.order = "<" if data[:2] == b"II" else ">"

    def unpack(self, fmt: str, offset: int) -> tuple[int, ...]:
        size = struct.calcsize(self.order + fmt)
        if offset < 0 or offset + size > len(self.data):
            raise FormatError(f"EXIF directory points outside the data (offset {offset})")
        return struct.unpack_from(self.order + fmt, self.data, offset)

    def entries(self, offset: int) -> tuple[list[tuple[int, int, bytes]], int]:
        """(tag, type, raw value) of each entry of the IFD at `offset`, and the next IFD's offset."""
        (count,) = self.unpack("H", offset)
        out: list[tuple[int, int, bytes]] = []
        for index in range(count):
            tag, kind, number, inline = self.unpack("HHI4s", offset + 2 + 12 * index)
            size = _TYPE_SIZES.get(kind, 1) * number
            if size <= 4:
                raw = inline[:size]
            else:
                (pointer,) = struct.unpack(self.order + "I", inline)
                if pointer + size > len(self.data):
                    continue  # a value pointing past the end: skip that tag, keep the others
                raw = self.data[pointer : pointer + size]
            out.append((tag, kind, raw))
        (next_ifd,) = self.unpack("I", offset + 2 + 12 * count)
        return out, next_ifd

    def offset_value(self, raw: bytes) -> int:
        return struct.unpack(self.order + "I", raw[:4])[0] if len(raw) >= 4 else 0


def read_exif(data: bytes, prefix: str = "EXIF:") -> ExifContents:
    """Notes, authors and dates of every page directory and its EXIF sub-directory."""
    reader = _Reader(data)
    contents = ExifContents()
    values: list[tuple[int, str, str, str]] = []  # (page, name, kind, text)
    seen: set[int] = set()
    queue = [(reader.unpack("I", 4)[0], 1, True)]
    while queue and len(seen) < _MAX_IFDS:
        offset, page, follow = queue.pop(0)
        if offset == 0 or offset in seen:
            continue
        seen.add(offset)
        entries, next_ifd = reader.entries(offset)
        for tag, _kind, raw in entries:
            if tag == EXIF_IFD:
                queue.append((reader.offset_value(raw), page, False))
            elif tag in BLOCK_TAGS and page == 1:
                contents.blocks.setdefault(BLOCK_TAGS[tag], raw)
            elif tag in TAGS:
                name, kind, coding = TAGS[tag]
                text = _decode(raw, coding, reader.order)
                if text:
                    values.append((page, name, kind, text))
        if follow:
            queue.append((next_ifd, page + 1, True))
    contents.notes = _notes(values, prefix)
    return contents


def _notes(values: list[tuple[int, str, str, str]], prefix: str) -> list[Note]:
    def locator(page: int, name: str) -> str:
        return f"{prefix}{name}" + (f" (page {page})" if page > 1 else "")

    offsets = {(page, name): text for page, name, kind, text in values if kind == "offset"}
    times = {
        (page, name): _iso_time(text, offsets.get((page, OFFSET_OF[name])))
        for page, name, kind, text in values
        if kind == "time"
    }
    authors = {page: text for page, _name, kind, text in reversed(values) if kind == "author"}
    notes: list[Note] = []
    for page, name, kind, text in values:
        stamp = next(
            (times[(page, n)] for n in ("DateTimeOriginal", "DateTime", "DateTimeDigitized") if (page, n) in times),
            None,
        )
        if kind == "note":
            notes.append(Note(locator(page, name), text, timestamp=stamp, author=authors.get(page)))
        elif kind == "time":
            notes.append(
                Note(locator(page, name), times[(page, name)], timestamp=times[(page, name)], source="metadata")
            )
        else:
            notes.append(Note(locator(page, name), text, source="metadata"))
    return notes

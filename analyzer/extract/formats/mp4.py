"""MP4, MOV and other ISO/QuickTime files: the notes in their metadata boxes, never the media data.

Walks the box tree with strict bounds (each box inside its parent, at most 12 levels deep, `mdat`
skipped by its size) and reads: iTunes-style `udta/meta/ilst` items (`©cmt`, `©nam`, `©des`,
`desc`, `ldes` ... as notes, `©ART` as author, `©day` as time, `©too` as metadata), QuickTime
`udta` text atoms (`©cmt`, `©des`, `©nam`, a length and language code before the text), QuickTime
`mdta` keys (`com.apple.quicktime.comment` ...), the XMP packet of the `uuid` box (BE7ACFCB...) and of
Adobe's `XMP_` atom, and Nero chapter titles (`chpl`, as ffmpeg writes them). Located as
`MP4 moov/udta/meta/ilst/©cmt`, `MP4 chapter 2 (00:01:05.000)`.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_loose
from analyzer.extract.embedded.blocks import notes_from_xmp_bytes

CONTAINERS = {b"moov", b"udta", b"trak", b"mdia", b"minf", b"ilst", b"edts", b"moof", b"traf", b"meco"}
XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")
MAX_DEPTH = 12
# item -> kind; the four-character codes of the iTunes and QuickTime metadata tables (ExifTool's QuickTime tags).
ITEMS = {
    "©nam": "note",  # title
    "©cmt": "note",  # comment
    "©des": "note",  # description
    "desc": "note",
    "ldes": "note",  # long description
    "©inf": "note",  # information
    "©lyr": "note",
    "©ART": "author",
    "©aut": "author",
    "©wrt": "author",
    "©day": "time",
    "©too": "metadata",  # encoding tool
    "©swr": "metadata",
    "©enc": "metadata",
    "©alb": "metadata",
    "©cpy": "metadata",
    "cprt": "metadata",
}
KEYS = {  # QuickTime `mdta` keys, after the `com.apple.quicktime.` prefix
    "comment": "note",
    "description": "note",
    "title": "note",
    "information": "note",
    "keywords": "note",
    "author": "author",
    "artist": "author",
    "creationdate": "time",
    "software": "metadata",
    "make": "metadata",
    "model": "metadata",
}


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, body start, body end) of each box between start and end; a box running past its parent is an error."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise FormatError(f"box {kind!r} at byte {pos}: 64-bit size cut off")
            (size,) = struct.unpack_from(">Q", data, pos + 8)
            header = 16
        elif size == 0:
            size = end - pos  # to the end of the enclosing box
        if size < header or pos + size > end:
            raise FormatError(f"box {kind.decode('latin-1')!r} at byte {pos} runs past its parent")
        yield kind, pos + header, pos + size
        pos += size


def _name(kind: bytes) -> str:
    return kind.decode("mac_roman")  # © is 0xA9 in MacRoman, as QuickTime defines these codes


def _item_value(data: bytes, start: int, end: int) -> str | None:
    """The text of an ilst item's `data` box (type 1 UTF-8, 2 UTF-16), or None for binary values."""
    for kind, body, stop in _boxes(data, start, end):
        if kind == b"data" and stop - body >= 8:
            (type_indicator,) = struct.unpack_from(">I", data, body)
            raw = data[body + 8 : stop]
            if type_indicator & 0xFFFFFF == 1:
                return raw.decode("utf-8", errors="replace")
            if type_indicator & 0xFFFFFF == 2:
                return raw.decode("utf-16-be", errors="replace")
    return None


def _text_atom(raw: bytes) -> str:
    """A QuickTime user-data text: 16-bit length, 16-bit language, text (MacRoman for Mac language codes)."""
    if len(raw) < 4:
        return ""
    length, language = struct.unpack_from(">HH", raw)
    text = raw[4 : 4 + length]
    return text.decode("utf-8", errors="replace") if language >= 0x400 else decode_loose(text, fallback="mac_roman")


def _chapters(raw: bytes, label: str) -> Iterator[Note]:
    """Nero `chpl`: version, flags, 4 reserved bytes, a count, then (100 ns start, length, title) per chapter."""
    if len(raw) < 9:
        return
    pos, count = 9, raw[8]
    for number in range(1, count + 1):
        if pos + 9 > len(raw):
            raise FormatError("chapter list cut off")
        (start,) = struct.unpack_from(">Q", raw, pos)
        length = raw[pos + 8]
        title = raw[pos + 9 : pos + 9 + length].decode("utf-8", errors="replace").strip()
        pos += 9 + length
        seconds = start / 10_000_000
        stamp = f"{int(seconds // 3600):02d}:{int(seconds % 3600 // 60):02d}:{seconds % 60:06.3f}"
        if title:
            yield Note(f"{label} chapter {number} ({stamp})", title)


class _Reader:
    def __init__(self, data: bytes, label: str) -> None:
        self.data = data
        self.label = label
        self.found: list[Note] = []

    def walk(self, start: int, end: int, path: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise FormatError(f"boxes nested deeper than {MAX_DEPTH} levels")
        data = self.data
        for kind, body, stop in _boxes(data, start, end):
            name = _name(kind)
            where = f"{path}/{name}" if path else name
            if kind in CONTAINERS:
                self.walk(body, stop, where, depth + 1)
            elif kind == b"meta":
                # ISO meta is a full box (4 bytes of version and flags); QuickTime's is not.
                inner = body + 4 if data[body : body + 4] == b"\x00\x00\x00\x00" else body
                self.meta(inner, stop, where, depth + 1)
            elif kind == b"uuid" and data[body : body + 16] == XMP_UUID:
                self.xmp(data[body + 16 : stop])
            elif kind == b"XMP_":
                self.xmp(data[body:stop])
            elif kind == b"chpl":
                self.found += _chapters(data[body:stop], self.label)
            elif path.endswith("udta") and name in ITEMS:
                self.add(where, ITEMS[name], _text_atom(data[body:stop]))

    def meta(self, start: int, end: int, path: str, depth: int) -> None:
        keys: list[str] = []
        for kind, body, stop in _boxes(self.data, start, end):
            if kind == b"keys" and stop - body >= 8:
                keys = self.mdta_keys(body + 8, stop)
            elif kind == b"ilst":
                for item, item_body, item_stop in _boxes(self.data, body, stop):
                    (index,) = struct.unpack_from(">I", item)
                    if keys and 1 <= index <= len(keys):
                        key = keys[index - 1]
                        kind_of = KEYS.get(key.removeprefix("com.apple.quicktime.").lower(), "metadata")
                        where = f"{path}/keys/{key}"
                    else:
                        where = f"{path}/ilst/{_name(item)}"
                        kind_of = ITEMS.get(_name(item), "metadata")
                    value = _item_value(self.data, item_body, item_stop)
                    if value is not None:
                        self.add(where, kind_of, value)

    def mdta_keys(self, start: int, end: int) -> list[str]:
        names = []
        for _, body, stop in _boxes(self.data, start, end):
            names.append(self.data[body:stop].decode("utf-8", errors="replace"))
        return names

    def xmp(self, packet: bytes) -> None:
        self.found += [
            Note(f"{self.label} {n.locator}", n.text, n.timestamp, n.author, n.source)
            for n in notes_from_xmp_bytes(packet)
        ]

    def add(self, where: str, kind: str, text: str) -> None:
        text = text.replace("\x00", "").strip()
        if not text:
            return
        locator = f"{self.label} {where}"
        if kind == "note":
            self.found.append(Note(locator, text))
        else:
            self.found.append(Note(locator, text, timestamp=text if kind == "time" else None, source="metadata"))


def _is_iso_media(head: bytes) -> bool:
    return head[4:8] == b"ftyp" or head[4:8] in (b"moov", b"wide", b"free", b"mdat", b"skip")


def read_mp4(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if len(data) < 8 or not _is_iso_media(data[:12]):
        raise FormatError("not an MP4/QuickTime file (no ftyp or moov box at the start)")
    label = "MOV" if data[8:12] == b"qt  " else "MP4"
    reader = _Reader(data, label)
    reader.walk(0, len(data), "", 0)
    author = next((n.text for n in reader.found if n.source == "metadata" and "©ART" in n.locator), None)
    stamp = next((n.timestamp for n in reader.found if n.timestamp), None)
    for note in reader.found:
        if note.source == "note" and not (note.author or note.timestamp):
            yield Note(note.locator, note.text, stamp, author, note.source)
        else:
            yield note


EXTRACTOR = Extractor(
    name="mp4",
    suffixes=(".mp4", ".m4v", ".m4a", ".mov", ".qt", ".3gp", ".3g2"),
    read=read_mp4,
    sniff=lambda head: head[4:8] == b"ftyp",
)

"""Matroska and WebM (`.mkv`, `.mka`, `.webm`): tags, titles and chapter names, never the media data.

Reads EBML elements directly with strict bounds: Segment Info `Title` (a note) and `MuxingApp` /
`WritingApp` / `DateUTC` (metadata), every `Tags/Tag/SimpleTag` (TITLE, COMMENT, DESCRIPTION,
SUMMARY, SYNOPSIS, KEYWORDS, SUBJECT as notes, nested tags too; ARTIST, DIRECTOR, WRITTEN_BY as
the notes' author; DATE_* as time; the rest as metadata) and chapter names (`ChapString`).
Clusters (the audio and video) are skipped by their size; a cluster of unknown size ends the walk,
so tags written after it in a live stream are not read. Located as `MKV Tags/Tag 2/COMMENT`,
`MKV chapter 3`, `MKV Info/Title`.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext

EBML, SEGMENT, CLUSTER = 0x1A45DFA3, 0x18538067, 0x1F43B675
INFO, TITLE, MUXING_APP, WRITING_APP, DATE_UTC = 0x1549A966, 0x7BA9, 0x4D80, 0x5741, 0x4461
TAGS, TAG, SIMPLE_TAG, TAG_NAME, TAG_STRING, TAG_LANGUAGE = 0x1254C367, 0x7373, 0x67C8, 0x45A3, 0x4487, 0x447A
CHAPTERS, EDITION, ATOM, DISPLAY, CHAP_STRING, CHAP_LANGUAGE = 0x1043A770, 0x45B9, 0xB6, 0x80, 0x85, 0x437C
MASTERS = {SEGMENT, INFO, TAGS, TAG, SIMPLE_TAG, CHAPTERS, EDITION, ATOM, DISPLAY}
NOTE_TAGS = {"TITLE", "COMMENT", "DESCRIPTION", "SUMMARY", "SYNOPSIS", "KEYWORDS", "SUBJECT", "LYRICS", "SUBTITLE"}
AUTHOR_TAGS = {"ARTIST", "DIRECTOR", "WRITTEN_BY", "AUTHOR", "COMPOSER"}
MAX_DEPTH = 16
_UNKNOWN = -1


def _vint(data: bytes, pos: int, end: int, keep_marker: bool) -> tuple[int, int]:
    """(value, next position) of an EBML variable-length integer; the marker bit stays in element ids."""
    if pos >= end:
        raise FormatError(f"EBML element cut off at byte {pos}")
    first = data[pos]
    width = 8 - first.bit_length() + 1
    if first == 0 or pos + width > end:
        raise FormatError(f"broken EBML length at byte {pos}")
    value = first if keep_marker else first & (0xFF >> width)
    for byte in data[pos + 1 : pos + width]:
        value = (value << 8) | byte
    if not keep_marker and value == (1 << (7 * width)) - 1:
        value = _UNKNOWN  # all ones: size unknown (live streams)
    return value, pos + width


def _elements(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(id, body start, body end) of each element between start and end."""
    pos = start
    while pos < end:
        element, pos = _vint(data, pos, end, keep_marker=True)
        size, body = _vint(data, pos, end, keep_marker=False)
        stop = end if size == _UNKNOWN else body + size
        if stop > end:
            raise FormatError(f"EBML element 0x{element:X} at byte {pos} runs past its parent")
        yield element, body, stop
        if size == _UNKNOWN and element == CLUSTER:
            return  # a live stream's cluster: its end is unknown, nothing after it can be found safely
        pos = stop


def _text(data: bytes, start: int, end: int) -> str:
    return data[start:end].split(b"\x00", 1)[0].decode("utf-8", errors="replace").strip()


def _date(data: bytes, start: int, end: int) -> str | None:
    """DateUTC: nanoseconds since 2001-01-01T00:00:00 UTC as a signed 8-byte integer."""
    if end - start != 8:
        return None
    (nanoseconds,) = struct.unpack(">q", data[start:end])
    try:
        return (datetime(2001, 1, 1, tzinfo=UTC) + timedelta(microseconds=nanoseconds // 1000)).isoformat()
    except OverflowError:
        return None


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.found: list[Note] = []
        self.tags = 0
        self.chapters = 0

    def walk(self, start: int, end: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise FormatError(f"EBML elements nested deeper than {MAX_DEPTH} levels")
        for element, body, stop in _elements(self.data, start, end):
            if element == SEGMENT:
                self.walk(body, stop, depth + 1)
            elif element == INFO:
                self.info(body, stop)
            elif element == TAGS:
                for tag, tag_body, tag_stop in _elements(self.data, body, stop):
                    if tag == TAG:
                        self.tags += 1
                        self.simple_tags(tag_body, tag_stop, f"MKV Tags/Tag {self.tags}", depth + 1)
            elif element == CHAPTERS:
                self.chapter_atoms(body, stop, depth + 1)

    def info(self, start: int, end: int) -> None:
        for element, body, stop in _elements(self.data, start, end):
            if element == TITLE and (text := _text(self.data, body, stop)):
                self.found.append(Note("MKV Info/Title", text))
            elif element in (MUXING_APP, WRITING_APP) and (text := _text(self.data, body, stop)):
                name = "MuxingApp" if element == MUXING_APP else "WritingApp"
                self.found.append(Note(f"MKV Info/{name}", text, source="metadata"))
            elif element == DATE_UTC and (stamp := _date(self.data, body, stop)):
                self.found.append(Note("MKV Info/DateUTC", stamp, timestamp=stamp, source="metadata"))

    def simple_tags(self, start: int, end: int, where: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise FormatError(f"tags nested deeper than {MAX_DEPTH} levels")
        for element, body, stop in _elements(self.data, start, end):
            if element != SIMPLE_TAG:
                continue
            name = value = language = ""
            for part, part_body, part_stop in _elements(self.data, body, stop):
                if part == TAG_NAME:
                    name = _text(self.data, part_body, part_stop)
                elif part == TAG_STRING:
                    value = _text(self.data, part_body, part_stop)
                elif part == TAG_LANGUAGE:
                    language = _text(self.data, part_body, part_stop)
            locator = f"{where}/{name or 'SimpleTag'}" + (f"[{language}]" if language and language != "und" else "")
            if value:
                upper = name.upper()
                if upper in NOTE_TAGS:
                    self.found.append(Note(locator, value))
                elif upper.startswith("DATE"):
                    self.found.append(Note(locator, value, timestamp=value, source="metadata"))
                else:
                    self.found.append(Note(locator, value, source="metadata"))
            self.simple_tags(body, stop, locator, depth + 1)  # a tag may nest tags about its value

    def chapter_atoms(self, start: int, end: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise FormatError(f"chapters nested deeper than {MAX_DEPTH} levels")
        for element, body, stop in _elements(self.data, start, end):
            if element in (EDITION, ATOM):
                if element == ATOM:
                    self.chapters += 1
                    number = self.chapters
                    for part, part_body, part_stop in _elements(self.data, body, stop):
                        if part == DISPLAY:
                            self.chapter_display(part_body, part_stop, number)
                self.chapter_atoms(body, stop, depth + 1)

    def chapter_display(self, start: int, end: int, number: int) -> None:
        text = language = ""
        for part, body, stop in _elements(self.data, start, end):
            if part == CHAP_STRING:
                text = _text(self.data, body, stop)
            elif part == CHAP_LANGUAGE:
                language = _text(self.data, body, stop)
        if text:
            self.found.append(
                Note(f"MKV chapter {number}" + (f" [{language}]" if language not in ("", "eng", "und") else ""), text)
            )


def read_mkv(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if not data.startswith(b"\x1a\x45\xdf\xa3"):
        raise FormatError("not a Matroska/WebM file (no EBML header)")
    reader = _Reader(data)
    reader.walk(0, len(data), 0)
    author = next(
        (n.text for n in reader.found if n.locator.rsplit("/", 1)[-1].split("[")[0].upper() in AUTHOR_TAGS), None
    )
    stamp = next((n.timestamp for n in reader.found if n.timestamp), None)
    for note in reader.found:
        yield Note(
            note.locator,
            note.text,
            note.timestamp or (stamp if note.source == "note" else None),
            author if note.source == "note" else None,
            note.source,
        )


EXTRACTOR = Extractor(
    name="mkv",
    suffixes=(".mkv", ".mka", ".mks", ".mk3d", ".webm"),
    read=read_mkv,
    sniff=lambda head: head.startswith(b"\x1a\x45\xdf\xa3"),
)

"""Legacy PowerPoint presentations (.ppt, 97-2003) read from the record stream, as [MS-PPT] describes it.

Slides are numbered in presentation order (the slide list's persist references, resolved through the
persist directory of the last save). Text atoms (TextCharsAtom UTF-16, TextBytesAtom 8-bit) of a slide's
outline and text boxes are `slide 3 shape 2`, its notes page `slide 3 notes`, Comment10 records
`slide 3 comment 1` with their author and date. Masters (template prompts) are not read.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.office import note_or_template, open_ole, read_stream

MAX_RECORDS = 2_000_000
MAX_EDITS = 1000
_KIND = "PowerPoint presentation"
_SLIDE_LIST, _SLIDE_PERSIST, _NOTES_ATOM = 0x0FF0, 0x03F3, 0x03F1
_TEXT_CHARS, _TEXT_BYTES, _CSTRING = 0x0FA0, 0x0FA8, 0x0FBA
_COMMENT, _COMMENT_ATOM = 0x2EE0, 0x2EE1
_USER_EDIT, _PERSIST_DIRECTORY = 0x0FF5, 0x1772


def _header(stream: bytes, at: int) -> tuple[int, int, int, int]:
    """(version, instance, type, length) of the record at `at`."""
    ver_instance, kind, length = struct.unpack_from("<HHI", stream, at)
    return ver_instance & 0xF, ver_instance >> 4, kind, length


def _children(stream: bytes, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """(offset, instance, type, length) of the records directly inside [start, end)."""
    at = start
    while at + 8 <= end:
        _, instance, kind, length = _header(stream, at)
        yield at, instance, kind, length
        at += 8 + length


def _walk(stream: bytes, start: int, end: int, budget: list[int]) -> Iterator[tuple[int, int, int, int]]:
    """Every record in [start, end), depth first, containers opened (version 0xF)."""
    stack = [(start, end)]
    while stack:
        begin, stop = stack.pop()
        found = list(_children(stream, begin, stop))
        budget[0] -= len(found)
        if budget[0] < 0:
            raise FormatError(f"PowerPoint record stream has more than {MAX_RECORDS} records")
        pending = []
        for at, instance, kind, length in found:
            yield at, instance, kind, length
            if stream[at] & 0xF == 0xF:
                pending.append((at + 8, min(at + 8 + length, stop)))
        stack.extend(reversed(pending))


def _atom_text(stream: bytes, at: int, kind: int, length: int) -> str:
    body = stream[at + 8 : at + 8 + length]
    text = body.decode("utf-16-le", errors="replace") if kind in (_TEXT_CHARS, _CSTRING) else body.decode("latin-1")
    text = text.replace("\r", "\n").replace("\x0b", "\n").strip()
    return "" if text == "*" else text  # "*" stands for the slide-number field on notes pages


def _persist_offsets(stream: bytes, current_user: bytes | None) -> dict[int, int]:
    """Persist id -> stream offset, from the last UserEditAtom back through earlier edits."""
    offsets: dict[int, int] = {}
    if not current_user or len(current_user) < 20:
        return offsets
    edit = struct.unpack_from("<I", current_user, 16)[0]
    seen: set[int] = set()
    while edit and edit not in seen and len(seen) < MAX_EDITS and edit + 28 <= len(stream):
        seen.add(edit)
        if _header(stream, edit)[2] != _USER_EDIT:
            break
        last_edit, directory = struct.unpack_from("<II", stream, edit + 16)
        if directory + 8 <= len(stream) and _header(stream, directory)[2] == _PERSIST_DIRECTORY:
            length = _header(stream, directory)[3]
            at, end = directory + 8, min(directory + 8 + length, len(stream))
            while at + 4 <= end:
                entry = struct.unpack_from("<I", stream, at)[0]
                first, count = entry & 0xFFFFF, entry >> 20
                for i in range(count):
                    if at + 8 + 4 * i <= end:
                        offsets.setdefault(first + i, struct.unpack_from("<I", stream, at + 4 + 4 * i)[0])
                at += 4 + 4 * count
        edit = last_edit
    return offsets


def read_ppt(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    ole = open_ole(data, _KIND)
    try:
        stream = read_stream(ole, "PowerPoint Document", _KIND, ctx.limits.max_file_bytes)
        current_user = read_stream(ole, "Current User", _KIND, 1 << 16)
        encrypted = ole.exists("EncryptedSummary")
    finally:
        ole.close()
    if stream is None:
        raise FormatError("not a PowerPoint presentation: no PowerPoint Document stream")
    if encrypted:
        raise FormatError("encrypted PowerPoint presentation (no password is tried)")
    ctx.encoding = "utf-16-le"
    try:
        notes = list(_read(stream, current_user))
    except FormatError:
        raise  # already a reason (FormatError is a ValueError)
    except (struct.error, IndexError, ValueError) as err:
        raise FormatError(f"damaged PowerPoint presentation: {type(err).__name__}: {err}"[:300]) from None
    yield from notes


def _read(stream: bytes, current_user: bytes | None) -> Iterator[Note]:
    budget = [MAX_RECORDS]
    offsets = _persist_offsets(stream, current_user)
    slides: list[tuple[int, list[str]]] = []  # per slide: (persist id, outline texts)
    notes: list[tuple[int, list[str]]] = []
    slide_ids: dict[int, int] = {}  # slide id -> slide number
    for at, instance, kind, length in _walk(stream, 0, len(stream), budget):
        if kind != _SLIDE_LIST or instance not in (0, 2):
            continue
        target = slides if instance == 0 else notes
        for child, _, child_kind, child_length in _children(stream, at + 8, min(at + 8 + length, len(stream))):
            if child_kind == _SLIDE_PERSIST and child_length >= 16:
                persist, _, _, slide_id = struct.unpack_from("<IIII", stream, child + 8)
                target.append((persist, []))
                if instance == 0:
                    slide_ids[slide_id] = len(slides)
            elif child_kind in (_TEXT_CHARS, _TEXT_BYTES) and target:
                target[-1][1].append(_atom_text(stream, child, child_kind, child_length))
        if slides and notes:
            break
    for number, (persist, outline) in enumerate(slides, start=1):
        texts = [*outline, *_container_texts(stream, offsets.get(persist), budget)]
        for shape, text in enumerate((t for t in texts if t), start=1):
            yield note_or_template(f"slide {number} shape {shape}", text)
        yield from _comments(stream, offsets.get(persist), number, budget)
    for persist, outline in notes:
        start = offsets.get(persist)
        number = _notes_slide(stream, start, slide_ids)
        text = "\n".join(t for t in [*outline, *_container_texts(stream, start, budget)] if t)
        if text and number:
            yield note_or_template(f"slide {number} notes", text)


def _container(stream: bytes, start: int | None) -> tuple[int, int] | None:
    if start is None or start + 8 > len(stream) or stream[start] & 0xF != 0xF:
        return None
    return start + 8, min(start + 8 + _header(stream, start)[3], len(stream))


def _container_texts(stream: bytes, start: int | None, budget: list[int]) -> list[str]:
    """Text atoms of a slide's or notes page's drawing (text boxes), outside its comments."""
    span = _container(stream, start)
    if span is None:
        return []
    inside_comments: list[tuple[int, int]] = []
    texts = []
    for at, _, kind, length in _walk(stream, *span, budget):
        if kind == _COMMENT:
            inside_comments.append((at, at + 8 + length))
        elif kind in (_TEXT_CHARS, _TEXT_BYTES) and not any(a <= at < b for a, b in inside_comments):
            texts.append(_atom_text(stream, at, kind, length))
    return texts


def _notes_slide(stream: bytes, start: int | None, slide_ids: dict[int, int]) -> int | None:
    span = _container(stream, start)
    for at, _, kind, length in _children(stream, *span) if span else ():
        if kind == _NOTES_ATOM and length >= 4:
            return slide_ids.get(struct.unpack_from("<I", stream, at + 8)[0])
    return None


def _comments(stream: bytes, start: int | None, number: int, budget: list[int]) -> Iterator[Note]:
    span = _container(stream, start)
    if span is None:
        return
    count = 0
    for at, _, kind, length in _walk(stream, *span, budget):
        if kind != _COMMENT:
            continue
        fields: dict[int, str] = {}
        date = None
        for child, instance, child_kind, child_length in _children(stream, at + 8, min(at + 8 + length, len(stream))):
            if child_kind == _CSTRING:
                fields[instance] = _atom_text(stream, child, child_kind, child_length)
            elif child_kind == _COMMENT_ATOM and child_length >= 20:
                year, month, _, day, hour, minute, second = struct.unpack_from("<7H", stream, child + 12)
                if 1 <= month <= 12 and 1 <= day <= 31:
                    date = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
        if fields.get(1):
            count += 1
            yield Note(f"slide {number} comment {count}", fields[1], timestamp=date, author=fields.get(0) or None)


EXTRACTOR = Extractor(name="ppt", suffixes=(".ppt", ".pps"), read=read_ppt, ole_streams=("PowerPoint Document",))

"""Legacy Word documents (.doc, Word 97-2003) read from the piece table, as [MS-DOC] describes it.

FIB -> CLX -> piece table: each piece is 8-bit (Windows-1252, "compressed") or UTF-16 text. The text
stream holds the main document, then footnotes, headers, comments (annotations), endnotes and text boxes,
each its own range of character positions. Located as `paragraph 4`, `footnote 1`, `header paragraph 1`,
`text box paragraph 1`, `comment 2 (paragraph 4)` with the author from the annotation owners table.
Field codes are dropped (their results kept). Not read: tracked-change marks (the text is read as it is
stored, insertions and deletions alike, unmarked), comment dates, Word 6/95 files, encrypted files.
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.office import open_ole, read_stream

MAX_CHARACTERS = 20_000_000
_KIND = "Word document"
# FibRgLw97: counts of characters per story, in this order after cbMac, lProductCreated, lProductRevised.
_STORIES = ("main", "footnote", "header", "macro", "comment", "endnote", "text box", "header text box")
# FibRgFcLcb97 entries (index -> name) the reader uses.
_PLCFFND_TXT, _PLCFAND_REF, _PLCFAND_TXT, _CLX, _ATN_OWNERS = 3, 4, 5, 33, 36
_DROPPED = {0x01, 0x02, 0x03, 0x04, 0x05, 0x08}  # picture, note and comment reference marks, drawn objects


def read_doc(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    ole = open_ole(data, _KIND)
    try:
        word = read_stream(ole, "WordDocument", _KIND, ctx.limits.max_file_bytes)
        if word is None:
            raise FormatError("not a Word document: no WordDocument stream")
        fib = _Fib(word)
        table = read_stream(ole, fib.table_stream, _KIND, ctx.limits.max_file_bytes)
    finally:
        ole.close()
    if table is None:
        raise FormatError(f"damaged Word document: no {fib.table_stream} stream")
    try:
        text = _text(word, table, fib)
        notes = list(_notes(text, table, fib))
    except (struct.error, IndexError, ValueError, OverflowError) as err:
        raise FormatError(f"damaged Word document: {type(err).__name__}: {err}"[:300]) from None
    ctx.encoding = "utf-16-le"
    yield from notes


class _Fib:
    """The parts of the File Information Block the reader needs."""

    def __init__(self, word: bytes) -> None:
        if len(word) < 154 or word[:2] != b"\xec\xa5":
            raise FormatError("not a Word 97-2003 document: bad FIB")
        n_fib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 10)[0]
        if flags & 0x0100:
            raise FormatError("encrypted Word document (no password is tried)")
        if n_fib < 0xC1 and n_fib not in (0x00C0,):
            raise FormatError(f"Word 6/95 document (nFib {n_fib:#x}) is not read")
        self.table_stream = "1Table" if flags & 0x0200 else "0Table"
        csw = struct.unpack_from("<H", word, 32)[0]
        at = 34 + csw * 2
        cslw = struct.unpack_from("<H", word, at)[0]
        lw = at + 2
        counts = struct.unpack_from(f"<{min(cslw, 11)}i", word, lw)
        self.ccp = {name: max(counts[3 + i], 0) if 3 + i < len(counts) else 0 for i, name in enumerate(_STORIES)}
        at = lw + cslw * 4
        cb = struct.unpack_from("<H", word, at)[0]
        self.fc_lcb = [struct.unpack_from("<II", word, at + 2 + 8 * i) for i in range(min(cb, 40))]

    def blob(self, table: bytes, index: int) -> bytes:
        if index >= len(self.fc_lcb):
            return b""
        fc, lcb = self.fc_lcb[index]
        return table[fc : fc + lcb] if lcb and fc + lcb <= len(table) else b""

    def story_start(self, name: str) -> int:
        return sum(self.ccp[s] for s in _STORIES[: _STORIES.index(name)])


def _text(word: bytes, table: bytes, fib: _Fib) -> str:
    """The whole text stream (all stories) assembled from the piece table."""
    clx = fib.blob(table, _CLX)
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc entries (property modifiers) come first
        at += 3 + struct.unpack_from("<H", clx, at + 1)[0]
    if at >= len(clx) or clx[at] != 0x02:
        raise FormatError("damaged Word document: no piece table")
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5 : at + 5 + size]
    pieces = (len(plc) - 4) // 12
    if pieces <= 0:
        return ""
    cps = struct.unpack_from(f"<{pieces + 1}I", plc, 0)
    out: list[str] = []
    total = 0
    for i in range(pieces):
        fc_value = struct.unpack_from("<I", plc, 4 * (pieces + 1) + 8 * i + 2)[0]
        count = max(cps[i + 1] - cps[i], 0)
        total += count
        if total > MAX_CHARACTERS:
            raise FormatError(f"Word document text runs past {MAX_CHARACTERS} characters")
        if fc_value & 0x40000000:  # compressed: one byte a character, at fc / 2
            start = (fc_value & 0x3FFFFFFF) // 2
            out.append(word[start : start + count].decode("cp1252", errors="replace"))
        else:
            start = fc_value & 0x3FFFFFFF
            out.append(word[start : start + 2 * count].decode("utf-16-le", errors="replace"))
    return "".join(out)


def _paragraphs(text: str) -> Iterator[tuple[int, int, str]]:
    """(number, start offset, text) for each paragraph of a story, field codes dropped."""
    number = 0
    start = 0
    fields: list[bool] = []  # per open field: still in its instruction part
    current: list[str] = []
    for offset, char in enumerate(text):
        code = ord(char)
        if code == 0x13:
            fields.append(True)
        elif code == 0x14:
            if fields:
                fields[-1] = False
        elif code == 0x15:
            if fields:
                fields.pop()
        elif code in (0x0D, 0x07, 0x0C):  # paragraph end, table cell end, page or section break
            number += 1
            yield number, start, "".join(current).strip()
            current, start = [], offset + 1
        elif any(fields) or code in _DROPPED:
            continue
        elif code == 0x0B:
            current.append("\n")
        elif code == 0x1E:
            current.append("-")
        elif code >= 0x20 or code == 0x09:
            current.append(char)
    if current:
        yield number + 1, start, "".join(current).strip()


def _boundaries(blob: bytes) -> list[int]:
    count = len(blob) // 4
    return list(struct.unpack_from(f"<{count}I", blob, 0)) if count else []


def _notes(text: str, table: bytes, fib: _Fib) -> Iterator[Note]:
    main_end = fib.ccp["main"]
    main = text[:main_end]
    starts: list[int] = []
    for number, start, paragraph in _paragraphs(main):
        starts.append(start)
        if paragraph:
            yield Note(f"paragraph {number}", paragraph)
    footnote_start = fib.story_start("footnote")
    cps = _boundaries(fib.blob(table, _PLCFFND_TXT))
    for i in range(max(len(cps) - 1, 0)):
        body = "\n".join(p for _, _, p in _paragraphs(text[footnote_start + cps[i] : footnote_start + cps[i + 1]]) if p)
        if body:
            yield Note(f"footnote {i + 1}", body)
    for story, label in (("header", "header"), ("text box", "text box"), ("endnote", "endnote")):
        start = fib.story_start(story)
        for number, _, paragraph in _paragraphs(text[start : start + fib.ccp[story]]):
            if paragraph:
                yield Note(f"{label} paragraph {number}", paragraph)
    yield from _comments(text, table, fib, starts)


def _comments(text: str, table: bytes, fib: _Fib, paragraph_starts: list[int]) -> Iterator[Note]:
    owners = _owners(fib.blob(table, _ATN_OWNERS))
    refs = fib.blob(table, _PLCFAND_REF)
    count = (len(refs) - 4) // 34 if len(refs) >= 38 else 0
    ref_cps = struct.unpack_from(f"<{count}I", refs, 0) if count else ()
    texts = _boundaries(fib.blob(table, _PLCFAND_TXT))
    start = fib.story_start("comment")
    for i in range(min(count, max(len(texts) - 1, 0))):
        body = "\n".join(p for _, _, p in _paragraphs(text[start + texts[i] : start + texts[i + 1]]) if p)
        if not body:
            continue
        owner = struct.unpack_from("<h", refs, 4 * (count + 1) + 30 * i + 20)[0]
        author = owners[owner] if 0 <= owner < len(owners) else None
        paragraph = bisect.bisect_right(paragraph_starts, ref_cps[i]) or 1
        yield Note(f"comment {i + 1} (paragraph {paragraph})", body, author=author)


def _owners(blob: bytes) -> list[str]:
    """The annotation owners table: a run of (character count, UTF-16 name) strings."""
    names: list[str] = []
    at = 0
    while at + 2 <= len(blob):
        count = struct.unpack_from("<H", blob, at)[0]
        names.append(blob[at + 2 : at + 2 + 2 * count].decode("utf-16-le", errors="replace"))
        at += 2 + 2 * count
    return names


EXTRACTOR = Extractor(name="doc", suffixes=(".doc",), read=read_doc)

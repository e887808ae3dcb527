"""Legacy Word documents (.doc, Word 97-2003) read from the piece table, as [MS-DOC] describes it.

FIB -> CLX -> piece table: each piece is 8-bit (Windows-1252, "compressed") or UTF-16 text. The text
stream holds the main document, then footnotes, headers, comments (annotations), endnotes and text boxes,
each its own range of character positions. Located as `paragraph 4`, `footnote 1`, `header paragraph 1`,
`text box paragraph 1`, `comment 2 (paragraph 4)` with the author from the annotation owners table.
Tracked changes (the revision-mark character properties) come out as `paragraph 4 (inserted)` /
`(deleted)` with their author and date; comment dates from the Word 2002 extra annotation records. Field codes are
dropped (their results kept). Not read: Word 6/95 files, encrypted files.
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.office import dttm, open_ole, read_stream

MAX_CHARACTERS = 20_000_000
_KIND = "Word document"
# FibRgLw97: counts of characters per story, in this order after cbMac, lProductCreated, lProductRevised.
_STORIES = ("main", "footnote", "header", "macro", "comment", "endnote", "text box", "header text box")
# FibRgFcLcb97 entries (index -> name) the reader uses.
_PLCFFND_TXT, _PLCFAND_REF, _PLCFAND_TXT, _BTE_CHPX, _CLX, _ATN_OWNERS, _RMARK_AUTHORS = 3, 4, 5, 12, 33, 36, 51
_ATRD_EXTRA = 112  # FibRgFcLcb2002 (Word 2002 and later, LibreOffice too): comment dates, 18 bytes each
# Character properties of tracked changes: (sprm -> change kind) and the author and date sprms of each kind.
_MARK_SPRMS = {0x0801: "inserted", 0x0800: "deleted"}
_AUTHOR_SPRMS = {0x4804: "inserted", 0x4863: "deleted"}
_DATE_SPRMS = {0x6805: "inserted", 0x6864: "deleted"}
_OPERAND_SIZES = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by spra (sprm >> 13); 6 is variable
MAX_RUNS = 1_000_000
_DROPPED = {0x01, 0x02, 0x03, 0x04, 0x05, 0x08}  # picture, note and comment reference marks, drawn objects


def read_doc(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    ole = open_ole(data, _KIND)
    try:
        word = read_stream(ole, "WordDocument", _KIND, ctx.limits.max_file_bytes)
        if word is None:
            raise FormatError("not a Word document: no WordDocument stream")
        try:
            fib = _Fib(word)
        except (struct.error, IndexError) as err:
            raise FormatError(f"damaged Word document: file information block: {err}"[:300]) from None
        table = read_stream(ole, fib.table_stream, _KIND, ctx.limits.max_file_bytes)
    finally:
        ole.close()
    if table is None:
        raise FormatError(f"damaged Word document: no {fib.table_stream} stream")
    try:
        text, pieces = _text(word, table, fib)
        marks = _Marks(_revisions(word, table, fib, pieces))
        notes = list(_notes(text, table, fib, marks, _sttb(fib.blob(table, _RMARK_AUTHORS))))
    except FormatError:
        raise  # already a reason (FormatError is a ValueError)
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
        self.fc_lcb = [struct.unpack_from("<II", word, at + 2 + 8 * i) for i in range(min(cb, 120))]

    def blob(self, table: bytes, index: int) -> bytes:
        if index >= len(self.fc_lcb):
            return b""
        fc, lcb = self.fc_lcb[index]
        return table[fc : fc + lcb] if lcb and fc + lcb <= len(table) else b""

    def story_start(self, name: str) -> int:
        return sum(self.ccp[s] for s in _STORIES[: _STORIES.index(name)])


Piece = tuple[int, int, int, int]  # (first character position, characters, first byte in WordDocument, bytes each)


def _text(word: bytes, table: bytes, fib: _Fib) -> tuple[str, list[Piece]]:
    """The whole text stream (all stories) assembled from the piece table, and the pieces."""
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
        return "", []
    cps = struct.unpack_from(f"<{pieces + 1}I", plc, 0)
    out: list[str] = []
    located: list[Piece] = []
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
            located.append((cps[i], count, start, 1))
        else:
            start = fc_value & 0x3FFFFFFF
            out.append(word[start : start + 2 * count].decode("utf-16-le", errors="replace"))
            located.append((cps[i], count, start, 2))
    return "".join(out), located


Revision = tuple[int, int, str, int, int]  # (first character position, end, kind, author index, DTTM)


def _revisions(word: bytes, table: bytes, fib: _Fib, pieces: list[Piece]) -> list[Revision]:
    """Character runs marked as tracked insertions or deletions, in character positions, sorted."""
    plc = fib.blob(table, _BTE_CHPX)
    count = (len(plc) - 4) // 8
    if count <= 0:
        return []
    pages = struct.unpack_from(f"<{count}I", plc, 4 * (count + 1))
    runs: list[tuple[int, int, str, int, int]] = []  # in byte offsets of WordDocument
    for page in pages[:MAX_RUNS]:
        base = (page & 0x3FFFFF) * 512
        if base + 512 > len(word):
            continue
        fkp = word[base : base + 512]
        crun = fkp[511]
        if crun == 0 or 4 * (crun + 1) + crun > 511:
            continue
        bounds = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
        for i in range(crun):
            offset = fkp[4 * (crun + 1) + i] * 2
            if not offset or offset >= 511:
                continue
            mark = _change_of(fkp[offset + 1 : offset + 1 + fkp[offset]])
            if mark is not None:
                runs.append((bounds[i], bounds[i + 1], *mark))
            if len(runs) > MAX_RUNS:
                raise FormatError(f"Word document has more than {MAX_RUNS} tracked-change runs")
    out: list[Revision] = []
    for fc_start, fc_end, kind, author, date in runs:
        for cp, characters, byte, width in pieces:
            low, high = max(fc_start, byte), min(fc_end, byte + characters * width)
            if low < high:
                out.append((cp + (low - byte) // width, cp + (high - byte + width - 1) // width, kind, author, date))
    return sorted(out)


def _change_of(grpprl: bytes) -> tuple[str, int, int] | None:
    """(kind, author index, DTTM) when a run's properties mark it inserted or deleted."""
    kind: str | None = None
    authors: dict[str, int] = {}
    dates: dict[str, int] = {}
    at = 0
    while at + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, at)[0]
        spra = sprm >> 13
        size = grpprl[at + 2] + 1 if spra == 6 and at + 2 < len(grpprl) else _OPERAND_SIZES.get(spra, 1)
        operand = grpprl[at + 2 : at + 2 + size]
        if sprm in _MARK_SPRMS and operand[:1] in (b"\x01", b"\x81"):  # on, or the opposite of the style's off
            kind = _MARK_SPRMS[sprm]
        elif sprm in _AUTHOR_SPRMS and len(operand) == 2:
            authors[_AUTHOR_SPRMS[sprm]] = struct.unpack("<H", operand)[0]
        elif sprm in _DATE_SPRMS and len(operand) == 4:
            dates[_DATE_SPRMS[sprm]] = struct.unpack("<I", operand)[0]
        at += 2 + size
    if kind is None:
        return None
    return kind, authors.get(kind, -1), dates.get(kind, 0)


class _Marks:
    """The tracked change at a character position; positions mostly come in increasing order (a story at a time)."""

    def __init__(self, revisions: list[Revision]) -> None:
        self.revisions = revisions
        self.starts = [r[0] for r in revisions]
        self.index = 0
        self.last = 0

    def at(self, cp: int) -> Revision | None:
        if cp < self.last:  # a story earlier in the stream: look it up again
            self.index = max(bisect.bisect_right(self.starts, cp) - 1, 0)
        self.last = cp
        while self.index < len(self.revisions) and self.revisions[self.index][1] <= cp:
            self.index += 1
        if self.index < len(self.revisions) and self.revisions[self.index][0] <= cp:
            return self.revisions[self.index]
        return None


class _Paragraph:
    """One paragraph's text by change kind ("", "inserted", "deleted") and who made each change."""

    __slots__ = ("number", "start", "pieces", "who")

    def __init__(self, number: int, start: int) -> None:
        self.number, self.start = number, start
        self.pieces: dict[str, list[str]] = {"": [], "inserted": [], "deleted": []}
        self.who: dict[str, tuple[int, int]] = {}

    def text(self, change: str | None = "") -> str:
        """The text of one change kind, or (None) all of it as stored."""
        if change is None:
            return "".join(self.pieces[""] + self.pieces["inserted"] + self.pieces["deleted"]).strip()
        return "".join(self.pieces[change]).strip()


def _paragraphs(text: str, base: int = 0, marks: _Marks | None = None) -> Iterator[_Paragraph]:
    """Each paragraph of a story (its text starts at character position `base`), field codes dropped."""
    fields: list[bool] = []  # per open field: still in its instruction part
    current = _Paragraph(1, 0)
    last = ""
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
            yield current
            current, last = _Paragraph(current.number + 1, offset + 1), ""
        elif any(fields) or code in _DROPPED:
            continue
        else:
            piece = {0x0B: "\n", 0x1E: "-"}.get(code, char if code >= 0x20 or code == 0x09 else "")
            if not piece:
                continue
            mark = marks.at(base + offset) if marks is not None else None
            change = mark[2] if mark else ""
            if change != last and current.pieces[change]:
                current.pieces[change].append(" ")  # two separate changes are two phrases
            current.pieces[change].append(piece)
            if mark:
                current.who.setdefault(change, (mark[3], mark[4]))
            last = change
    if any(current.pieces.values()):
        yield current


def _boundaries(blob: bytes) -> list[int]:
    count = len(blob) // 4
    return list(struct.unpack_from(f"<{count}I", blob, 0)) if count else []


def _notes(text: str, table: bytes, fib: _Fib, marks: _Marks, authors: list[str]) -> Iterator[Note]:
    starts: list[int] = []
    for paragraph in _paragraphs(text[: fib.ccp["main"]], 0, marks):
        starts.append(paragraph.start)
        for change in ("", "inserted", "deleted"):
            body = paragraph.text(change)
            if body:
                locator = f"paragraph {paragraph.number} ({change})" if change else f"paragraph {paragraph.number}"
                author, date = paragraph.who.get(change, (-1, 0))
                who = authors[author] if 0 <= author < len(authors) else None
                yield Note(locator, body, timestamp=dttm(date), author=who)
    footnote_start = fib.story_start("footnote")
    cps = _boundaries(fib.blob(table, _PLCFFND_TXT))
    for i in range(max(len(cps) - 1, 0)):
        body = _story_text(text[footnote_start + cps[i] : footnote_start + cps[i + 1]])
        if body:
            yield Note(f"footnote {i + 1}", body)
    for story, label in (("header", "header"), ("text box", "text box"), ("endnote", "endnote")):
        start = fib.story_start(story)
        for paragraph in _paragraphs(text[start : start + fib.ccp[story]]):
            if paragraph.text(None):
                yield Note(f"{label} paragraph {paragraph.number}", paragraph.text(None))
    yield from _comments(text, table, fib, starts)


def _story_text(text: str) -> str:
    return "\n".join(t for p in _paragraphs(text) if (t := p.text(None)))


def _comments(text: str, table: bytes, fib: _Fib, paragraph_starts: list[int]) -> Iterator[Note]:
    owners = _owners(fib.blob(table, _ATN_OWNERS))
    extra = fib.blob(table, _ATRD_EXTRA)
    refs = fib.blob(table, _PLCFAND_REF)
    count = (len(refs) - 4) // 34 if len(refs) >= 38 else 0
    ref_cps = struct.unpack_from(f"<{count}I", refs, 0) if count else ()
    texts = _boundaries(fib.blob(table, _PLCFAND_TXT))
    start = fib.story_start("comment")
    for i in range(min(count, max(len(texts) - 1, 0))):
        body = _story_text(text[start + texts[i] : start + texts[i + 1]])
        if not body:
            continue
        owner = struct.unpack_from("<h", refs, 4 * (count + 1) + 30 * i + 20)[0]
        author = owners[owner] if 0 <= owner < len(owners) else None
        paragraph = bisect.bisect_right(paragraph_starts, ref_cps[i]) or 1
        date = dttm(struct.unpack_from("<I", extra, 18 * i)[0]) if len(extra) >= 18 * (i + 1) else None
        yield Note(f"comment {i + 1} (paragraph {paragraph})", body, timestamp=date, author=author)


def _sttb(blob: bytes) -> list[str]:
    """A string table (STTB, extended: UTF-16 strings), e.g. the authors of tracked changes."""
    if len(blob) < 6 or blob[:2] != b"\xff\xff":
        return []
    count, extra = struct.unpack_from("<HH", blob, 2)
    names: list[str] = []
    at = 6
    for _ in range(count):
        if at + 2 > len(blob):
            break
        size = struct.unpack_from("<H", blob, at)[0]
        names.append(blob[at + 2 : at + 2 + 2 * size].decode("utf-16-le", errors="replace"))
        at += 2 + 2 * size + extra
    return names


def _owners(blob: bytes) -> list[str]:
    """The annotation owners table: a run of (character count, UTF-16 name) strings."""
    names: list[str] = []
    at = 0
    while at + 2 <= len(blob):
        count = struct.unpack_from("<H", blob, at)[0]
        names.append(blob[at + 2 : at + 2 + 2 * count].decode("utf-16-le", errors="replace"))
        at += 2 + 2 * count
    return names


EXTRACTOR = Extractor(name="doc", suffixes=(".doc",), read=read_doc, ole_streams=("WordDocument",))

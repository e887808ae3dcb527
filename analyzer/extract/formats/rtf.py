"""Rich Text Format (.rtf): paragraphs, comments, tracked changes, headers, footers, footnotes, document info.

Bytes written as `\\'hh` are decoded with the code page of their font's charset, else the document's
`\\ansicpg` (936 GBK, 949 Korean, 950 Big5, 932 Shift-JIS ...); `\\uN` with its `\\ucN` fallback skipped.
Located as in Word: `paragraph 4`, `paragraph 4 (inserted)` / `(deleted)` (`\\revised`, `\\deleted`, with
the author from `\\revtbl` and the `\\revdttm` date), `comment 2 (paragraph 4)` (`\\annotation` with
`\\atnauthor` and `\\atndate`), `header paragraph 1`, `footnote 1`; `\\info` fields as metadata.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.office import dttm

MAX_DEPTH = 2000
MAX_TEXT = 20_000_000

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z'])|([{}])|([^\\{}\r\n]+)|[\r\n]+|\\", re.S
)
_CHARSET_CODEPAGE = {
    128: "cp932",
    129: "cp949",
    130: "johab",
    134: "gb18030",
    136: "cp950",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
}
_ANSI_CODEPAGE = {936: "gb18030", 949: "cp949", 950: "cp950", 932: "cp932", 1361: "johab", 10000: "mac_roman"}
# Destinations whose text is never a note (tables of fonts, styles, pictures, field codes, shape properties).
_SKIP = frozenset(
    [
        "colortbl",
        "stylesheet",
        "listtable",
        "listoverridetable",
        "rsidtbl",
        "generator",
        "pict",
        "object",
        "objdata",
        "themedata",
        "colorschememapping",
        "datastore",
        "latentstyles",
        "xmlnstbl",
        "mmathPr",
        "fldinst",
        "bkmkstart",
        "bkmkend",
        "nonshppict",
        "sp",
        "pgdsctbl",
        "listtext",
        "pntext",
        "pntxta",
        "pntxtb",
        "atnid",
        "atnref",
        "atnicn",
        "atrfstart",
        "atrfend",
        "protusertbl",
        "docvar",
        "blipuid",
        "wgrffmtfilter",
        "ftnsep",
        "ftnsepc",
        "aftnsep",
        "aftnsepc",
        "xe",
        "tc",
        "falt",
        "panose",
        "fname",
        "passwordhash",
        "template",
        "shprslt",
    ]
)
_STORIES = {
    "header": "header",
    "headerl": "header",
    "headerr": "header",
    "headerf": "header",
    "footer": "footer",
    "footerl": "footer",
    "footerr": "footer",
    "footerf": "footer",
}
_INFO_FIELDS = frozenset(
    [
        "title",
        "subject",
        "author",
        "operator",
        "keywords",
        "comment",
        "doccomm",
        "company",
        "manager",
        "category",
        "hlinkbase",
    ]
)
_SYMBOLS = {
    "line": "\n",
    "tab": "\t",
    "emdash": "—",
    "endash": "–",
    "lquote": "‘",
    "rquote": "’",
    "ldblquote": "“",
    "rdblquote": "”",
    "bullet": "•",
    "emspace": " ",
    "enspace": " ",
    "qmspace": " ",
}
_CONTROL_SYMBOLS = {b"~": " ", b"_": "-", b"-": "", b"{": "{", b"}": "}", b"\\": "\\", b"\n": "\n", b"\r": "\n"}
_BREAKS = frozenset({"par", "cell", "row", "nestcell", "nestrow", "sect"})


@dataclass(frozen=True, slots=True)
class _Group:
    """What a `{...}` group inherits: where its text goes, how to decode it, which revision it belongs to."""

    dest: str = "body"  # body | header | footer | footnote | annotation | atnauthor | atndate | info:* | ...
    font: int | None = None
    uc: int = 1
    change: str = ""  # "" | inserted | deleted
    rev_author: int = 0
    rev_date: int = 0


@dataclass
class _Story:
    """Paragraph text being collected for one story (the body, headers, footers)."""

    name: str
    paragraphs: int = 0
    pieces: dict[str, list[str]] = field(default_factory=lambda: {"": [], "inserted": [], "deleted": []})
    who: dict[str, tuple[int, int]] = field(default_factory=dict)


class _Reader:
    def __init__(self) -> None:
        self.codepage = "cp1252"
        self.font_charsets: dict[int, int] = {}
        self.default_font: int | None = None
        self.authors: list[str] = []
        self.notes: list[Note] = []
        self.stories: dict[str, _Story] = {}
        self.bytes: bytearray = bytearray()
        self.bytes_group: _Group = _Group()
        self.special: dict[str, list[str]] = {}  # text of the group being captured (author, footnote, ...)
        self.annotation_author: str | None = None
        self.annotation_date = 0
        self.counts: dict[str, int] = {}
        self.info_time: dict[str, int] = {}
        self.chars = 0

    # Text routing ---------------------------------------------------------------------------------
    def text(self, group: _Group, text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_TEXT:
            raise FormatError(f"RTF text runs past {MAX_TEXT} characters")
        dest = group.dest
        if dest in ("body", "header", "footer"):
            story = self.story(dest)
            story.pieces[group.change].append(text)
            if group.change:
                story.who.setdefault(group.change, (group.rev_author, group.rev_date))
        elif dest != "skip":
            self.special.setdefault(dest, []).append(text)

    def story(self, name: str) -> _Story:
        if name not in self.stories:
            self.stories[name] = _Story(name)
        return self.stories[name]

    def paragraph_end(self, group: _Group) -> None:
        if group.dest in ("body", "header", "footer"):
            self.flush_paragraph(self.story(group.dest))
        elif group.dest in ("footnote", "annotation"):
            self.special.setdefault(group.dest, []).append("\n")

    def flush_paragraph(self, story: _Story) -> None:
        story.paragraphs += 1
        prefix = "" if story.name == "body" else f"{story.name} "
        locator = f"{prefix}paragraph {story.paragraphs}"
        for change in ("", "inserted", "deleted"):
            text = "".join(story.pieces[change]).strip()
            if text:
                author_index, date = story.who.get(change, (0, 0))
                author = self.authors[author_index] if 0 < author_index < len(self.authors) else None
                self.notes.append(
                    Note(f"{locator} ({change})" if change else locator, text, timestamp=dttm(date), author=author)
                )
        story.pieces = {"": [], "inserted": [], "deleted": []}
        story.who = {}

    def group_end(self, closed: _Group, parent: _Group) -> None:
        """A destination closes: its captured text becomes a note or an attribute of the next one."""
        dest = closed.dest
        if dest == parent.dest:
            return
        captured = "".join(self.special.pop(dest, [])).strip()
        if dest == "atnauthor":
            self.annotation_author = captured if captured.strip("?") else None  # "?": a name the writer lost
        elif dest == "atndate":
            digits = captured.lstrip("-")
            self.annotation_date = int(captured) if digits.isdigit() and len(digits) < 11 else 0
        elif dest == "revtbl-entry":
            self.authors.append(captured.rstrip(";").strip())
        elif dest == "footnote" and captured:
            self.counts["footnote"] = self.counts.get("footnote", 0) + 1
            self.notes.append(Note(f"footnote {self.counts['footnote']}", captured))
        elif dest == "annotation" and captured:
            self.counts["comment"] = self.counts.get("comment", 0) + 1
            where = f"paragraph {self.story('body').paragraphs + 1}"
            date, self.annotation_date = dttm(self.annotation_date), 0
            self.notes.append(
                Note(
                    f"comment {self.counts['comment']} ({where})",
                    captured,
                    timestamp=date,
                    author=self.annotation_author,
                )
            )
        elif dest.startswith("info:") and captured:
            self.notes.append(Note(dest, captured, source="metadata"))
        elif dest.startswith("time:"):
            parts = self.info_time
            if parts.get("yr"):
                stamp = f"{parts.get('yr', 0):04d}-{parts.get('mo', 1):02d}-{parts.get('dy', 1):02d}"
                stamp += f"T{parts.get('hr', 0):02d}:{parts.get('min', 0):02d}:00"
                self.notes.append(Note(f"info:{dest[5:]}", stamp, source="metadata"))
            self.info_time = {}

    # Decoding ---------------------------------------------------------------------------------------
    def codec(self, group: _Group) -> str:
        font = group.font if group.font is not None else self.default_font
        charset = self.font_charsets.get(font) if font is not None else None
        return _CHARSET_CODEPAGE.get(charset, self.codepage) if charset else self.codepage

    def flush_bytes(self) -> None:
        if self.bytes:
            raw, self.bytes = bytes(self.bytes), bytearray()
            self.text(self.bytes_group, raw.decode(self.codec(self.bytes_group), errors="replace"))


def read_rtf(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if not data.lstrip()[:5] == b"{\\rtf":
        raise FormatError("not an RTF document: it does not start with {\\rtf")
    reader = _Reader()
    _parse(data, reader)
    for story in reader.stories.values():
        if any(story.pieces.values()):
            reader.flush_paragraph(story)
    ctx.encoding = reader.codepage
    order = {"": 0}
    yield from sorted(reader.notes, key=lambda note: order.get(note.source, 1))


def _parse(data: bytes, reader: _Reader) -> None:
    stack: list[_Group] = []
    group = _Group()
    skip_chars = 0  # \uN fallback characters still to skip
    star = False  # the group began with \*: an unknown destination is ignored
    fresh = False  # no control word yet in this group (a destination word must come first)
    pos = 0
    while pos < len(data):
        match = _TOKEN.match(data, pos)
        if match is None:  # cannot happen (a lone backslash is a token), but never loop on it
            pos += 1
            continue
        pos = match.end()
        word, param, hexbyte, symbol, brace, text = match.groups()
        if hexbyte is not None:
            if skip_chars:
                skip_chars -= 1
                continue
            if not reader.bytes:
                reader.bytes_group = group
            reader.bytes.append(int(hexbyte, 16))
            continue
        reader.flush_bytes()
        if brace == b"{":
            if len(stack) >= MAX_DEPTH:
                raise FormatError(f"RTF groups nested more than {MAX_DEPTH} deep")
            stack.append(group)
            star, fresh, skip_chars = False, True, 0
            if group.dest == "revtbl":
                group = replace(group, dest="revtbl-entry")
            continue
        if brace == b"}":
            if stack:
                parent = stack.pop()
                reader.group_end(group, parent)
                group = parent
            fresh, skip_chars = False, 0
            continue
        if text is not None:
            chunk = text.decode("latin-1")
            if skip_chars:
                dropped = min(skip_chars, len(chunk))
                chunk, skip_chars = chunk[dropped:], skip_chars - dropped
            if chunk:
                if group.dest == "fonttbl" or group.dest == "skip":
                    pass
                elif any(ord(c) > 0x7F for c in chunk):  # raw 8-bit bytes from a sloppy writer
                    reader.text(group, chunk.encode("latin-1").decode(reader.codec(group), errors="replace"))
                else:
                    reader.text(group, chunk)
            fresh = False
            continue
        if symbol is not None:
            if symbol == b"*":
                star = True
                continue
            if skip_chars:
                skip_chars -= 1
                continue
            value = _CONTROL_SYMBOLS.get(symbol)
            if symbol in (b"\n", b"\r"):
                reader.paragraph_end(group)
            elif value:
                reader.text(group, value)
            continue
        if word is None:  # a line break between tokens, or a lone backslash at the end
            continue
        name = word.decode("ascii")
        number = int(param) if param else None
        was_fresh, fresh = fresh, False
        if name == "bin":
            pos += max(number or 0, 0)
            continue
        if group.dest == "skip":
            continue
        if was_fresh or name in ("info", "annotation", "footnote", "atnauthor", "atndate"):
            new_dest = _destination(name, group, star)
            if new_dest is not None:
                group = replace(group, dest=new_dest)
                continue
            if star:
                group = replace(group, dest="skip")
                continue
        group, skip_chars = _control(reader, group, name, number, skip_chars)


def _destination(name: str, group: _Group, star: bool) -> str | None:
    if name in _SKIP:
        return "skip"
    if name in ("fonttbl", "revtbl", "atnauthor", "atndate", "footnote", "annotation", "info"):
        return name
    if name in ("shp", "shpinst", "shptxt"):
        return group.dest  # a shape's text box is read where the shape sits (its properties are skipped)
    if name in _STORIES:
        return _STORIES[name]
    if group.dest == "info" and name in _INFO_FIELDS:
        return f"info:{name}"
    if group.dest == "info" and name in ("creatim", "revtim", "printim", "buptim"):
        return f"time:{name}"
    return None


def _control(reader: _Reader, group: _Group, name: str, number: int | None, skip_chars: int) -> tuple[_Group, int]:
    """Apply one control word; returns the (possibly changed) group state and the fallback characters to skip."""
    if name == "u" and number is not None:
        reader.text(group, chr(number + 65536 if number < 0 else number) if -32768 <= number < 65536 else "\ufffd")
        return group, group.uc
    if name == "uc" and number is not None:
        return replace(group, uc=max(0, min(number, 8))), skip_chars
    if name in _BREAKS:
        reader.paragraph_end(group)
    elif name in _SYMBOLS:
        reader.text(group, _SYMBOLS[name])
    elif name == "ansicpg" and number:
        reader.codepage = _ANSI_CODEPAGE.get(number, f"cp{number}")
        try:
            codecs.lookup(reader.codepage)
        except LookupError:
            reader.codepage = "cp1252"
    elif name == "deff" and number is not None:
        reader.default_font = number
    elif name == "f" and number is not None:
        if group.dest == "fonttbl":
            reader.special["font"] = [str(number)]
        return replace(group, font=number), skip_chars
    elif name == "fcharset" and number is not None and group.dest == "fonttbl" and "font" in reader.special:
        reader.font_charsets[int(reader.special["font"][0])] = number
    elif name in ("yr", "mo", "dy", "hr", "min") and group.dest.startswith("time:") and number is not None:
        reader.info_time[name] = number
    elif name == "revised":
        return replace(group, change="inserted" if number != 0 else ""), skip_chars
    elif name == "deleted":
        return replace(group, change="deleted" if number != 0 else ""), skip_chars
    elif name in ("revauth", "revauthdel") and number is not None:
        return replace(group, rev_author=number), skip_chars
    elif name in ("revdttm", "revdttmdel") and number is not None:
        return replace(group, rev_date=number), skip_chars
    elif name == "plain":
        return replace(group, change="", font=None), skip_chars
    return group, skip_chars


def _sniff(head: bytes) -> bool:
    return head.lstrip().startswith(b"{\\rtf")


EXTRACTOR = Extractor(name="rtf", suffixes=(".rtf",), read=read_rtf, sniff=_sniff)

"""OpenToonz / Tahoma2D scenes (`.tnz`): the Xsheet notes (the sticky notes on the Xsheet).

A .tnz is written by OpenToonz's TOStream, which does not escape note text, so it is often
not well-formed XML. Notes are read from their token layout instead: inside `<notes>`, each
`<note>` holds colour index, the note text (Qt rich-text HTML, quoted; a bare word when plain
ASCII), row, column, x, y.
Located as `note 2 (row 12, column 3)` (1-based, as the Xsheet shows them).
LZ4-compressed scenes (`TABc` header) are refused with a reason.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text

# colour index, then the text: quoted with backslash escapes, or a bare word when it is plain ASCII.
_NOTE = re.compile(r'<note>\s*(-?\d+)\s+(?:"((?:[^"\\]|\\.)*)"|([\w%]+))\s*(-?\d+)\s+(-?\d+)', re.S)
_ESCAPE = re.compile(r"\\(.)", re.S)
_BLOCK_END = re.compile(r"</(?:p|div|li|h\d)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>", re.S)
_HEAD = re.compile(r"<head>.*?</head>", re.S | re.I)


def note_text(quoted: str) -> str:
    """Plain text of a stored note: unescape TOStream's backslashes, drop Qt's HTML, keep line breaks."""
    raw = _ESCAPE.sub(r"\1", quoted)
    if "<" in raw and ">" in raw:
        raw = _TAG.sub("", _BLOCK_END.sub("\n", _HEAD.sub("", raw)))
        raw = html.unescape(raw)
    lines = [line.strip() for line in raw.splitlines()]
    return "\n".join(line for line in lines if line)


def read_tnz(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if data.startswith(b"TABc"):
        raise FormatError("LZ4-compressed .tnz scene is not supported")
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    if "<tnz" not in decoded.text[:4096]:
        raise FormatError("not an OpenToonz scene: no <tnz> root")
    for number, match in enumerate(_NOTE.finditer(decoded.text), start=1):
        text = note_text(match.group(2)) if match.group(2) is not None else match.group(3)
        if text:
            row, column = int(match.group(4)) + 1, int(match.group(5)) + 1
            yield Note(f"note {number} (row {row}, column {column})", text)


EXTRACTOR = Extractor(name="tnz", suffixes=(".tnz",), read=read_tnz, text=True)

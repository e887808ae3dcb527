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

# `<note>`, colour index, then the text (quoted with backslash escapes, or a bare word when it is plain ASCII),
# row and column: matched piece by piece from each `<note>`, never searched for as one pattern, which backtracks
# quadratically on a long run of digits (a 100 KB scene took minutes, beyond the reach of the per-file clock).
_NOTE_START = re.compile(r"<note>\s*(-?\d+)\s+")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*+)"', re.S)
_WORD = re.compile(r"[\w%]++")
_PLACE = re.compile(r"\s*(-?\d+)\s+(-?\d+)")
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
    for number, (text, row, column) in enumerate(_notes(decoded.text), start=1):
        if text:
            yield Note(f"note {number} (row {row + 1}, column {column + 1})", text)


def _notes(scene: str) -> Iterator[tuple[str, int, int]]:
    """(text, row, column) of each well-formed note token run, in one pass over the scene."""
    position = 0
    while (start := scene.find("<note>", position)) >= 0:
        position = start + len("<note>")
        head = _NOTE_START.match(scene, start)
        if head is None:
            continue
        if scene.startswith('"', head.end()):
            quoted = _QUOTED.match(scene, head.end())
            if quoted is None:
                return  # an unclosed quote: the rest of the scene is inside it
            raw, end = quoted.group(1), quoted.end()
        elif word := _WORD.match(scene, head.end()):
            raw, end = None, word.end()
        else:
            continue
        place = _PLACE.match(scene, end)
        if place is not None:
            position = place.end()
            text = note_text(raw) if raw is not None else scene[head.end() : end]
            yield text, int(place.group(1)), int(place.group(2))


EXTRACTOR = Extractor(name="tnz", suffixes=(".tnz",), read=read_tnz, text=True)

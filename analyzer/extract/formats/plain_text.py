"""Plain note files (.txt, .md, .note): every non-blank line is a note, located by line number.

Lines are found one at a time, so a reader stopped by the note budget never splits a 200 MB file whole.
A file of NUL bytes only is binary, a skipped row; text padded with NULs (a sparse file) is read without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.extract.base import Extractor, Note, NotReadable, ReadContext
from analyzer.extract.decode import decode_text

# What str.splitlines() breaks lines at ("\r\n" is one break).
_BREAKS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_LINE_END = re.compile("\r\n|[" + "".join(_BREAKS) + "]")
_CONTENT = re.compile(r"\S")
_NUL_SHARE = 0.9  # above any UTF-16 (half NULs) or UTF-32 (three quarters) text


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, stripped line) of each non-blank line, numbered as str.splitlines() numbers them."""
    number, pos = 1, 0
    while found := _CONTENT.search(text, pos):
        start = found.start()
        if start > pos:  # blank lines or indentation before it (a note right after a break has none)
            number += _breaks(text, pos, start)
        end = _LINE_END.search(text, start)
        stop = end.start() if end else len(text)
        yield number, text[start:stop].strip()
        if end is None:
            return
        pos, number = end.end(), number + 1


def _breaks(text: str, start: int, stop: int) -> int:
    """Line breaks in text[start:stop], counted in C (a run of a million blank lines is one call each)."""
    return sum(text.count(b, start, stop) for b in _BREAKS) - text.count("\r\n", start, stop)


def text_bytes(data: bytes) -> bytes:
    """The bytes to decode: without NUL padding when NULs are nearly all of it; NotReadable when they are all."""
    nuls = data.count(0)
    if not nuls or nuls < _NUL_SHARE * len(data):
        return data
    rest = data.translate(None, b"\x00")
    if not rest.strip():
        raise NotReadable(f"binary, not text: {nuls} of its {len(data)} bytes are NUL and the rest is blank")
    return rest


def read_lines(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    source = text_bytes(data)
    decoded = decode_text(source)
    ctx.encoding = decoded.encoding if source is data else f"{decoded.encoding} (NUL padding removed)"
    for number, line in numbered_lines(decoded.text):
        yield Note(locator=f"line {number}", text=line)


EXTRACTOR = Extractor(name="text", suffixes=(".txt", ".md", ".note"), read=read_lines, text=True)

"""Plain note files (.txt, .md, .note): every non-blank line is a note, located by line number."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.extract.base import Extractor, Note, ReadContext
from analyzer.extract.decode import decode_text


def read_lines(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    for number, line in enumerate(decoded.text.splitlines(), start=1):
        if line.strip():
            yield Note(locator=f"line {number}", text=line.strip())


EXTRACTOR = Extractor(name="text", suffixes=(".txt", ".md", ".note"), read=read_lines, text=True)

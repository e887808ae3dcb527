"""SubRip `.srt` subtitles: each cue's text is a note, located by cue number and start time.

Cue timings are kept in the locator only (they are media times, not note times); markup
such as `<i>` and `{\\an8}` is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text

TIMING = re.compile(r"^\s*(\d{1,2}:\d{2}:\d{2}[,.]\d{1,3})\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}")
MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>|\{\\[^{}]*\}")  # [^<>]: linear on "<a<a<a..."


def read_srt(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    blocks = re.split(r"\n\s*\n", decoded.text.replace("\r\n", "\n").replace("\r", "\n").strip())
    cues = 0
    for block in blocks:
        lines = block.split("\n")
        timing = next(((i, m) for i, line in enumerate(lines[:2]) if (m := TIMING.match(line))), None)
        if timing is None:
            continue
        timing_at, match = timing
        cues += 1
        number = lines[0].strip() if timing_at == 1 and lines[0].strip().isdigit() else str(cues)
        start = match.group(1)
        text = "\n".join(MARKUP.sub("", line).strip() for line in lines[timing_at + 1 :]).strip()
        if text:
            yield Note(f"cue {number} ({start})", text)
    if not cues and decoded.text.strip():
        raise FormatError("not a SubRip file: no cue timings found")


EXTRACTOR = Extractor(name="srt", suffixes=(".srt",), read=read_srt, text=True)

"""WebVTT `.vtt` subtitles: each cue's text (`cue 3 (00:01.000)`, or the cue's own identifier) and the
text of `NOTE` comment blocks (`NOTE 1`). Timings and markup are not notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text

TIMING = re.compile(r"^\s*((?:\d+:)?\d{2}:\d{2}\.\d{3})\s*-->")
MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>|<\d[^<>]*>")  # [^<>]: linear on "<a<a<a..."


def read_vtt(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.startswith("WEBVTT"):
        raise FormatError("not a WebVTT file: no WEBVTT header")
    cues = notes = 0
    for block in re.split(r"\n\s*\n", text.strip())[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            notes += 1
            body = "\n".join([lines[0][4:].strip(), *lines[1:]]).strip()
            if body:
                yield Note(f"NOTE {notes}", body)
            continue
        timing = next(((i, m) for i, line in enumerate(lines[:2]) if (m := TIMING.match(line))), None)
        if timing is None:
            continue  # STYLE and REGION blocks
        at, match = timing
        cues += 1
        name = lines[0].strip() if at == 1 else str(cues)
        body = "\n".join(MARKUP.sub("", line).strip() for line in lines[at + 1 :]).strip()
        if body:
            yield Note(f"cue {name} ({match.group(1)})", body)


EXTRACTOR = Extractor(name="vtt", suffixes=(".vtt",), read=read_vtt, text=True)

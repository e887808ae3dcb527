"""CMX3600 edit decision lists (`.edl`): locator notes (`* LOC:`), `* COMMENT:` lines and other `*` comments.

Event lines (`003  C012  V  C  01:00:00:00 ...`) are timecodes, not text. `* FROM CLIP NAME:`,
`* TO CLIP NAME:`, `* SOURCE FILE:` and the `TITLE:` line are metadata. Located `event 003 line 12`
(`line 4` before the first event); a locator's timecode and colour come first in its locator
(`event 003 LOC 01:00:05:00 RED`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.extract.base import Extractor, Note, ReadContext
from analyzer.extract.decode import decode_text

_EVENT = re.compile(r"^(\d{3,6})\s+\S+\s+\S+\s+\S+")
_LOCATOR = re.compile(r"^\*\s*LOC:\s*(\d{2}[:;]\d{2}[:;]\d{2}[:;]\d{2})\s+(\S+)\s*(.*)$", re.I)
_METADATA = re.compile(
    r"^\*\s*(FROM CLIP NAME|TO CLIP NAME|SOURCE FILE|FROM CLIP|TO CLIP|ASC_\w+|CLIP FILTER)\s*:", re.I
)
_COMMENT = re.compile(r"^\*\s*(?:COMMENTS?|NOTES?)\s*:\s*(.*)$", re.I)


def read_edl(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    event: str | None = None
    for number, line in enumerate(decoded.text.splitlines(), start=1):
        stripped = line.strip()
        where = f"event {event} line {number}" if event else f"line {number}"
        if match := _EVENT.match(stripped):
            event = match.group(1)
        elif stripped.upper().startswith(("TITLE:", "FCM:")):
            yield Note(f"line {number}", stripped.split(":", 1)[1].strip() or stripped, source="metadata")
        elif match := _LOCATOR.match(stripped):
            text = match.group(3).strip()
            if text:
                yield Note(f"{where} LOC {match.group(1)} {match.group(2)}", text)
        elif _METADATA.match(stripped):
            yield Note(where, stripped.lstrip("* ").strip(), source="metadata")
        elif match := _COMMENT.match(stripped):
            if match.group(1).strip():
                yield Note(where, match.group(1).strip())
        elif stripped.startswith("*") and stripped.lstrip("* ").strip():
            yield Note(where, stripped.lstrip("*").strip())


EXTRACTOR = Extractor(name="edl", suffixes=(".edl",), read=read_edl, text=True)

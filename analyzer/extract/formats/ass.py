"""Advanced SubStation Alpha `.ass` / `.ssa`: the text of `Dialogue:` and `Comment:` events and the
`;` comment lines of the script header, located by line number (`Dialogue line 12 (0:00:01.00)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text

DEFAULT_FIELDS = ("Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text")
EVENT_KINDS = ("Dialogue", "Comment")
OVERRIDES = re.compile(r"\{[^{}]*\}")  # [^{}]: linear on "{{{..."


def _clean(text: str) -> str:
    text = OVERRIDES.sub("", text)
    return text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ").strip()


def read_ass(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    section = ""
    fields = DEFAULT_FIELDS
    saw_events = False
    for number, raw in enumerate(decoded.text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line.lower()
            saw_events |= section == "[events]"
            continue
        if line.startswith(";") and line[1:].strip():
            yield Note(f"line {number}", line[1:].strip())
            continue
        kind, sep, rest = line.partition(":")
        if not sep or section != "[events]":
            continue
        if kind == "Format":
            fields = tuple(f.strip() for f in rest.split(","))
        elif kind in EVENT_KINDS and "Text" in fields:
            values = [v.strip() for v in rest.split(",", len(fields) - 1)]
            record = dict(zip(fields, values))
            text = _clean(record.get("Text", ""))
            start = record.get("Start", "")
            if text:
                yield Note(f"{kind} line {number}" + (f" ({start})" if start else ""), text)
    if not saw_events and decoded.text.strip():
        raise FormatError("not an ASS/SSA script: no [Events] section")


EXTRACTOR = Extractor(name="ass", suffixes=(".ass", ".ssa"), read=read_ass, text=True)

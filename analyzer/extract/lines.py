"""The line of a text file each note starts on, found after reading: for editors, baselines and SARIF regions.

Readers of text formats know where a note sits logically (a JSON pointer, an XML path, a cell); the line is
where a person's editor shows it. The note's first line is looked for in the file as written, raw or escaped
the way JSON and XML escape it, from where the previous note was found (notes come in file order), then from
the start.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Sequence

from analyzer.extract.base import Note

_LINE_LOCATOR = re.compile(r"^line (\d+)")
_NEEDLE_CHARS = 40  # enough of a note to find it; a shorter needle is found sooner


def _needles(text: str) -> list[str]:
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    first = first[:_NEEDLE_CHARS]
    if not first:
        return []
    forms = [
        first,
        json.dumps(first, ensure_ascii=False)[1:-1],
        _xml_escaped(first),
        json.dumps(first)[1:-1],
    ]
    return list(dict.fromkeys(forms))


def _xml_escaped(text: str) -> str:
    """As an XML writer escapes text in an attribute (xml.sax.saxutils would import urllib, http and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def with_lines(data: bytes, encoding: str | None, notes: Sequence[Note]) -> list[Note]:
    """The notes with their `line` set where it can be found in the file's text."""
    try:
        text = data.decode(encoding or "utf-8", "replace")
    except LookupError:
        return list(notes)
    starts = [0, *(match.end() for match in re.finditer("\n", text))]
    out: list[Note] = []
    cursor = 0
    for note in notes:
        if note.line is not None:
            out.append(note)
            continue
        numbered = _LINE_LOCATOR.match(note.locator)
        if numbered:
            out.append(note.at_line(int(numbered.group(1))))
            continue
        found = -1
        for needle in _needles(note.text):
            found = text.find(needle, cursor)
            if found < 0:
                found = text.find(needle)
            if found >= 0:
                break
        if found < 0:
            out.append(note)
            continue
        cursor = found
        out.append(note.at_line(bisect_right(starts, found)))
    return out

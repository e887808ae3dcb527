"""The line of a text file each note starts on, found after reading: for editors, baselines and SARIF regions.

Readers of text formats know where a note sits logically (a JSON pointer, an XML path, a cell); the line is
where a person's editor shows it. The note's first line is looked for in the file as written, raw or escaped
the way JSON and XML escape it, from where the previous note was found (notes come in file order), then from
the start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring, encode_basestring_ascii  # type: ignore[attr-defined]

from analyzer.extract.base import Note

_LINE_LOCATOR = re.compile(r"^line (\d+)")
_NEEDLE_CHARS = 40  # enough of a note to find it; a shorter needle is found sooner


def _needles(text: str) -> Iterator[str]:
    """The forms of the note's first line to look for, in order, each once: raw, JSON-escaped (as written, then
    ASCII-only) and XML-escaped. Made as they are asked for: most notes are found by their first form."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    first = first[:_NEEDLE_CHARS]
    if not first:
        return
    yield first
    tried = [first]
    for make in (_json_escaped, _xml_escaped, _json_ascii):
        form = make(first)
        if form not in tried:
            tried.append(form)
            yield form


def _json_escaped(text: str) -> str:
    """As json.dumps(text, ensure_ascii=False) writes it, without the quotes (its string encoder, called directly)."""
    return encode_basestring(text)[1:-1]


def _json_ascii(text: str) -> str:
    """As json.dumps(text) writes it, without the quotes."""
    return encode_basestring_ascii(text)[1:-1]


def _xml_escaped(text: str) -> str:
    """As an XML writer escapes text in an attribute (xml.sax.saxutils would import urllib, http and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def with_lines(data: bytes, encoding: str | None, notes: Sequence[Note]) -> list[Note]:
    """The notes with their `line` set where it can be found in the file's text.

    The file is decoded only when a note has to be looked for (a note located `line 12` says its line), and a
    line is the count of line feeds before the note, counted on from the note found before when it lies after.
    """
    codec = encoding or "utf-8"
    try:  # (not b"": empty bytes decode without looking the codec up)
        data[:1].decode(codec, "replace")  # an unknown codec, or a description (`utf-8 (NUL padding removed)`)
    except LookupError:
        return list(notes)
    text: str | None = None
    out: list[Note] = []
    cursor = 0
    counted_to, line = 0, 1  # line feeds counted up to this offset: the line there
    for note in notes:
        if note.line is not None:
            out.append(note)
            continue
        numbered = _LINE_LOCATOR.match(note.locator)
        if numbered:
            out.append(note.at_line(int(numbered.group(1))))
            continue
        if text is None:
            text = data.decode(codec, "replace")
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
        if found < counted_to:
            counted_to, line = 0, 1  # found before the last one: count from the start (find scanned that far)
        line += text.count("\n", counted_to, found)
        counted_to = found
        out.append(note.at_line(line))
    return out

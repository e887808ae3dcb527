"""JSON and JSON Lines sidecars: strings under note-like keys, located by JSON pointer.

When a document has no note-like key at all, every human-language string is a note.
Sibling time and author keys give the note its timestamp and author.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text
from analyzer.extract.human import looks_human
from analyzer.extract.keys import key_kind


def _pointer(parts: tuple[str, ...]) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts) if parts else "/"


def _walk(value: Any, parts: tuple[str, ...], under_note: bool, out: list[tuple[tuple[str, ...], str, bool]]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            kind = key_kind(str(key))
            _walk(child, parts + (str(key),), under_note or kind == "note", out)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _walk(child, parts + (str(index),), under_note, out)
    elif isinstance(value, str) and value.strip():
        out.append((parts, value, under_note))


def _context(doc: Any, parts: tuple[str, ...], kind: str) -> str | None:
    """The nearest sibling value of the given kind (time/author), walking up the tree."""
    node_path: list[Any] = [doc]
    for part in parts[:-1]:
        node = node_path[-1]
        node_path.append(node[int(part)] if isinstance(node, list) else node[part])
    for node in reversed(node_path):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, (str, int, float)) and key_kind(str(key)) == kind:
                    return str(value)
    return None


def notes_from_document(doc: Any, prefix: str = "") -> Iterator[Note]:
    strings: list[tuple[tuple[str, ...], str, bool]] = []
    _walk(doc, (), False, strings)
    any_note_key = any(under for _, _, under in strings)
    for parts, text, under_note in strings:
        kind = key_kind(parts[-1]) if parts and not parts[-1].isdigit() else None
        if kind == "time":
            # A time beside a note becomes that note's timestamp; a lone one is file metadata.
            if not under_note:
                yield Note(locator=prefix + _pointer(parts), text=text.strip(), source="metadata")
            continue
        if kind == "author":
            continue
        if under_note if any_note_key else looks_human(text):
            yield Note(
                locator=prefix + _pointer(parts),
                text=text.strip(),
                timestamp=_context(doc, parts, "time"),
                author=_context(doc, parts, "author"),
            )


def read_json(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    try:
        doc = json.loads(decoded.text)
    except json.JSONDecodeError as err:
        raise FormatError(f"invalid JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    yield from notes_from_document(doc)


def read_json_lines(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    for number, line in enumerate(decoded.text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as err:
            raise FormatError(f"invalid JSON on line {number}: {err.msg}") from None
        yield from notes_from_document(doc, prefix=f"line {number}:")


EXTRACTOR = Extractor(name="json", suffixes=(".json",), read=read_json)
JSON_LINES = Extractor(name="jsonl", suffixes=(".jsonl", ".ndjson"), read=read_json_lines)

"""JSON and JSON Lines sidecars: strings under note-like keys, located by JSON pointer.

Under a note key (`notes`, `备注`, `코멘트` ... in models/extract/note_keys.tsv), a string is a
note when its own key is a note key too, or when it reads as human language (so a note's
`id` or `status` is not one). Strings under author keys are authors, never notes. When a
document has no note-like key at all, every human-language string is a note. The nearest
time and author keys around a note give its timestamp and author.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext, bounded_path
from analyzer.extract.decode import decode_text
from analyzer.extract.human import looks_human
from analyzer.extract.keys import key_kind


@dataclass(slots=True)  # not frozen: a frozen record's __init__ sets each field through object.__setattr__
class _Leaf:
    """A string in the document: where it sits, the kinds of the keys above it, the time and author around it
    (made once per string and only read after: never changed)."""

    parts: _Parts  # where it sits, shared with its siblings (a tuple per leaf grows with depth times leaves)
    text: str
    under: frozenset[str]  # kinds (note, time, author) of every key on the way down
    own: str | None  # kind of the nearest key (an array item takes its array's key)
    timestamp: str | None  # the nearest time value beside it or in an enclosing object
    author: str | None


_Parts = tuple["_Parts", str] | None  # (the parent's parts, this key): a path that shares its parent's steps


def _pointer(parts: _Parts) -> str:
    """The JSON pointer of `parts`; a deep one keeps its first and innermost steps around `…`."""
    steps: list[str] = []
    while parts is not None:
        parts, key = parts
        steps.append(key.replace("~", "~0").replace("/", "~1"))
    return bounded_path(steps[::-1]) if steps else "/"


def _scalar(value: Any) -> str | None:
    """A time or author value: a string or number, or the name inside an author object (`{"name": "王"}`)."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip() or None
    if isinstance(value, dict):
        for key, inner in value.items():
            if "name" in str(key).lower() and isinstance(inner, str) and inner.strip():
                return inner.strip()
    return None


_Context = tuple[str | None, str | None]  # (timestamp, author) in force at a point of the document


def _around(value: dict[Any, Any], kinds: dict[Any, str | None], context: _Context) -> _Context:
    """The time and author in force inside an object: its first time and author keys with a value (one pass over
    its keys), else those around it."""
    timestamp = author = None
    for key, kind in kinds.items():
        if kind == "time":
            if timestamp is None:
                timestamp = _scalar(value[key])
        elif kind == "author" and author is None:
            author = _scalar(value[key])
    return timestamp or context[0], author or context[1]


def _walk(
    value: Any, parts: _Parts, under: frozenset[str], own: str | None, context: _Context, out: list[_Leaf]
) -> None:
    """Collect every string leaf; each object is looked at once, so wide objects stay linear."""
    if isinstance(value, dict):
        kinds = {key: key_kind(str(key)) for key in value}
        inner = _around(value, kinds, context)  # an object's own time and author win over those around it
        for key, child in value.items():
            kind = kinds[key]
            _walk(child, (parts, str(key)), under | {kind} if kind else under, kind, inner, out)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _walk(child, (parts, str(index)), under, own, context, out)
    elif isinstance(value, str) and (text := value.strip()):
        out.append(_Leaf(parts, text, under, own, context[0], context[1]))


def notes_from_document(doc: Any, prefix: str = "") -> Iterator[Note]:
    leaves: list[_Leaf] = []
    _walk(doc, None, frozenset(), None, (None, None), leaves)
    any_note_key = any("note" in leaf.under for leaf in leaves)
    for leaf in leaves:
        if "author" in leaf.under:
            continue  # an author's name (or e-mail) is not a note
        if leaf.own == "time":
            # A time beside a note becomes that note's timestamp; a lone one is file metadata.
            if "note" not in leaf.under:
                yield Note(locator=prefix + _pointer(leaf.parts), text=leaf.text, source="metadata")
            continue
        if any_note_key:
            wanted = "note" in leaf.under and (leaf.own == "note" or looks_human(leaf.text))
        else:
            wanted = looks_human(leaf.text)
        if wanted:
            yield Note(prefix + _pointer(leaf.parts), leaf.text, timestamp=leaf.timestamp, author=leaf.author)


def read_json(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    try:
        doc = json.loads(decoded.text)
    except json.JSONDecodeError as err:
        raise FormatError(f"invalid JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    except RecursionError:
        raise FormatError("JSON nested too deeply to read") from None
    yield from _guarded(doc, "")


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
        except RecursionError:
            raise FormatError(f"JSON on line {number} nested too deeply to read") from None
        yield from _guarded(doc, f"line {number}:")


def _guarded(doc: Any, prefix: str) -> Iterator[Note]:
    try:
        notes = list(notes_from_document(doc, prefix))
    except RecursionError:
        raise FormatError("JSON nested too deeply to read") from None
    yield from notes


EXTRACTOR = Extractor(name="json", suffixes=(".json",), read=read_json, text=True)
JSON_LINES = Extractor(name="jsonl", suffixes=(".jsonl", ".ndjson"), read=read_json_lines, text=True)

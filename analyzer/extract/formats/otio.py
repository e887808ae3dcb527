"""OpenTimelineIO timelines (`.otio`, JSON): marker names and comments, item names, metadata notes.

Walks the serialized objects by their `OTIO_SCHEMA`: each `Marker`'s `name` and `comment` are notes
(located `track "V1" clip "C012" marker 2`), with the marker's `metadata` read like a JSON sidecar
(note keys, authors, times); clip, gap and track names are names (`layer-name`); the timeline's
own name is metadata (editors name new timelines themselves: `Timeline 1`). Other `metadata`
dictionaries are read like JSON sidecars. Media references and timing are not text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text
from analyzer.extract.formats.json_notes import notes_from_document

MAX_DEPTH = 200


def _schema(value: dict[str, Any]) -> str:
    schema = value.get("OTIO_SCHEMA")
    return schema.split(".", 1)[0] if isinstance(schema, str) else ""


def _name(value: dict[str, Any]) -> str:
    name = value.get("name")
    return name.strip() if isinstance(name, str) else ""


def _walk(value: Any, where: str, depth: int) -> Iterator[Note]:
    if depth > MAX_DEPTH:
        raise FormatError("timeline nested too deeply to read")
    if isinstance(value, list):
        for child in value:
            yield from _walk(child, where, depth + 1)
        return
    if not isinstance(value, dict):
        return
    schema = _schema(value)
    name = _name(value)
    here = where
    if schema == "Timeline":
        if name:
            yield Note("timeline name", name, source="metadata")
    elif schema in ("Track", "Clip", "Gap", "Transition") and name:  # a timeline's Stack is named "tracks"
        here = f'{where} {schema.lower()} "{name}"'.strip()
        yield Note(here, name, source="layer-name")
    markers = value.get("markers")
    for number, marker in enumerate(markers if isinstance(markers, list) else [], start=1):
        if not isinstance(marker, dict):
            continue
        at = f"{here} marker {number}".strip()
        for key in ("name", "comment"):
            text = marker.get(key)
            if isinstance(text, str) and text.strip():
                yield Note(at if key == "name" else f"{at} comment", text.strip())
        yield from _metadata(marker.get("metadata"), at)
    if schema not in ("Marker",):
        yield from _metadata(value.get("metadata"), here or "timeline")
    for key, child in value.items():
        if key not in ("markers", "metadata") and isinstance(child, dict | list):
            yield from _walk(child, here, depth + 1)


def _metadata(metadata: Any, where: str) -> Iterator[Note]:
    if isinstance(metadata, dict) and metadata:
        yield from notes_from_document(metadata, prefix=f"{where} metadata")


def read_otio(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    try:
        document = json.loads(decoded.text)
    except json.JSONDecodeError as err:
        raise FormatError(f"invalid OTIO JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    except RecursionError:
        raise FormatError("OTIO JSON nested too deeply to read") from None
    if not isinstance(document, dict) or "OTIO_SCHEMA" not in document:
        raise FormatError("not an OpenTimelineIO file: no OTIO_SCHEMA")
    try:
        yield from list(_walk(document, "", 0))
    except RecursionError:
        raise FormatError("timeline nested too deeply to read") from None


EXTRACTOR = Extractor(name="otio", suffixes=(".otio",), read=read_otio, text=True)

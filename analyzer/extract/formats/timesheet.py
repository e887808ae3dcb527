"""XDTS and TDTS digital timesheets: dialogue, camerawork and other instruction tracks, frame by frame.

Both are a header line (`exchangeDigitalTimeSheet Save Data`, Toei's `toeiDigitalTimeSheet Save Data`)
then JSON (layout as OpenToonz's xdtsio.cpp and the public TDTS converters read it): `timeTables[]`
with `timeTableHeaders[]` (track names per field) and `fields[]` (`fieldId` 0 cells, 3 dialogue,
5 camerawork; TDTS adds others), each track's `frames[]` giving the frame where a value starts and
its `data[].values`. Located `timesheet "c012" dialogue track "S1" frame 37` (frames counted from 1,
as the sheet shows them). Cell numbers and timing symbols are not text; the header's `direction`
(TDTS) and any note-named key are notes; `operatorName` is the author; cut and scene are metadata.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text
from analyzer.extract.human import looks_human
from analyzer.extract.keys import key_kind

XDTS_HEADER = b"exchangeDigitalTimeSheet Save Data"
TDTS_HEADER = b"toeiDigitalTimeSheet Save Data"
FIELDS = {0: "cell", 3: "dialogue", 5: "camera"}  # OpenToonz xdtsio.h FieldId; others are named by number
CELL_FIELD = 0
HEADER_METADATA = ("cut", "scene", "episode")
OPERATOR_KEYS = ("operatorName", "opratorName")  # TDTS writers spell it both ways


def _document(data: bytes, header: bytes, kind: str, ctx: ReadContext) -> dict[str, Any]:
    if not data.lstrip(b"\xef\xbb\xbf").startswith(header):
        raise FormatError(f"not a {kind} timesheet: no `{header.decode()}` line")
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    body = decoded.text.lstrip("\ufeff")[len(header) :]
    try:
        document = json.loads(body)
    except json.JSONDecodeError as err:
        raise FormatError(f"invalid {kind} JSON: {err.msg} at line {err.lineno + 1}") from None
    except RecursionError:
        raise FormatError(f"{kind} JSON nested too deeply to read") from None
    if not isinstance(document, dict) or not isinstance(document.get("timeTables", []), list):
        raise FormatError(f"not a {kind} timesheet: no timeTables list")
    return document


def _strings(value: Any) -> list[str]:
    return [item.strip() for item in value if isinstance(item, str) and item.strip()] if isinstance(value, list) else []


def _header_notes(header: Any) -> Iterator[Note]:
    if not isinstance(header, dict):
        return
    for key, value in header.items():
        if not isinstance(value, str) or not value.strip():
            continue
        if key in HEADER_METADATA:
            yield Note(f"header {key}", value.strip(), source="metadata")
        elif key == "direction" or (key_kind(key) == "note" and looks_human(value)):
            yield Note(f"header {key}", value.strip())


def _frame_notes(table: dict[str, Any], sheet: str, author: str | None) -> Iterator[Note]:
    raw_names = {
        header.get("fieldId"): header.get("names") if isinstance(header.get("names"), list) else []
        for header in table.get("timeTableHeaders", []) or []
        if isinstance(header, dict)
    }
    for field in table.get("fields", []) or []:
        if not isinstance(field, dict) or field.get("fieldId") == CELL_FIELD:
            continue  # cell numbers and timing symbols
        field_id = field.get("fieldId")
        field_name = FIELDS.get(field_id, f"field {field_id}") if isinstance(field_id, int) else "field"
        for track in field.get("tracks", []) or []:
            if not isinstance(track, dict):
                continue
            number = track.get("trackNo")
            labels = raw_names.get(field_id, [])
            label = labels[number] if isinstance(number, int) and 0 <= number < len(labels) else None
            track_name = label if isinstance(label, str) and label.strip() else f"#{number}"
            for entry in track.get("frames", []) or []:
                if not isinstance(entry, dict):
                    continue
                frame = entry.get("frame")
                where = f'timesheet "{sheet}" {field_name} track "{track_name}"'
                where += f" frame {frame + 1}" if isinstance(frame, int) else ""
                for datum in entry.get("data", []) or []:
                    if not isinstance(datum, dict):
                        continue
                    values = [v for v in _strings(datum.get("values")) if not v.startswith("SYMBOL_")]
                    if values:
                        yield from _values(where, field_id, values, author)


def _values(where: str, field_id: Any, values: list[str], author: str | None) -> Iterator[Note]:
    if field_id == 3 and len(values) >= 2:  # a dialogue entry: the speaker, then the line
        yield Note(f"{where} ({values[0]})", "\n".join(values[1:]), author=author)
        return
    text = "\n".join(values)
    if looks_human(text):
        yield Note(where, text, author=author)
    else:  # a camerawork preset (PAN, FI) or a number
        yield Note(where, text, source="metadata")


def _notes(document: dict[str, Any]) -> Iterator[Note]:
    yield from _header_notes(document.get("header"))
    for index, table in enumerate(document.get("timeTables", []), start=1):
        if not isinstance(table, dict):
            continue
        name = table.get("name")
        sheet = name.strip() if isinstance(name, str) and name.strip() else str(index)
        author = next(
            (table[k].strip() for k in OPERATOR_KEYS if isinstance(table.get(k), str) and table[k].strip()), None
        )
        if isinstance(name, str) and name.strip():
            yield Note(f'timesheet "{sheet}" name', name.strip(), source="metadata")
        for book in table.get("books", []) or []:  # TDTS: background and book (still) names over the cells
            for track in (book.get("tracks", []) if isinstance(book, dict) else []) or []:
                for text in _strings(track.get("texts") if isinstance(track, dict) else None):
                    yield Note(f'timesheet "{sheet}" book', text, source="layer-name")
        yield from _frame_notes(table, sheet, author)


def read_xdts(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    yield from _notes(_document(data, XDTS_HEADER, "XDTS", ctx))


def read_tdts(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    yield from _notes(_document(data, TDTS_HEADER, "TDTS", ctx))


XDTS = Extractor(
    name="xdts", suffixes=(".xdts",), read=read_xdts, sniff=lambda head: head.startswith(XDTS_HEADER), text=True
)
TDTS = Extractor(
    name="tdts", suffixes=(".tdts",), read=read_tdts, sniff=lambda head: head.startswith(TDTS_HEADER), text=True
)

"""Clip Studio Paint `.clip`: the SQLite database chunk the file embeds, opened from an in-memory copy.

Read: layer names (`Layer.LayerName`), text-layer strings (`Layer.TextLayerString` and
`TextLayerStringArray`), and any text column whose name ends in a note key (comment, memo, ...); with OCR,
the text drawn on the canvas preview (`CanvasPreview.ImageData`). Layer pixels, vector strokes and the other
chunks are not read.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext, bounded_path
from analyzer.extract.decode import decode_loose
from analyzer.extract.keys import fold_key, key_kinds
from analyzer.extract.pixels import drawn_text

SIGNATURE = b"CSFCHUNK"
SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_CHUNK = b"CHNKSQLi"
PREVIEW_TABLE = "CanvasPreview"  # ImageData: a PNG of the flattened canvas
MAX_STEPS = 20_000_000  # SQLite VM steps per file: a hostile database cannot stall the scan
_MAX_PATH_STEPS = 7  # the layer and the folders above it named in its locator


def carve_database(data: bytes) -> bytes:
    """The SQLite bytes: the CHNKSQLi chunk's declared size, else the header's page count, else to the end."""
    start = data.find(SQLITE_HEADER)
    if start < 0:
        raise FormatError("no SQLite database chunk in this .clip")
    if start >= 16 and data[start - 16 : start - 8] == SQLITE_CHUNK:
        (size,) = struct.unpack_from(">Q", data, start - 8)
        return data[start : start + size]
    if len(data) < start + 32:
        raise FormatError("truncated SQLite header in this .clip")
    page_size, pages = struct.unpack_from(">H", data, start + 16)[0], struct.unpack_from(">I", data, start + 28)[0]
    size = (65536 if page_size == 1 else page_size) * pages
    return data[start : start + size] if size else data[start:]


def _open(database: bytes) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    steps = [0]

    def budget() -> int:
        steps[0] += 1
        return 1 if steps[0] * 1000 > MAX_STEPS else 0

    try:
        conn.deserialize(database)
        conn.text_factory = decode_loose  # CSP writes UTF-8, but a damaged page must not stop the file
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.set_progress_handler(budget, 1000)
    except sqlite3.Error as err:
        conn.close()
        raise FormatError(f"broken SQLite chunk: {err}") from None
    return conn


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return decode_loose(value)
    return value if isinstance(value, str) else ""


def _string_array(blob: object) -> list[str]:
    """`TextLayerStringArray`: repeated (u32 little-endian size, UTF-8 bytes)."""
    if not isinstance(blob, bytes):
        return []
    out, pos = [], 0
    while pos + 4 <= len(blob):
        (size,) = struct.unpack_from("<I", blob, pos)
        out.append(_text(blob[pos + 4 : pos + 4 + size]))
        pos += 4 + size
    return out


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(table)})")]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _layer_notes(conn: sqlite3.Connection, columns: list[str]) -> Iterator[Note]:
    wanted = ["LayerName", "TextLayerString", "TextLayerStringArray", "LayerFirstChildIndex", "LayerNextIndex"]
    select = ", ".join(_quote(c) if c in columns else "NULL" for c in wanted)
    rows = {row[0]: row[1:] for row in conn.execute(f"SELECT MainId, {select} FROM Layer ORDER BY MainId")}
    parent: dict[object, object] = {}
    for main_id, (_name, _s, _a, first_child, _next) in rows.items():
        child, seen = first_child, set()
        while child in rows and child not in seen:
            seen.add(child)
            parent.setdefault(child, main_id)
            child = rows[child][4]

    def path(main_id: object) -> str:
        """The layer's folder path; a deep one (a 2,000-layer chain) keeps its innermost folders after `…`."""
        names: list[str] = []
        seen: set[object] = set()
        while main_id in rows and main_id not in seen:
            if len(names) == _MAX_PATH_STEPS:
                names.append("…")  # more folders above
                break
            seen.add(main_id)
            name = _text(rows[main_id][0]).strip()
            if name:
                names.append(name)
            main_id = parent.get(main_id)
        return bounded_path(names[::-1], lead="")

    for main_id, (name, string, array, _first, _next) in rows.items():
        where = path(main_id)
        if _text(name).strip():
            yield Note(f'layer "{where}"', _text(name).strip(), source="layer-name")
        texts = [t for t in [_text(string), *_string_array(array)] if t.strip()]
        for index, text in enumerate(dict.fromkeys(texts), start=1):
            suffix = f" {index}" if index > 1 else ""
            yield Note(f'layer "{where}" text{suffix}', text.replace("\r\n", "\n").replace("\r", "\n").strip())


def _is_note_column(column: str) -> bool:
    folded = fold_key(column)
    return any(folded.endswith(key) for key, kind in key_kinds().items() if kind == "note" and len(key) >= 4)


def _column_notes(conn: sqlite3.Connection, table: str, columns: list[str]) -> Iterator[Note]:
    for column in columns:
        if (table == "Layer" and column.startswith("TextLayer")) or not _is_note_column(column):
            continue
        for rowid, value in conn.execute(f"SELECT rowid, {_quote(column)} FROM {_quote(table)}"):
            text = value.strip() if isinstance(value, str) else ""  # BLOBs here are binary, not text
            if text:
                yield Note(f"{table}.{column}[{rowid}]", text)


def read_clip(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if not data.startswith(SIGNATURE):
        raise FormatError("not a Clip Studio file (no CSFCHUNK signature)")
    conn = _open(carve_database(data))
    notes: list[Note] = []
    preview = None
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            columns = _columns(conn, table)
            if table == "Layer" and "MainId" in columns:
                notes += _layer_notes(conn, columns)
            notes += _column_notes(conn, table, columns)
            if ctx.ocr and table == PREVIEW_TABLE and "ImageData" in columns:
                preview = _largest_preview(conn)
    except sqlite3.OperationalError as err:
        if "interrupt" in str(err):
            raise FormatError(f"SQLite chunk needs more than {MAX_STEPS} query steps; not read") from None
        raise FormatError(f"broken SQLite chunk: {err}") from None
    except sqlite3.Error as err:
        raise FormatError(f"broken SQLite chunk: {err}") from None
    except UnicodeDecodeError:  # SQLite's own message quoted bytes of a damaged schema
        raise FormatError("broken SQLite chunk: damaged schema") from None
    finally:
        conn.close()
    yield from notes
    if preview:
        yield from drawn_text(preview, ctx)


def _largest_preview(conn: sqlite3.Connection) -> bytes | None:
    """The canvas preview image (PNG) Clip Studio stores of the flattened canvas, the largest if several."""
    row = conn.execute(f"SELECT ImageData FROM {PREVIEW_TABLE} ORDER BY length(ImageData) DESC LIMIT 1").fetchone()
    return row[0] if row and isinstance(row[0], bytes) else None


EXTRACTOR = Extractor(name="clip", suffixes=(".clip",), read=read_clip, sniff=lambda head: head.startswith(SIGNATURE))

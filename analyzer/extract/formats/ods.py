"""OpenDocument spreadsheets (.ods/.ots, LibreOffice Calc): note columns by header and cell comments.

Read as .xlsx is (`analyzer/extract/sheet.py`), locator `Sheet1!D7`; cell comments (`office:annotation`)
with their author and date as `Sheet1!D7 (comment)`. Repeated rows and columns are expanded up to a cap:
a sheet that declares a million empty rows costs nothing.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from analyzer.extract.base import Extractor, LimitReached, Note, ReadContext
from analyzer.extract.office import (
    OdfText,
    attribute,
    child_text,
    descendants,
    odf_properties,
    opendocument_content,
    read_document,
)
from analyzer.extract.sheet import column_letter, notes_from_numbered_rows, sheet_reference
from analyzer.extract.xmltree import local_name

MAX_ROWS = 1_048_576  # as many as a spreadsheet program shows
MAX_COLUMNS = 16_384
MAX_CELLS = 5_000_000


def _repeat(element: Element, name: str) -> int:
    value = attribute(element, name) or "1"
    return max(1, int(value)) if value.isdigit() and len(value) < 9 else 1


def _sheet(reader: OdfText, table: Element, name: str, notes: list[Note]) -> list[tuple[int, list[str]]]:
    """The sheet's filled rows as (row number, cells), trailing empty cells dropped; comments go to `notes`."""
    rows: list[tuple[int, list[str]]] = []
    row_number = 0
    cells = 0
    for row in (e for e in table.iter() if local_name(e.tag) == "table-row"):
        repeat = _repeat(row, "number-rows-repeated")
        values: list[str] = []
        for cell in row:
            if local_name(cell.tag) not in ("table-cell", "covered-table-cell"):
                continue
            span = _repeat(cell, "number-columns-repeated")
            text = "\n".join(p.text() for p in reader.paragraphs(cell) if p.text())
            for annotation in (c for c in cell if local_name(c.tag) == "annotation"):
                comment = "\n".join(reader.plain(p) for p in annotation if local_name(p.tag) in ("p", "h")).strip()
                if comment:
                    where = sheet_reference(name, f"{column_letter(len(values))}{row_number + 1}") + " (comment)"
                    author, date = child_text(annotation, "creator"), child_text(annotation, "date")
                    notes.append(Note(where, comment, timestamp=date, author=author))
            if text:
                values.extend([text] * min(span, MAX_COLUMNS - len(values)))
            else:
                values.extend([""] * min(span, MAX_COLUMNS - len(values)))
            if len(values) >= MAX_COLUMNS:
                break
        while values and not values[-1]:
            values.pop()
        if values:
            copies = min(repeat, MAX_ROWS - row_number)
            cells += len(values) * copies
            if cells > MAX_CELLS:
                raise LimitReached(f"sheet {name} has more than {MAX_CELLS} filled cells: the rest were not read")
            rows.extend((row_number + 1 + i, values) for i in range(copies))
        row_number += repeat
        if row_number >= MAX_ROWS:
            break
    return rows


def read_ods(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    return read_document(data, ctx, "OpenDocument spreadsheet", _read_package)


def _read_package(package: zipfile.ZipFile) -> Iterator[Note]:
    content = opendocument_content(package)
    reader = OdfText(content)
    for table in descendants(content, "table"):
        if local_name(table.tag) != "table":
            continue
        name = attribute(table, "name") or "Sheet"
        comments: list[Note] = []
        yield from notes_from_numbered_rows(_sheet(reader, table, name, comments), name)
        yield from comments
    yield from odf_properties(package)


EXTRACTOR = Extractor(name="ods", suffixes=(".ods", ".ots"), read=read_ods)

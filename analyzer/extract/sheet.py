"""Retake and timing sheets as rows of cells: header-aware note columns, A1-style cell locators.

A header row is any of the first rows with a cell naming a note column (models/extract/note_keys.tsv:
备注, 修改意见, 수정, 메모, comment ...). Below it, each non-empty cell in a note column is a note,
with the row's time and author cells as its timestamp and author. A column whose header names
nothing known (damaged in an export, `修改意?`, or simply unrecognised) still counts as a note column
when most of its cells are human-language text. A sheet without such a header gives every
human-language cell instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache

from analyzer.extract.base import Note
from analyzer.extract.human import looks_human
from analyzer.extract.keys import fold_key, key_kind, key_kinds
from analyzer.text.scripts import has_cjk

HEADER_SEARCH_ROWS = 20  # title rows and blank rows above the header are common in sheets
_HEADER_PARTS = re.compile(r"[/|()\[\]（）【】,，、;；:：\n]+")
_SHEET_NEEDS_QUOTES = re.compile(r"[^\w.]")


def header_kind(header: str) -> str | None:
    """note / time / author for a column header such as "修改意见 (CN)" or "备注/비고"."""
    kind = key_kind(header)
    if kind:
        return kind
    parts = [part for part in _HEADER_PARTS.split(header) if part.strip()]
    kinds = [key_kind(part) for part in parts]
    for wanted in ("note", "time", "author"):
        if wanted in kinds:
            return wanted
    # Compounds ending in a note word: 画面修改意见, 한국어 번역, Retake notes.
    folded = [fold_key(part) for part in parts]
    if any(word.endswith(key) for word in folded for key in _note_suffixes()):
        return "note"
    return None


@cache
def _note_suffixes() -> tuple[str, ...]:
    """Note keys long enough to recognise at the end of a compound header (2+ CJK or 4+ Latin letters)."""
    keys = [key for key, kind in key_kinds().items() if kind == "note"]
    return tuple(key for key in keys if len(key) >= (2 if has_cjk(key) else 4))


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_locator(sheet: str | None, row: int, column: int) -> str:
    """`D7`, or `Sheet1!D7` / `'Retake list'!D7` as Excel writes a reference to another sheet."""
    return sheet_reference(sheet, f"{column_letter(column)}{row}")


def sheet_reference(sheet: str | None, cell: str) -> str:
    if sheet is None:
        return cell
    name = f"'{sheet.replace(chr(39), chr(39) * 2)}'" if _SHEET_NEEDS_QUOTES.search(sheet) else sheet
    return f"{name}!{cell}"


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


Row = Sequence[object] | Mapping[int, object]  # a row's cells, or only its filled ones by 0-based column


def notes_from_rows(rows: Iterable[Row], sheet: str | None = None) -> Iterator[Note]:
    """Notes from one sheet's rows (1-based row numbers as a spreadsheet shows them)."""
    return notes_from_numbered_rows(enumerate(rows, start=1), sheet)


def notes_from_numbered_rows(rows: Iterable[tuple[int, Row]], sheet: str | None = None) -> Iterator[Note]:
    """Notes from (1-based row number, row) pairs, rows given whole or sparse as {column: value}.

    Only filled cells of non-empty rows are kept, so a sheet with one cell in column XFD of row 1,000,000
    costs one cell, not 16,384 per row and a million empty rows.
    """
    table = [(number, filled) for number, row in rows if (filled := _filled(row))]
    header_at = next(
        (
            i
            for i, (number, row) in enumerate(table)
            if number <= HEADER_SEARCH_ROWS and any(header_kind(c) == "note" for c in row.values())
        ),
        None,
    )
    if header_at is None:
        for r, row in table:
            for c, text in row.items():
                if looks_human(text):
                    yield Note(cell_locator(sheet, r, c), text)
        return
    kinds = {c: header_kind(text) for c, text in table[header_at][1].items()}
    body = table[header_at + 1 :]
    columns: dict[int, list[str]] = {}  # the body's filled cells by column (only columns with a filled cell)
    for _, row in body:
        for c, text in row.items():
            columns.setdefault(c, []).append(text)
    for column, cells in columns.items():
        if kinds.get(column) is None and _written_column(cells):
            kinds[column] = "note"  # a damaged or unknown header must not hide a column of notes
    note_columns = sorted(c for c, kind in kinds.items() if kind == "note")
    time_columns = sorted(c for c, kind in kinds.items() if kind == "time")
    author_columns = sorted(c for c, kind in kinds.items() if kind == "author")
    for r, row in body:
        timestamp = _first(row, time_columns)
        author = _first(row, author_columns)
        for c in note_columns:
            if c in row and any(char.isalpha() for char in row[c]):  # not "-", "✓", "0"
                yield Note(cell_locator(sheet, r, c), row[c], timestamp=timestamp, author=author)


def _filled(row: Row) -> dict[int, str]:
    """The row's non-empty cells as text, by 0-based column, in column order."""
    cells = sorted(row.items()) if isinstance(row, Mapping) else enumerate(row)
    return {c: text for c, value in cells if (text := cell_text(value))}


def _written_column(cells: Sequence[str]) -> bool:
    """Most non-empty cells are sentences people wrote: human language and at least 4 characters long,
    so cut ids (C012), statuses (完成, OK), names (小明) and numbers keep their column out."""
    filled = [cell for cell in cells if cell]
    written = sum(1 for cell in filled if len(cell) >= 4 and looks_human(cell) and not _is_date(cell))
    return bool(filled) and written * 2 > len(filled)


def _is_date(cell: str) -> bool:
    return bool(_DATE.match(cell))


_DATE = re.compile(r"^\d{2,4}[-/.年]\d{1,2}[-/.月]\d{1,2}")


def _first(row: Mapping[int, str], columns: Sequence[int]) -> str | None:
    return next((row[c] for c in columns if row.get(c)), None)

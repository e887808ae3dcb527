"""Legacy Excel workbooks (.xls, BIFF5/BIFF8) through xlrd: note columns by header and cell comments.

Read as .xlsx is (`analyzer/extract/sheet.py`): cells under a note header with the row's time and author,
or every human-language cell; locator `Sheet1!D7`. Cell comments with their author as `Sheet1!D7 (comment)`.
BIFF5 text is decoded with the workbook's CODEPAGE record (936 GBK, 949 Korean ...), as xlrd does.
Encrypted workbooks are an error row.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.sheet import column_letter, notes_from_rows, sheet_reference


def read_xls(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO(), ragged_rows=True)
    except xlrd.XLRDError as err:
        raise FormatError(f"unreadable .xls workbook: {err}") from None
    except Exception as err:  # xlrd meets hostile bytes with struct, index and assertion errors
        raise FormatError(f"damaged .xls workbook: {type(err).__name__}: {err}"[:300]) from None
    ctx.encoding = book.encoding
    notes: list[Note] = []
    try:
        for sheet in book.sheets():
            notes.extend(notes_from_rows((_row(book, sheet, r) for r in range(sheet.nrows)), sheet.name))
            for (row, column), comment in sorted(sheet.cell_note_map.items()):
                text = (comment.text or "").strip()
                if text:
                    locator = sheet_reference(sheet.name, f"{column_letter(column)}{row + 1}") + " (comment)"
                    notes.append(Note(locator, text, author=(comment.author or "").strip() or None))
    except Exception as err:
        raise FormatError(f"damaged .xls worksheet: {type(err).__name__}: {err}"[:300]) from None
    yield from notes


def _row(book, sheet, index: int) -> list[object]:  # type: ignore[no-untyped-def]
    """A row's values, date cells as datetimes (xlrd gives them as day numbers)."""
    import xlrd

    values: list[object] = []
    for cell in sheet.row(index):
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                values.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                continue
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                pass
        values.append(cell.value)
    return values


EXTRACTOR = Extractor(name="xls", suffixes=(".xls", ".xlt"), read=read_xls, ole_streams=("Workbook", "Book"))

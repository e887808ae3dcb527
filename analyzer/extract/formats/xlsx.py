"""Excel .xlsx/.xlsm retake sheets: header-aware note columns and cell comments, located as `Sheet1!D7`.

Cells are read with openpyxl's sheet parser (values, not formulas), row by row and only the
filled cells: read-only openpyxl pads every row to the widest, so one cell in column XFD would
cost 16,384 per row. Cell comments (the yellow notes) are not loaded by read-only openpyxl, so
they are read from the package's comments parts directly and located as `Sheet1!D7 (comment)`.
A part the XML parser refuses (a DOCTYPE with entities) makes the workbook an error row.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator

from analyzer.extract.archive import open_package, package_errors
from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.office import read_part, relationships
from analyzer.extract.sheet import notes_from_numbered_rows, sheet_reference
from analyzer.extract.xmltree import local_name

_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def read_xlsx(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    package = open_package(data, ctx.limits, "xlsx workbook")
    import openpyxl

    ctx.encoding = "utf-8"  # OOXML parts are UTF-8 XML
    notes: list[Note] = []
    with package_errors("workbook"):
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (ValueError, TypeError, AttributeError, IndexError) as err:  # openpyxl on malformed parts
            raise FormatError(_reason("unreadable workbook", err)) from None
        try:
            for sheet in workbook.worksheets:
                notes.extend(notes_from_numbered_rows(_filled_rows(sheet), sheet.title))
        except (ValueError, TypeError, AttributeError, IndexError) as err:
            raise FormatError(_reason("unreadable worksheet", err)) from None
        finally:
            workbook.close()
        notes.extend(_cell_comments(package))
    yield from notes


MAX_ROW = 1_048_576  # Excel's last row; a sheet claiming rows past it is damaged or hostile


def _filled_rows(sheet) -> Iterator[tuple[int, dict[int, object]]]:  # type: ignore[no-untyped-def]
    """(row number, {0-based column: value}) of each row with a cell, as the sheet's XML lists them.

    The declared dimensions are never used (they lie in files from some exporters, and size the padding).
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            if not 0 < number <= MAX_ROW:
                raise FormatError(f"worksheet {sheet.title!r} has a row numbered {number}, past Excel's {MAX_ROW}")
            filled = {cell["column"] - 1: cell["value"] for cell in cells if cell["value"] is not None}
            if filled:
                yield number, filled


def _reason(what: str, err: BaseException) -> str:
    """The error's text, or "unsafe XML refused" when openpyxl wrapped a defusedxml refusal (billion laughs)."""
    from defusedxml.common import DefusedXmlException

    cause: BaseException | None = err
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return f"{what}: unsafe XML refused ({type(cause).__name__})"
        cause = cause.__cause__ or cause.__context__
    return f"{what}: {type(err).__name__}: {err}"


def _cell_comments(package: zipfile.ZipFile) -> Iterator[Note]:
    names = set(package.namelist())
    workbook = read_part(package, "xl/workbook.xml")
    rels = {rel_id: target for rel_id, (_, target) in relationships(package, "xl/workbook.xml").items()}
    if workbook is None:
        return
    for sheet in (e for e in workbook.iter() if local_name(e.tag) == "sheet"):
        sheet_part = rels.get(sheet.get(_REL_ID, ""))
        if not sheet_part:
            continue
        for _, target in relationships(package, sheet_part).values():
            if "comment" not in posixpath.basename(target).lower() or target not in names:
                continue
            comments = read_part(package, target)
            if comments is None:
                continue
            authors = [(a.text or "").strip() for a in comments.iter() if local_name(a.tag) == "author"]
            for comment in (e for e in comments.iter() if local_name(e.tag) == "comment"):
                text = "".join(t.text or "" for t in comment.iter() if local_name(t.tag) == "t").strip()
                author_id = comment.get("authorId", "")
                author = authors[int(author_id)] if author_id.isdigit() and int(author_id) < len(authors) else None
                if text:
                    locator = sheet_reference(sheet.get("name", "?"), comment.get("ref", "?")) + " (comment)"
                    yield Note(locator, text, author=author)


EXTRACTOR = Extractor(name="xlsx", suffixes=(".xlsx", ".xlsm"), read=read_xlsx)

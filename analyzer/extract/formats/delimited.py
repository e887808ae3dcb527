"""CSV and TSV retake sheets: header-aware note columns, cells located as `D7` (column letter, record number).

The record number is the row a spreadsheet shows when it opens the file (a quoted cell
spanning lines is one row). The delimiter of a .csv is sniffed (`,` `;` tab `|`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text
from analyzer.extract.sheet import notes_from_rows


def _rows(text: str, delimiter: str | None) -> list[list[str]]:
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:16384], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as err:
        raise FormatError(f"invalid CSV at record {reader.line_num}: {err}") from None


def _reader(delimiter: str | None):  # type: ignore[no-untyped-def]
    def read(data: bytes, ctx: ReadContext) -> Iterator[Note]:
        decoded = decode_text(data)
        ctx.encoding = decoded.encoding
        yield from notes_from_rows(_rows(decoded.text.replace("\x00", ""), delimiter))

    return read


EXTRACTOR = Extractor(name="csv", suffixes=(".csv",), read=_reader(None), text=True)
TSV = Extractor(name="tsv", suffixes=(".tsv", ".tab"), read=_reader("\t"), text=True)

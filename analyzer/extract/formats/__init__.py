"""The format registry: one module per format, one line each here."""

from __future__ import annotations

from analyzer.extract.base import Extractor
from analyzer.extract.formats import delimited, json_notes, plain_text, sevenzip, tar_archive, xlsx, xmp, zip_archive

EXTRACTORS: tuple[Extractor, ...] = (
    plain_text.EXTRACTOR,
    json_notes.EXTRACTOR,
    json_notes.JSON_LINES,
    xmp.EXTRACTOR,
    delimited.EXTRACTOR,
    delimited.TSV,
    xlsx.EXTRACTOR,
    zip_archive.EXTRACTOR,
    tar_archive.EXTRACTOR,
    sevenzip.EXTRACTOR,
)

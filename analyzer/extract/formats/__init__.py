"""The format registry: one module per format, one line each here."""

from __future__ import annotations

from analyzer.extract.base import Extractor
from analyzer.extract.formats import (
    animate,
    delimited,
    harmony,
    json_notes,
    krita,
    plain_text,
    sevenzip,
    tar_archive,
    toonz,
    xlsx,
    xml_generic,
    xmp,
    zip_archive,
)

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
    xml_generic.EXTRACTOR,
    toonz.EXTRACTOR,
    harmony.EXTRACTOR,
    krita.EXTRACTOR,
    animate.FLA,
    animate.XFL_DOCUMENT,
)

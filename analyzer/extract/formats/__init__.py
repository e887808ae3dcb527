"""The format registry: one module per format, one line each here."""

from __future__ import annotations

from analyzer.extract.base import Extractor
from analyzer.extract.formats import ass, clip, jpeg, json_notes, plain_text, png, psd, srt, tiff, vtt, webp, xmp

EXTRACTORS: tuple[Extractor, ...] = (
    plain_text.EXTRACTOR,
    json_notes.EXTRACTOR,
    json_notes.JSON_LINES,
    xmp.EXTRACTOR,
    png.EXTRACTOR,
    jpeg.EXTRACTOR,
    tiff.EXTRACTOR,
    psd.EXTRACTOR,
    clip.EXTRACTOR,
    srt.EXTRACTOR,
    ass.EXTRACTOR,
    vtt.EXTRACTOR,
    webp.EXTRACTOR,
)

"""Notes typed or drawn on images (`analyzer scan --ocr`): text lines found by PP-OCR's detector, Chinese read
by PP-OCR's recogniser, Korean by Tesseract's Hangul model. Imported only when a scan asks for OCR; the heavy
libraries load on the first image.
"""

from __future__ import annotations

from analyzer.ocr.notes import image_notes, ocr_notes
from analyzer.ocr.reader import UNSURE_BELOW, OcrLine, OcrSettings, read_lines
from analyzer.ocr.setup import OcrUnavailable, available, missing, require

__all__ = [
    "UNSURE_BELOW",
    "OcrLine",
    "OcrSettings",
    "OcrUnavailable",
    "available",
    "image_notes",
    "missing",
    "ocr_notes",
    "read_lines",
    "require",
]

"""Recognised lines as extractor notes: `OCR line 2 (x, y, w, h)`, source "ocr", with their confidence.

The entry points format readers call when a scan asks for OCR: `ocr_notes(data)` for the bytes of an image
file (every page of a multi-page TIFF, a GIF's first frame), `image_notes(image)` for a picture already decoded
(a PSD or Krita composite, a PDF page rendered by its reader).
"""

from __future__ import annotations

import io
from typing import Any

from analyzer.extract.base import FormatError, Note
from analyzer.ocr.reader import read_lines

MAX_PAGES = 16  # pages of one TIFF read
MAX_PIXELS = 64_000_000  # larger pictures are not decoded for OCR (memory; Pillow's own bomb guard is at 179M)


def image_notes(image: Any, page: int | None = None) -> list[Note]:
    """The lines read on one decoded Pillow image, numbered from the top; `page` (1-based) names a page."""
    where = f"OCR page {page} line" if page else "OCR line"
    notes = []
    for number, line in enumerate(read_lines(image), start=1):
        x, y, w, h = line.box
        notes.append(
            Note(f"{where} {number} ({x}, {y}, {w}, {h})", line.text, source="ocr", confidence=line.confidence)
        )
    return notes


def ocr_notes(data: bytes) -> list[Note]:
    """The lines read on an image file's pixels (PNG, JPEG, TIFF, WebP, GIF, BMP ...); FormatError when its
    pixels cannot be decoded."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise FormatError(f"image of {image.width}x{image.height} pixels is too large to read its text")
            if getattr(image, "n_frames", 1) > 1 and image.format in ("TIFF", "MPO"):
                notes: list[Note] = []
                for page, frame in enumerate(ImageSequence.Iterator(image), start=1):
                    if page > MAX_PAGES:
                        break
                    notes += image_notes(frame.copy(), page)
                return notes
            image.load()
            return image_notes(image)
    except FormatError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as err:
        raise FormatError(f"cannot decode the image to read its text: {err}") from None

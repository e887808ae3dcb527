"""Text drawn on an image's pixels, read only when the scan asks for it (`--ocr`: `ReadContext.ocr`).

Format readers call these after their metadata: `drawn_text(data, ctx)` with an image file's bytes,
`drawn_text_in(image, ctx)` with a picture they decoded themselves (a PSD or Krita composite). Without OCR
nothing is decoded and `analyzer.ocr` is never imported.
"""

from __future__ import annotations

from typing import Any

from analyzer.extract.base import Note, ReadContext


def drawn_text(data: bytes, ctx: ReadContext) -> list[Note]:
    """The recognised lines of an image file (`OCR line 2 (x, y, w, h)`), or none without OCR."""
    if not ctx.ocr:
        return []
    from analyzer.ocr import ocr_notes

    return ocr_notes(data)


def drawn_text_in(image: Any, ctx: ReadContext) -> list[Note]:
    """The recognised lines of a decoded Pillow image, or none without OCR (or without an image)."""
    if not ctx.ocr or image is None:
        return []
    from analyzer.ocr import image_notes

    return image_notes(image)

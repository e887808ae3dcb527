"""Read the text lines of an image: pre-check, detect lines, recognise each with the recogniser of its script.

Every line is first read by the Chinese recogniser; a line it reads as Han with confidence, in about as many
characters as the line is long (a Korean line can come out as one confident Han character), is Chinese. Any
other line is read by Tesseract's Hangul model, and kept as Korean when that finds Hangul; else the more
confident of the two readings stands (Latin, digits). A line both read poorly is still returned, with its low
confidence, unless neither found a letter or digit in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analyzer.ocr.detector import LineBox, detect_lines
from analyzer.ocr.gate import has_text_rows
from analyzer.ocr.line_ends import follow_crossed_lines
from analyzer.ocr.line_image import GROW_X, GROW_Y, cut_line, for_tesseract, ink_views
from analyzer.ocr.pencil import PENCIL_SHARE, pencil_share, to_band, without_pencil
from analyzer.ocr.recognisers import read_chinese, read_korean
from analyzer.ocr.setup import KOREAN_MODEL

CHINESE_CONFIDENT = 0.7  # a Chinese reading at least this confident, mostly Han, makes the line Chinese
CHINESE_FILL = 0.5  # ... when it also has this many characters per line height of the line's length
CHINESE_SURE = 0.95  # a line crossed by pencil read less surely is read again with the strokes taken out
UNSURE_BELOW = 0.6  # lines read with less confidence are reported as unsure


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How lines are found and read; the defaults are what bench/ocr_bench.py measured best."""

    detector_side: int = 960  # longer side of the image as the detector sees it
    korean_model: str = KOREAN_MODEL
    korean_height: int = 40  # px: a line's height (grown) when Tesseract reads its grey
    korean_text_height: int = 30  # px: the text's own height when Tesseract reads a view cut to its band
    grow_y: float = GROW_Y
    grow_x: float = GROW_X
    separate_ink: bool = True  # coloured notes: Tesseract also reads views of the ink alone, the surest stands
    remove_pencil: bool = True  # a line crossed by long strokes is read with the strokes taken out
    follow_crossed: bool = True  # a line crossed by long strokes is followed past the detector's ends
    pre_check: bool = True  # skip the detector when no row of glyph-like shapes is found


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised line: where it is (x, y, width, height in the image's pixels), what it says, how sure."""

    box: tuple[int, int, int, int]
    text: str
    lang: str  # "zh" | "ko" | "und": which recogniser's reading stands
    confidence: float  # 0-1: the recogniser's mean character (Chinese) or word (Tesseract) confidence

    @property
    def unsure(self) -> bool:
        return self.confidence < UNSURE_BELOW


def _count(text: str, low: str, high: str) -> int:
    return sum(low <= ch <= high for ch in text)


def _han(text: str) -> int:
    return _count(text, "\u4e00", "\u9fff") + _count(text, "\u3400", "\u4dbf")


def _hangul(text: str) -> int:
    return _count(text, "\uac00", "\ud7a3") + _count(text, "\u3131", "\u318e")


def _letters(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def _mostly_han(text: str) -> bool:
    return _han(text) * 2 >= max(_letters(text), 1)


def read_line(rgb: Any, box: LineBox, settings: OcrSettings) -> OcrLine | None:
    line = cut_line(rgb, box, settings.grow_y, settings.grow_x)
    pencil_free = _pencil_free(line, settings)
    zh_text, zh_confidence = read_chinese(line)
    if pencil_free is not None and zh_confidence < CHINESE_SURE and _mostly_han(zh_text):  # again, strokes out
        zh_text, zh_confidence = max((zh_text, zh_confidence), read_chinese(_rgb(pencil_free[0])), key=lambda r: r[1])
    zh_letters = _letters(zh_text)
    fills = len("".join(zh_text.split())) * line.shape[0] >= CHINESE_FILL * line.shape[1]
    if zh_confidence >= CHINESE_CONFIDENT and _mostly_han(zh_text) and fills:
        return OcrLine(box.bounds, zh_text, "zh", zh_confidence)
    korean = [read_korean(image, settings.korean_model) for image in korean_views(line, settings, pencil_free)]
    ko_text, ko_confidence = max(korean, key=lambda reading: reading[1])
    if _hangul(ko_text) and _hangul(ko_text) * 3 >= _letters(ko_text):
        return OcrLine(box.bounds, ko_text, "ko", ko_confidence)
    if zh_letters and zh_confidence >= ko_confidence:
        return OcrLine(box.bounds, zh_text, "zh" if _han(zh_text) else "und", zh_confidence)
    if _letters(ko_text):
        return OcrLine(box.bounds, ko_text, "und", ko_confidence)
    return None


def _pencil_free(line: Any, settings: OcrSettings) -> tuple[Any, int] | None:
    """The line's grey with the pencil strokes that cross it taken out, and its text's height; None when no
    strokes cross it."""
    import cv2

    if not settings.remove_pencil:
        return None
    gray = cv2.cvtColor(line, cv2.COLOR_RGB2GRAY)
    return without_pencil(gray) if pencil_share(gray) > PENCIL_SHARE else None


def _rgb(gray: Any) -> Any:
    import cv2

    return cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB)


def korean_views(line: Any, settings: OcrSettings, pencil_free: tuple[Any, int] | None = None) -> list[Any]:
    """The images of a line Tesseract reads, each scaled for it: its grey, or when pencil strokes cross it the
    grey less the strokes (`pencil_free`), and for coloured ink the ink's own views cut to the text's band."""
    gray, *inks = ink_views(line) if settings.separate_ink else ink_views(line)[:1]
    first = for_tesseract(gray, settings.korean_height) if pencil_free is None else _text_scaled(*pencil_free, settings)
    return [first] + [_text_scaled(*to_band(ink), settings) for ink in inks]


def _text_scaled(view: Any, text_height: int, settings: OcrSettings) -> Any:
    return for_tesseract(view, round(view.shape[0] * settings.korean_text_height / text_height))


def read_lines(image: Any, settings: OcrSettings | None = None) -> list[OcrLine]:
    """The text lines of a Pillow image (any mode), top to bottom; [] when the pre-check finds no text rows."""
    import numpy as np

    settings = settings or OcrSettings()
    rgb, gray = np.asarray(image.convert("RGB")), np.asarray(image.convert("L"))
    if settings.pre_check and not has_text_rows(gray):
        return []
    boxes = detect_lines(np.ascontiguousarray(rgb[:, :, ::-1]), settings.detector_side)
    if settings.follow_crossed:
        boxes = follow_crossed_lines(gray, boxes)
    lines = (read_line(rgb, box, settings) for box in boxes)
    return [line for line in lines if line is not None]

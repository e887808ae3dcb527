"""A line image with the sketch's pencil strokes taken out, and cut to the band of its text.

A black note crossed by dark pencil cannot be told from the strokes by colour. By shape it can: a glyph's
strokes are shorter than the text is high, a pencil stroke runs on, nearly straight, for longer. The darkness
that a straight line longer than the text's height fits into, at any of many angles (a grey opening by that
line), is the pencil's; what is left is the text.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

STROKE_LENGTH = 1.2  # of the text's height: a straight run at least this long is a pencil stroke
FIRST_LENGTH = 0.7  # of the line image's height: the stroke length before the text's height is known
ANGLES = 36  # directions a stroke is looked for in, 5 degrees apart
PENCIL_SHARE = 0.05  # share of a line's darkness in long strokes above which the strokes are taken out
BAND_ROW = 0.25  # a row is in the text band when its darkness reaches this share of a full row's
BAND_MARGIN = 0.25  # of the text's height, kept above and below the band
MAX_HEIGHT = 96  # px: a taller line image is shrunk to this height first (big type needs no finer look)


def darkness(gray: Any) -> Any:
    """How much darker than the paper (the line's median) each pixel is: 0-255, uint8."""
    import numpy as np

    paper = float(np.median(gray))
    return np.clip(paper - gray.astype(np.float32), 0, 255).astype(np.uint8)


def shrunk(gray: Any) -> Any:
    """The line image, shrunk to MAX_HEIGHT when taller: the cost of the openings grows with the square of it."""
    import cv2

    if gray.shape[0] <= MAX_HEIGHT:
        return gray
    scale = MAX_HEIGHT / gray.shape[0]
    return cv2.resize(gray, (max(1, round(gray.shape[1] * scale)), MAX_HEIGHT), interpolation=cv2.INTER_AREA)


@lru_cache(maxsize=1024)
def _line(length: int, step: int) -> Any:
    """A one-pixel line about `length` long through the centre of a square, turned `step` / ANGLES of half a
    turn; symmetric about the centre, so that an opening by it never adds darkness."""
    import cv2
    import numpy as np

    size = length | 1
    kernel = np.zeros((size, size), np.uint8)
    centre, angle = size // 2, math.pi * step / ANGLES
    end = (int(round(centre + math.cos(angle) * (size // 2))), int(round(centre + math.sin(angle) * (size // 2))))
    cv2.line(kernel, (centre, centre), end, 1, 1)
    return kernel | kernel[::-1, ::-1]


def long_strokes(dark: Any, length: int) -> Any:
    """The darkness that straight lines `length` long fit into, in any direction: the pencil strokes."""
    import cv2
    import numpy as np

    length = max(length, 5)
    strokes = np.zeros_like(dark)
    for step in range(ANGLES):
        np.maximum(strokes, cv2.morphologyEx(dark, cv2.MORPH_OPEN, _line(length, step)), out=strokes)
    return strokes


def pencil_share(gray: Any) -> float:
    """The share of a line image's darkness that lies in strokes longer than its text is high (0 for typed text
    on clear paper)."""
    gray = shrunk(gray)
    dark = darkness(gray)
    total = float(dark.sum())
    if not total:
        return 0.0
    return float(long_strokes(dark, round(STROKE_LENGTH * _text_height(gray, dark))).sum()) / total


def _text_height(gray: Any, dark: Any) -> int:
    """The height of the text band, found on the line less strokes at least FIRST_LENGTH of the image high."""
    import cv2

    rough = cv2.subtract(dark, long_strokes(dark, round(FIRST_LENGTH * gray.shape[0])))
    top, bottom = text_band(rough)
    return max(bottom - top, 4)


def text_band(dark: Any) -> tuple[int, int]:
    """Top and bottom (exclusive) rows of the text in a line image's darkness: of the runs of rows at least
    BAND_ROW as dark as a full row (the 90th percentile), gaps of one row bridged, the darkest."""
    import numpy as np

    rows = dark.astype(np.float32).sum(axis=1)
    inked = np.flatnonzero(rows >= BAND_ROW * np.percentile(rows, 90)) if rows.max() > 0 else []
    if len(inked) == 0:
        return 0, len(rows)
    runs, start = [], inked[0]
    for before, row in zip(inked, inked[1:]):
        if row - before > 2:
            runs.append((start, before))
            start = row
    runs.append((start, inked[-1]))
    top, bottom = max(runs, key=lambda run: rows[run[0] : run[1] + 1].sum())
    return int(top), int(bottom) + 1


def to_band(gray: Any, dark: Any | None = None) -> tuple[Any, int]:
    """The line image cut to its text band (from `dark`, else its own darkness) with BAND_MARGIN above and
    below, and the text's height in pixels."""
    top, bottom = text_band(darkness(gray) if dark is None else dark)
    height = max(bottom - top, 4)
    margin = round(BAND_MARGIN * height)
    return gray[max(0, top - margin) : bottom + margin], height


def without_pencil(gray: Any) -> tuple[Any, int]:
    """The grey line image with its long strokes taken out, cut to its text band, and the text's height.

    The band is found on the line less strokes at least FIRST_LENGTH of the image high (the text's height is not
    known yet); then the strokes are taken out again, at STROKE_LENGTH of the text's height, from the band."""
    import cv2
    import numpy as np

    gray = shrunk(gray)
    dark = darkness(gray)
    rough = cv2.subtract(dark, long_strokes(dark, round(FIRST_LENGTH * gray.shape[0])))
    band, height = to_band(gray, rough)
    paper = max(float(np.median(band)), 1.0)
    dark = darkness(band)
    text = cv2.subtract(dark, long_strokes(dark, round(STROKE_LENGTH * height)))
    return (255 - np.clip(text.astype(np.float32) * 255 / paper, 0, 255)).astype(np.uint8), height

"""The cheap look before OCR: does the image hold rows of small glyph-like shapes at all?

A sketch's pencil strokes are long connected curves; typed or written text is a row of small components of
similar height, a glyph's width apart. One adaptive threshold and one connected-component pass over the
grey image (about 20 ms at 1920x1080) let an image without such rows skip the text detector.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

MIN_GLYPH = 6  # px: smaller components are specks
MAX_GLYPH = 120  # px: taller ones are drawing, or text large enough that the detector finds it anyway
MIN_ROW = 4  # glyph-like components in one row before the image counts as holding text
ROW_BAND = 16  # px: components are bucketed into bands of this height to find rows


def has_text_rows(gray: Any, min_row: int = MIN_ROW) -> bool:
    """Whether `gray` (a 2-D uint8 array) has a row of at least `min_row` glyph-like components."""
    import cv2
    import numpy as np

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, w, h, area = stats[1:].T
    glyph = (h >= MIN_GLYPH) & (h <= MAX_GLYPH) & (w >= 2) & (w <= 3 * h) & (area >= 0.15 * w * h)
    if int(glyph.sum()) < min_row:
        return False
    x, y, w, h = x[glyph], y[glyph], w[glyph], h[glyph]
    middle = y + h / 2
    bands: dict[int, list[int]] = defaultdict(list)
    for index in np.argsort(x):
        bands[int(middle[index] // ROW_BAND)].append(int(index))
    for band, members in bands.items():
        row = sorted(members + bands.get(band + 1, []), key=lambda i: x[i])
        run, glyph_box = 1, _box(row[0], x, y, w, h)
        for index in row[1:]:
            box = _box(index, x, y, w, h)
            if _stacked(glyph_box, box):  # a Hangul syllable's parts, one above the other: one glyph
                glyph_box = _union(glyph_box, box)
                continue
            height = max(glyph_box[3] - glyph_box[1], box[3] - box[1])
            middles = (glyph_box[1] + glyph_box[3]) / 2, (box[1] + box[3]) / 2
            if box[0] - glyph_box[2] < 1.5 * height and abs(middles[0] - middles[1]) < 0.5 * height:
                run += 1
                if run >= min_row:
                    return True
            else:
                run = 1
            glyph_box = box
    return False


def _box(index: int, x: Any, y: Any, w: Any, h: Any) -> tuple[int, int, int, int]:
    return int(x[index]), int(y[index]), int(x[index] + w[index]), int(y[index] + h[index])


def _stacked(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether two boxes overlap across at least half the narrower one's width."""
    return min(a[2], b[2]) - max(a[0], b[0]) >= 0.5 * min(a[2] - a[0], b[2] - b[0])


def _union(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])

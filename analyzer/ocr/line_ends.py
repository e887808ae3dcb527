"""A line crossed by pencil strokes, followed past the ends the detector gave it.

Strokes across small text can hide whole words from the detector: a line comes out short, or in pieces too far
apart to join. Along a crossed line, with the strokes taken out, the text is followed on both sides for as long
as glyphs keep coming less than a text height apart; the pieces that then overlap are one line.
"""

from __future__ import annotations

from typing import Any

from analyzer.ocr.detector import LineBox, join_pieces
from analyzer.ocr.line_image import cut_line
from analyzer.ocr.pencil import (
    FIRST_LENGTH,
    PENCIL_SHARE,
    STROKE_LENGTH,
    darkness,
    long_strokes,
    pencil_share,
    shrunk,
    text_band,
)

REACH = 16.0  # of the line's height: how far past each end the text is looked for
GAP = 1.0  # of the text's height: a longer run of columns without ink ends the line
INK = 0.5  # of the text's darkness (99th percentile inside the box): a column holding this much is inked
MIN_INKED = 1.0  # of the text's height: inked columns an extension needs (less is a stroke's remnant, or a dot)


def follow_crossed_lines(gray: Any, lines: list[LineBox]) -> list[LineBox]:
    """The detected lines, each one that pencil strokes cross followed past its ends, and pieces that then
    overlap joined (top to bottom)."""
    followed = [_followed(gray, line) if pencil_share(cut_line(gray, line)) > PENCIL_SHARE else line for line in lines]
    if followed == lines:
        return lines
    return sorted(join_pieces(followed), key=lambda line: (line.bounds[1], line.bounds[0]))


def _room(points: Any, direction: Any, shape: tuple[int, ...]) -> float:
    """How far all `points` can move along the unit `direction` and stay inside an image of `shape`."""
    room = float("inf")
    for axis, limit in ((0, shape[1] - 1), (1, shape[0] - 1)):
        step = float(direction[axis])
        for point in points:
            if step > 1e-6:
                room = min(room, (limit - float(point[axis])) / step)
            elif step < -1e-6:
                room = min(room, -float(point[axis]) / step)
    return max(room, 0.0)


def _followed(gray: Any, line: LineBox) -> LineBox:
    import cv2
    import numpy as np

    tl, tr, br, bl = (np.array(p, dtype=np.float32) for p in line.corners)
    width = float(np.linalg.norm(tr - tl))
    height = float(np.linalg.norm(bl - tl))
    if width < 1 or height < 1:
        return line
    across = (tr - tl) / width
    back = min(REACH * height, _room((tl, bl), -across, gray.shape))
    ahead = min(REACH * height, _room((tr, br), across, gray.shape))
    reach = _box((tl - back * across, tr + ahead * across, br + ahead * across, bl - back * across), 0.0)
    strip = shrunk(cut_line(gray, reach, grow_x=0))
    scale = strip.shape[1] / (width + back + ahead)
    start, end = int(round(back * scale)), int(round((back + width) * scale))
    dark = darkness(strip)
    rough = cv2.subtract(dark, long_strokes(dark, round(FIRST_LENGTH * strip.shape[0])))
    top, bottom = text_band(rough[:, start:end])
    text_height = max(bottom - top, 4)
    text = cv2.subtract(dark, long_strokes(dark, round(STROKE_LENGTH * text_height)))[top:bottom]
    inked = text.max(axis=0) >= INK * max(float(np.percentile(text[:, start:end], 99)), 1.0)
    gap = GAP * text_height
    left, right = _last_inked(inked, start, -1, gap), _last_inked(inked, end - 1, 1, gap)
    found = (inked[left:start], inked[end : right + 1])
    gains = [len(part) / scale if part.sum() >= MIN_INKED * text_height else 0.0 for part in found]
    if not any(gains):
        return line
    before, after = gains[0] * across, gains[1] * across
    return _box((tl - before, tr + after, br + after, bl - before), line.score)


def _box(corners: Any, score: float) -> LineBox:
    return LineBox(tuple((float(x), float(y)) for x, y in corners), score)


def _last_inked(inked: Any, start: int, step: int, gap: float) -> int:
    """From column `start`, going by `step`, the last inked column before a run of more than `gap` blank ones."""
    last, blank, column = start, 0, start + step
    while 0 <= column < len(inked) and blank <= gap:
        if inked[column]:
            last, blank = column, 0
        else:
            blank += 1
        column += step
    return last

"""Text lines: PP-OCRv4's DB detector (from the rapidocr-onnxruntime wheel) on one CPU thread.

The image is scaled so that its longer side is `side` pixels (text down to about 9 px high survives at 960
for a 1920-wide image), the probability map thresholded, and each region's rotated rectangle grown as DB's
`unclip` does, then mapped back to the image's pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from analyzer.ocr.setup import DETECTOR_MODEL, rapidocr_models

MEAN_THRESHOLD = 0.5  # a region's mean probability must reach this (DB's box_thresh)
PIXEL_THRESHOLD = 0.3  # a pixel is text above this probability (DB's thresh)
UNCLIP = 1.6  # DB grows each shrunk text kernel by area * ratio / perimeter


@dataclass(frozen=True, slots=True)
class LineBox:
    """A detected text line: its four corners (top-left, top-right, bottom-right, bottom-left) and score."""

    corners: tuple[tuple[float, float], ...]
    score: float

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        """x, y, width, height of the axis-aligned box around it."""
        xs, ys = [p[0] for p in self.corners], [p[1] for p in self.corners]
        left, top = int(min(xs)), int(min(ys))
        return left, top, int(round(max(xs))) - left, int(round(max(ys))) - top


def onnx_session(path: str) -> Any:
    """An ONNX Runtime session on one thread: scans run one image per worker process, one process per core."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 4
    return onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])


@cache
def _session() -> Any:
    folder = rapidocr_models()
    assert folder is not None, "analyzer.ocr.setup.require() first"
    return onnx_session(str(folder / DETECTOR_MODEL))


def detect_lines(bgr: Any, side: int = 960) -> list[LineBox]:
    """The text lines of a BGR image (H x W x 3 uint8), top to bottom."""
    import cv2
    import numpy as np

    height, width = bgr.shape[:2]
    scale = min(1.0, side / max(height, width))
    net_h, net_w = (max(32, int(round(n * scale / 32)) * 32) for n in (height, width))
    resized = cv2.resize(bgr, (net_w, net_h), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    batch = ((resized.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)[None]
    session = _session()
    probability = session.run(None, {session.get_inputs()[0].name: np.ascontiguousarray(batch)})[0][0, 0]
    mask = cv2.dilate((probability > PIXEL_THRESHOLD).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    to_image = np.array([width / net_w, height / net_h], dtype=np.float32)
    lines = []
    for contour in contours:
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(contour)
        if min(rw, rh) < 3:
            continue
        x, y, w, h = cv2.boundingRect(contour)
        region = np.zeros((h, w), np.uint8)
        cv2.fillPoly(region, [contour.reshape(-1, 2) - [x, y]], 1)
        score = float(cv2.mean(probability[y : y + h, x : x + w], region)[0])
        if score < MEAN_THRESHOLD:
            continue
        grow = rw * rh * UNCLIP / (2 * (rw + rh))
        corners = cv2.boxPoints(((cx, cy), (rw + 2 * grow, rh + 2 * grow), angle)) * to_image
        lines.append(LineBox(_ordered(corners), score))
    return sorted(join_pieces(lines), key=lambda line: (line.bounds[1], line.bounds[0]))


def join_pieces(lines: list[LineBox]) -> list[LineBox]:
    """Pieces of one line joined: a stroke across a line of text can split the detector's region, and a cut
    through a glyph costs more than the gap. Pieces join when, in the frame of the line (turned with it), they
    sit at the same height, are about as tall, and lie less than a line's height apart; or overlap."""
    import cv2
    import numpy as np

    joined: list[LineBox] = []
    for piece in sorted(lines, key=lambda line: line.bounds[0]):
        for index, line in enumerate(joined):
            if _same_line(line, piece):
                points = np.array(line.corners + piece.corners, dtype=np.float32)
                joined[index] = LineBox(_ordered(cv2.boxPoints(cv2.minAreaRect(points))), max(line.score, piece.score))
                break
        else:
            joined.append(piece)
    return joined


def _frame(line: LineBox) -> tuple[Any, Any, float, float]:
    """Centre, unit vector along the line, length and height of a detected line."""
    import numpy as np

    tl, tr, br, bl = (np.array(p) for p in line.corners)
    along = (tr - tl) + (br - bl)
    length = float(np.linalg.norm(along)) / 2
    return (
        (tl + tr + br + bl) / 4,
        along / max(2 * length, 1e-6),
        length,
        float(np.linalg.norm((bl - tl) + (br - tr))) / 2,
    )


def _same_line(a: LineBox, b: LineBox) -> bool:
    import numpy as np

    centre_a, along_a, length_a, height_a = _frame(a)
    centre_b, along_b, length_b, height_b = _frame(b)
    offset = centre_b - centre_a
    apart = abs(float(offset @ along_a)) - (length_a + length_b) / 2
    across = abs(float(offset @ np.array([-along_a[1], along_a[0]])))
    low, high = sorted((height_a, height_b))
    turn = abs(float(along_a @ along_b))
    if apart < 0:  # overlapping along the line (a line followed past its ends): pieces of it, whatever their height
        return turn > 0.98 and across < 0.5 * low  # within about 11 degrees
    return turn > 0.995 and high < 1.6 * low and across < 0.4 * low and apart < high  # within about 6 degrees


def _ordered(corners: Any) -> tuple[tuple[float, float], ...]:
    """Top-left, top-right, bottom-right, bottom-left, for a rectangle turned less than 45 degrees."""
    by_x = sorted(corners.tolist())
    left = sorted(by_x[:2], key=lambda p: p[1])
    right = sorted(by_x[2:], key=lambda p: p[1])
    return tuple(map(tuple, (left[0], right[0], right[1], left[1])))

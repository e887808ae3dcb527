"""A detected line cut out of the image, straightened, and prepared for a recogniser.

The detector's rectangle is grown (its edges sit close to the glyphs and DB places them a little low), warped
upright (a note typed at an angle comes out level), and for Tesseract turned grey and scaled to the text height
its Hangul model reads best.
"""

from __future__ import annotations

from typing import Any

from analyzer.ocr.detector import LineBox

GROW_Y = 0.15  # of the line's height, above and below
GROW_X = 0.25  # of the line's height, left and right
INK_CONTRAST = 60  # RGB distance from the paper beyond which a pixel is marked
INK_CHROMA = 30  # a marked pixel whose channels spread more than this is coloured
INK_AMOUNT = 0.3  # share of ink colour above which a pixel is ink (the masked view)


def cut_line(rgb: Any, line: LineBox, grow_y: float = GROW_Y, grow_x: float = GROW_X) -> Any:
    """The line's pixels (RGB), grown, warped to an upright rectangle; pixels outside the image repeat the edge."""
    import cv2
    import numpy as np

    tl, tr, br, bl = (np.array(p, dtype=np.float32) for p in line.corners)
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    across = (tr - tl) / max(width, 1.0)
    down = (bl - tl) / max(height, 1.0)
    dx, dy = across * height * grow_x, down * height * grow_y
    source = np.array([tl - dx - dy, tr + dx - dy, br + dx + dy, bl - dx + dy], dtype=np.float32)
    out_w, out_h = int(round(width + 2 * height * grow_x)), int(round(height * (1 + 2 * grow_y)))
    target = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], dtype=np.float32)
    warp = cv2.getPerspectiveTransform(source, target)
    return cv2.warpPerspective(rgb, warp, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def ink_views(line_rgb: Any) -> list[Any]:
    """The line as grey, and when its ink is coloured also as that ink alone, two ways.

    A red or blue note over a pencil sketch: each pixel's colour, less its grey, projected on the ink's own
    colour gives how much ink it holds; grey strokes hold none and vanish. That amount as an image removes the
    strokes best, but JPEG keeps colour at half resolution and blurs it; the grey image masked to where the
    amount is, keeps the brightness's sharpness. Black ink cannot be told from dark pencil that way: its line
    is only grey.
    """
    import cv2
    import numpy as np

    gray = cv2.cvtColor(line_rgb, cv2.COLOR_RGB2GRAY)
    pixels = line_rgb.reshape(-1, 3).astype(np.float32)
    paper = np.median(pixels, axis=0)
    colour = pixels - pixels.mean(axis=1, keepdims=True)
    marked = np.linalg.norm(pixels - paper, axis=1) > INK_CONTRAST
    coloured = marked & (pixels.max(axis=1) - pixels.min(axis=1) > INK_CHROMA)
    if coloured.sum() < 20 or coloured.sum() < 0.3 * marked.sum():
        return [gray]
    paper_colour = paper - paper.mean()
    ink = np.median(colour[coloured], axis=0) - paper_colour
    amount = (((colour - paper_colour) @ ink) / float(ink @ ink)).reshape(gray.shape)
    alone = (255 * (1 - np.clip(amount, 0, 1))).astype(np.uint8)
    where = cv2.dilate((amount > INK_AMOUNT).astype(np.uint8), np.ones((3, 3), np.uint8))
    masked = np.where(where > 0, gray, int(np.median(gray))).astype(np.uint8)
    return [gray, alone, masked]


def for_tesseract(gray: Any, height: int) -> Any:
    """A grey line image as a Pillow image `height` pixels high (cubic when enlarging, area when shrinking),
    with the white margin Tesseract needs around a single line."""
    import cv2
    from PIL import Image

    scale = height / max(gray.shape[0], 1)
    gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA)
    gray = cv2.copyMakeBorder(gray, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=int(gray.max()))
    return Image.fromarray(gray)

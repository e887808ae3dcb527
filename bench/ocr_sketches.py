"""Rendered sketches with typed notes for bench/ocr_bench.py: rough strokes, a Chinese line and its Korean line.

Each sketch is drawn from a seed: canvas 960x540 to 1920x1080, 40-120 rough pencil strokes, and one or two note
pairs (a FLORES-200 dev sentence in Simplified Chinese and the same sentence in Korean, the Korean under it) typed
in red, blue or black in Noto CJK Sans or Serif at 20-40 px. Conditions: `clean` (PNG), `jpeg-noise` (Gaussian
noise, then JPEG quality 60), `rotated` (the note block turned 4-8 degrees either way), `small-crossing` (18 px
notes with strokes drawn across them), and `blank` (strokes only, no text).
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
# (file, face index of the SC face, of the KR face) in the Debian fonts-noto-cjk(-extra) collections
FONTS = {
    "sans": ("NotoSansCJK-Regular.ttc", 2, 1),
    "serif": ("NotoSerifCJK-Regular.ttc", 2, 1),
}
INKS = {"black": (20, 20, 24), "red": (214, 30, 36), "blue": (28, 64, 200)}
SIZES = ((960, 540), (1280, 720), (1600, 900), (1920, 1080))
CONDITIONS = ("clean", "jpeg-noise", "rotated", "small-crossing")


@dataclass(frozen=True)
class NoteLine:
    lang: str  # "zh" | "ko"
    text: str
    corners: tuple[tuple[float, float], ...]  # top-left, top-right, bottom-right, bottom-left in the image

    def contains(self, x: float, y: float) -> bool:
        """Whether the point lies inside the line's (possibly turned) rectangle."""
        inside = False
        for (x0, y0), (x1, y1) in zip(self.corners, self.corners[1:] + self.corners[:1]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
        return inside

    @property
    def box(self) -> tuple[int, int, int, int]:
        """x0, y0, x1, y1 of the axis-aligned box around it."""
        xs, ys = [p[0] for p in self.corners], [p[1] for p in self.corners]
        return int(min(xs)), int(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))


@dataclass(frozen=True)
class Sketch:
    name: str
    condition: str
    data: bytes  # the encoded image file (PNG, or JPEG for jpeg-noise)
    suffix: str  # ".png" | ".jpg"
    lines: tuple[NoteLine, ...]  # empty for a blank sketch
    font: str
    ink: str
    size: int  # font size in px

    def image(self) -> Image.Image:
        return Image.open(io.BytesIO(self.data)).convert("RGB")


@cache
def font(style: str, lang: str, size: int) -> ImageFont.FreeTypeFont:
    file, sc, kr = FONTS[style]
    return ImageFont.truetype(str(FONT_DIR / file), size, index=sc if lang == "zh" else kr)


def _stroke(rng: random.Random, width: int, height: int, box=None) -> tuple[list[tuple[float, float]], int, int]:
    """One rough pencil stroke (points, grey, width): a wobbly curve of 6-20 points, grey to near-black, 1-4 px;
    starting inside `box` when given, so that it crosses it."""
    if box is None:
        x, y = rng.uniform(0, width), rng.uniform(0, height)
    else:
        x, y = rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3])
    angle = rng.uniform(0, 2 * math.pi)
    step = rng.uniform(8, 30)
    points = [(x, y)]
    for _ in range(rng.randint(6, 20)):
        angle += rng.gauss(0, 0.35)
        x, y = x + step * math.cos(angle), y + step * math.sin(angle)
        points.append((x, y))
    return points, rng.randint(40, 150), rng.randint(1, 4)


def _outside(
    points: Sequence[tuple[float, float]], keep_clear: tuple[int, int, int, int] | None, margin: float
) -> bool:
    if keep_clear is None:
        return True
    x0, y0, x1, y1 = keep_clear
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(xs) < x0 - margin or min(xs) > x1 + margin or max(ys) < y0 - margin or min(ys) > y1 + margin


def _background(
    rng: random.Random, width: int, height: int, keep_clear: tuple[int, int, int, int] | None
) -> Image.Image:
    """Paper and the sketch's strokes; strokes that would touch `keep_clear` (the notes' place) are left out."""
    tone = rng.randint(236, 255)
    image = Image.new("RGB", (width, height), (tone, tone, max(tone - rng.randint(0, 10), 220)))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(40, 120)):
        points, grey, stroke_width = _stroke(rng, width, height)
        if _outside(points, keep_clear, 6):
            draw.line(points, fill=(grey, grey, grey), width=stroke_width, joint="curve")
    for _ in range(rng.randint(2, 6)):  # a few closed shapes: heads, frames
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(30, 160)
        oval = (cx - r, cy - r * rng.uniform(0.7, 1.3), cx + r, cy + r)
        if _outside([oval[:2], oval[2:]], keep_clear, 6):
            grey = rng.randint(40, 140)
            draw.ellipse(oval, outline=(grey,) * 3, width=2)
    return image


def _note_block(
    rng: random.Random,
    pairs: Sequence[tuple[str, str]],
    style: str,
    size: int,
    ink: tuple[int, int, int],
    backdrop: bool,
) -> tuple[Image.Image, list[tuple[str, str, tuple[tuple[float, float], ...]]]]:
    """The note lines on a transparent layer, Chinese then Korean for each pair, with each line's box; on a light
    backdrop when asked (a note tool's box, a typed layer with a fill)."""
    gap = int(size * rng.uniform(0.35, 0.8))
    pad = size
    laid: list[tuple[str, str, tuple[tuple[float, float], ...]]] = []
    y, width = pad, 0
    for zh, ko in pairs:
        for lang, text in (("zh", zh), ("ko", ko)):
            face = font(style, lang, size)
            x0, y0, x1, y1 = face.getbbox(text)
            laid.append((lang, text, ((pad, y), (pad + x1, y), (pad + x1, y + y1), (pad, y + y1))))
            width = max(width, x1)
            y += y1 + gap
        y += gap  # pairs are set apart a little more
    layer = Image.new("RGBA", (width + 2 * pad, y + pad), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    if backdrop:
        draw.rectangle(
            (pad // 2, pad // 2, layer.size[0] - pad // 2, layer.size[1] - pad // 2), fill=(255, 255, 250, 255)
        )
    for lang, text, ((x, top), *_) in laid:
        draw.text((x, top), text, font=font(style, lang, size), fill=(*ink, 255))
    return layer, laid


def _rotated(layer: Image.Image, laid, degrees: float):
    """The layer turned by `degrees` (counter-clockwise), with each line's corners turned."""
    turned = layer.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True)
    w, h = layer.size
    cx, cy = w / 2, h / 2
    ncx, ncy = turned.size[0] / 2, turned.size[1] / 2
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    boxes = []
    for lang, text, corners in laid:
        moved = tuple(
            (ncx + (x - cx) * cos + (y - cy) * sin, ncy - (x - cx) * sin + (y - cy) * cos) for x, y in corners
        )
        boxes.append((lang, text, moved))
    return turned, boxes


def fitting_pairs(pairs: Sequence[tuple[str, str]], style: str, size: int, width: int) -> list[tuple[str, str]]:
    """The pairs whose two lines both fit in `width` pixels at this size."""
    zh_face, ko_face = font(style, "zh", size), font(style, "ko", size)
    return [(zh, ko) for zh, ko in pairs if zh_face.getlength(zh) <= width and ko_face.getlength(ko) <= width]


def render(seed: int, condition: str, pairs: Sequence[tuple[str, str]], name: str | None = None) -> Sketch:
    """One sketch of `condition`, its notes drawn from `pairs` (seeded); `blank` draws no notes.

    Notes are typed where the sketch leaves room (the strokes keep clear of them), except in `small-crossing`,
    where strokes run under and across them."""
    rng = random.Random(f"{condition}:{seed}")
    width, height = rng.choice(SIZES)
    style = rng.choice(sorted(FONTS))
    ink_name = rng.choice(sorted(INKS))
    size = 18 if condition == "small-crossing" else rng.randint(20, 40)
    if condition == "blank":
        image = _background(rng, width, height, None)
        return _encoded(rng, image, condition, name or f"{condition}-{seed}", (), style, ink_name, size)
    usable = fitting_pairs(pairs, style, size, int(width * 0.8) - 2 * size)
    while len(usable) < 2 and size > 20:  # long sentences on a small canvas: a smaller type
        size -= 2
        usable = fitting_pairs(pairs, style, size, int(width * 0.8) - 2 * size)
    usable = usable if len(usable) >= 2 else sorted(pairs, key=lambda pair: len(pair[1]))[:2]
    chosen = rng.sample(usable, k=1 if rng.random() < 0.6 else 2)
    crossing = condition == "small-crossing"
    layer, laid = _note_block(rng, chosen, style, size, INKS[ink_name], backdrop=not crossing and rng.random() < 0.5)
    if condition == "rotated":
        layer, laid = _rotated(layer, laid, rng.choice((-1, 1)) * rng.uniform(4, 8))
    layer = layer.crop((0, 0, min(layer.size[0], width), min(layer.size[1], height)))
    left = rng.randint(0, width - layer.size[0])
    top = rng.randint(0, height - layer.size[1])
    lines = tuple(NoteLine(lang, text, tuple((left + x, top + y) for x, y in corners)) for lang, text, corners in laid)
    hull = (min(x.box[0] for x in lines), min(x.box[1] for x in lines), max(x.box[2] for x in lines))
    hull += (max(x.box[3] for x in lines),)
    image = _background(rng, width, height, None if crossing else hull)
    image.paste(layer, (left, top), layer)
    if crossing:
        draw = ImageDraw.Draw(image)
        for line in lines:
            for _ in range(rng.randint(1, 3)):
                points, grey, stroke_width = _stroke(rng, width, height, box=line.box)
                draw.line(points, fill=(grey, grey, grey), width=stroke_width, joint="curve")
    return _encoded(rng, image, condition, name or f"{condition}-{seed}", lines, style, ink_name, size)


def _encoded(rng, image, condition, name, lines, style, ink_name, size) -> Sketch:  # type: ignore[no-untyped-def]
    """The sketch as a file: PNG, or for `jpeg-noise` blurred a little, with Gaussian noise, as JPEG quality 60."""
    buffer = io.BytesIO()
    suffix = ".png"
    if condition == "jpeg-noise":
        width, height = image.size
        pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(rng.uniform(0, 0.6))), dtype=np.float32)
        pixels += np.random.default_rng(rng.getrandbits(32)).normal(0, rng.uniform(6, 14), pixels.shape)
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
        image.save(buffer, "JPEG", quality=60)
        suffix = ".jpg"
    else:
        image.save(buffer, "PNG", compress_level=1)
    return Sketch(name, condition, buffer.getvalue(), suffix, tuple(lines), style, ink_name, size)

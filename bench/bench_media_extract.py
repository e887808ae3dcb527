"""Print how fast the image, PSD and Clip Studio extractors read realistic files (MB/s, ms per file).

Files are generated here: large sketches carry a few notes, as deliveries do. Run with
`.venv/bin/python bench/bench_media_extract.py`; figures are noisy on a shared machine.
"""

from __future__ import annotations

import io
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

from media import clip_database, clip_file, extract, iim, irb, itxt, png_with, psd_file, with_segment, xmp_packet  # noqa: E402
from PIL import Image  # noqa: E402

NOTE = {"zh-CN": "衣服的颜色不对", "ko-KP": "옷 색깔이 맞지 않습니다."}


def _noise(size: tuple[int, int]) -> Image.Image:
    return Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))


def files() -> dict[str, bytes]:
    big = _noise((2000, 1500))
    png = io.BytesIO()
    big.save(png, "PNG", compress_level=1)
    png_bytes = png.getvalue()
    png_bytes = png_bytes[:33] + itxt("XML:com.adobe.xmp", xmp_packet(NOTE)) + png_bytes[33:]
    jpg = io.BytesIO()
    big.save(jpg, "JPEG", quality=90)
    jpg_bytes = with_segment(jpg.getvalue(), 0xED, b"Photoshop 3.0\x00" + irb((0x0404, iim((2, 120, "请改".encode())))))
    layers = [(1, "", 2, 0, None, None)] + [
        (i, f"图层 {i}", 0, i + 1, f"台词 {i}".encode(), None) for i in range(2, 200)
    ]
    return {
        "sketch.png": png_bytes,
        "sketch.jpg": jpg_bytes,
        "small.png": png_with(itxt("Comment", "头太大了")),
        "cut.psd": psd_file("头太大了\r머리가 너무 큽니다", b"Zhang", "眼睛位置太高了", b"Layer"),
        "page.clip": clip_file(clip_database(layers)) + os.urandom(4_000_000),
    }


def main() -> None:
    for name, data in files().items():
        extract(name, data)  # warm-up: lazy imports (psd-tools) are paid once per process
        runs = max(3, min(200, 20_000_000 // max(len(data), 1)))
        start = time.perf_counter()
        for _ in range(runs):
            row, comments = extract(name, data)
        seconds = (time.perf_counter() - start) / runs
        rate = len(data) / seconds / 1e6
        figures = f"{len(data) / 1e6:7.2f} MB  {seconds * 1000:8.2f} ms/file  {rate:9.1f} MB/s"
        print(f"{name:12s} {figures}  {row.status} {len(comments)} notes")


if __name__ == "__main__":
    main()

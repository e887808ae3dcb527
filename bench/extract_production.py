"""Notes expected, found and junk per production format, on a corpus generated here (one line per format).

Each file plants a Chinese note and its Korean translation (the relay pair) plus the strings its tool writes
by itself (default layer names, generator banners, presets, timestamps). "expected" counts the planted texts the
writer really put in the file (ffmpeg's QuickTime muxer drops the description); "found" counts those read
as notes or layer names; "junk" counts notes that are none of the planted ones (tool strings that leaked in as notes).
Files that need ffmpeg are skipped when it is not installed.

Usage: python bench/extract_production.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_extract_fuzz import _production_seeds  # noqa: E402
from test_extract_production import _xcf, xdts  # noqa: E402

from analyzer.extract import Limits, extract_bytes  # noqa: E402

ZH = "眼睛位置太高了，往下移"
KO = "눈 위치가 너무 높습니다. 아래로 옮겨주십시오."


def _ffmpeg(suffix: str) -> bytes | None:
    if shutil.which("ffmpeg") is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"c.{suffix}"
        codec = "libvpx" if suffix == "mkv" else "libx264"
        subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=black:s=16x16:d=1",
                        "-metadata", f"comment={ZH}", "-metadata", f"description={KO}", "-c:v", codec, "-t", "1",
                        str(out)], check=True, timeout=120)  # fmt: skip
        return out.read_bytes()


def corpus() -> list[tuple[str, bytes, set[str]]]:
    cases = [
        ("c012.xdts", xdts([(0, "小明", ZH), (24, "小明", KO)], [(0, "PAN")]), {ZH, KO}),
        ("c012.xcf", _xcf(ZH, [("台词", KO), ("Background", None), ("Layer", None)]), {ZH, KO, "台词"}),
        (
            "c012.svg",
            f'<svg xmlns="http://www.w3.org/2000/svg"><!-- Created with Inkscape (http://www.inkscape.org/) -->'
            f"<desc>{ZH}</desc><text>{KO}</text></svg>".encode(),
            {ZH, KO},
        ),  # fmt: skip
        (
            "ep01.edl",
            f"TITLE: EP01\n001  C012 V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n"
            f"* FROM CLIP NAME: C012.mov\n* LOC: 01:00:00:10 RED {ZH}\n* COMMENT: {KO}\n".encode(),
            {ZH, KO},
        ),
        (
            "review.html",
            f"<html><head><title>{ZH}</title><script>var a='x y z';</script></head><body><p>{KO}</p>"
            "</body></html>".encode(),
            {ZH, KO},
        ),  # fmt: skip
    ]
    for name, data in _production_seeds().items():
        if name.rsplit(".", 1)[-1] in ("gif", "epub", "otio", "sboard", "tdts", "mkv", "mp4"):
            cases.append(
                (name, data, {"头太大了，请缩小一点", "머리가 너무 큽니다. 조금 줄여주십시오.", "镜头推近", "台词"})
            )
    for suffix in ("mp4", "mov", "mkv"):
        data = _ffmpeg(suffix)
        if data is not None:
            cases.append((f"ffmpeg.{suffix}", data, {ZH, KO}))
    return cases


def main() -> None:
    print(f"{'file':16} {'expected':>8} {'found':>6} {'junk':>5}")
    for name, data, planted in corpus():
        comments = [c for e in extract_bytes(name, None, data, Limits(), depth=0) for c in e.comments]
        read = {c.text for c in comments if c.source in ("note", "layer-name")}
        expected = {text for text in planted if text.encode() in data}  # what the writer actually put in the file
        found = len(expected & read)
        junk = len([c for c in comments if c.source == "note" and c.text not in planted])
        print(f"{name:16} {len(expected):8d} {found:6d} {junk:5d}")


if __name__ == "__main__":
    main()

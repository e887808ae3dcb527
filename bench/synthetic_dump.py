"""A deterministic synthetic delivery dump: episode/cut folders of sketch PNGs and sidecar notes.

    .venv/bin/python bench/synthetic_dump.py OUT_DIR --files 10000 [--seed 1]

Formats mix plain notes (.txt), JSON note lists, XMP sidecars, CSV retake sheets and PNG text chunks;
languages mix Chinese instructions with their Korean translation (relay cuts), Chinese only, Korean only,
English and Japanese. Instructions are built from parts (body part x problem x request x frame number), so
texts vary like real retake notes instead of repeating a handful of strings. The same arguments write the
same bytes (mtimes included), so benchmarks and tests compare like with like.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

# (Chinese, Korean, English, Japanese) renderings of the same body part or element of a drawing.
PARTS = [
    ("头", "머리", "head", "頭"),
    ("眼睛", "눈", "eyes", "目"),
    ("手", "손", "hand", "手"),
    ("嘴", "입", "mouth", "口"),
    ("腿", "다리", "legs", "足"),
    ("头发", "머리카락", "hair", "髪"),
    ("衣服", "옷", "costume", "衣装"),
    ("鼻子", "코", "nose", "鼻"),
    ("耳朵", "귀", "ears", "耳"),
    ("肩膀", "어깨", "shoulders", "肩"),
    ("阴影", "그림자", "shadow", "影"),
    ("线条", "선", "line", "線"),
    ("背景", "배경", "background", "背景"),
    ("表情", "표정", "expression", "表情"),
]
PROBLEMS = [
    ("太大了", "너무 큽니다", "is too big", "が大きすぎます"),
    ("太小了", "너무 작습니다", "is too small", "が小さすぎます"),
    ("位置太高", "위치가 너무 높습니다", "sits too high", "の位置が高すぎます"),
    ("位置太低", "위치가 너무 낮습니다", "sits too low", "の位置が低すぎます"),
    ("太粗", "너무 굵습니다", "is too thick", "が太すぎます"),
    ("形状不对", "모양이 맞지 않습니다", "has the wrong shape", "の形が違います"),
    ("颜色不对", "색깔이 맞지 않습니다", "has the wrong colour", "の色が違います"),
    ("比例不对", "비례가 맞지 않습니다", "is out of proportion", "のバランスが違います"),
]
REQUESTS = [
    ("请修改", "수정해 주십시오", "please fix it", "修正してください"),
    ("请重画", "다시 그려 주십시오", "please redraw it", "描き直してください"),
    ("请调整一下", "조정해 주십시오", "please adjust it", "調整してください"),
    ("请缩小一点", "조금 줄여 주십시오", "please make it smaller", "少し小さくしてください"),
]
KOREAN_ONLY = ["{n}프레임 수정 완료했습니다.", "{n}번 컷 작업을 오늘 보냅니다.", "확인 부탁드립니다. 총 {n}장입니다."]
CHINESE_ONLY = ["第{n}帧的背景颜色再亮一点。", "这个镜头保持原样，第{n}帧不用改。", "动作要流畅，补{n}张中间画。"]
ENGLISH_ONLY = ["Frame {n}: keep the eye line consistent.", "Approved, no changes for cut {n}.", "Add {n} inbetweens."]
KINDS = ("relay", "relay", "zh", "ko", "en", "ja", "en", "zh")  # what each cut's notes are, drawn uniformly


@dataclass(frozen=True)
class DumpStats:
    files: int
    bytes: int
    relay_cuts: int


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def tiny_png(text: str | None = None) -> bytes:
    """A 4x4 grey placeholder sketch, optionally with an iTXt Comment (a note written by the drawing tool)."""
    raw = b"".join(b"\x00" + b"\x80" * 4 for _ in range(4))
    chunks = [_chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0))]
    if text is not None:
        chunks.append(_chunk(b"iTXt", b"Comment\x00\x00\x00\x00\x00" + text.encode("utf-8")))
    chunks += [_chunk(b"IDAT", zlib.compress(raw)), _chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _xmp(zh: str, ko: str) -> str:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
        f'<rdf:li xml:lang="zh-CN">{zh}</rdf:li><rdf:li xml:lang="ko-KR">{ko}</rdf:li>'
        "</rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>\n"
    )


def _instruction(rng: random.Random) -> tuple[str, str, str, str]:
    part, problem, request = rng.choice(PARTS), rng.choice(PROBLEMS), rng.choice(REQUESTS)
    frame = rng.randint(1, 240)
    zh = f"第{frame}帧{part[0]}{problem[0]}，{request[0]}"
    ko = f"{frame}프레임 {part[1]} {problem[1]}. {request[1]}."
    en = f"Frame {frame}: the {part[2]} {problem[2]}, {request[2]}."
    ja = f"{frame}コマ目{part[3]}{problem[3]}。{request[3]}。"
    return zh, ko, en, ja


def _cut_files(rng: random.Random, cut: str) -> tuple[dict[str, bytes], bool]:
    """The files of one cut folder (name -> bytes) and whether it holds a relay pair."""
    kind = rng.choice(KINDS)
    zh, ko, en, ja = _instruction(rng)
    n = rng.randint(1, 99)
    files: dict[str, bytes] = {}
    style = rng.randrange(5)
    if kind == "relay":
        if style == 0:
            files[f"{cut}_notes.txt"] = f"{zh} → {ko}\n".encode()
        elif style == 1:
            files[f"{cut}.json"] = json.dumps({"cut": cut, "notes": [{"text": zh}, {"text": ko}]}, ensure_ascii=False)
        elif style == 2:
            files[f"{cut}.xmp"] = _xmp(zh, ko)
        elif style == 3:
            files[f"{cut}_zh.txt"] = f"{zh}\n".encode()
            files[f"{cut}_ko.txt"] = f"{ko}\n".encode()
        else:
            files[f"{cut}_notes.txt"] = f"{zh}\n{ko}\n".encode("utf-16")
    else:
        text = {
            "zh": rng.choice(CHINESE_ONLY).format(n=n) if style < 3 else zh,
            "ko": rng.choice(KOREAN_ONLY).format(n=n) if style < 3 else ko,
            "en": rng.choice(ENGLISH_ONLY).format(n=n) if style < 3 else en,
            "ja": ja,
        }[kind]
        if style in (0, 3):
            files[f"{cut}_notes.txt"] = f"{text}\n".encode()
        elif style in (1, 4):
            files[f"{cut}.json"] = json.dumps({"cut": cut, "notes": [{"text": text}]}, ensure_ascii=False)
        else:
            files[f"{cut}.png"] = tiny_png(text)
    files.setdefault(f"{cut}.png", tiny_png())
    return {k: v.encode() if isinstance(v, str) else v for k, v in files.items()}, kind == "relay"


def make_dump(root: Path, files: int, seed: int = 1) -> DumpStats:
    """Write about `files` files under root (episode folders of 100 cuts, plus a retake sheet per episode)."""
    rng = random.Random(seed)
    written = size = relay = 0
    cut_index = 0
    mtime = 1_704_067_200  # 2024-01-01T00:00:00Z, advanced a minute per cut
    while written < files:
        episode, number = divmod(cut_index, 100)
        folder = root / f"ep{episode + 1:03d}" / f"c{number + 1:03d}"
        cut_files, is_relay = _cut_files(rng, f"c{number + 1:03d}")
        if number == 0:
            sheet = ["cut,frame,note"] + [f"c{k:03d},{rng.randint(1, 240)},{_instruction(rng)[0]}" for k in (1, 2, 3)]
            cut_files["../retakes.csv"] = ("\n".join(sheet) + "\n").encode("utf-8")
        for name, data in cut_files.items():
            if written >= files:
                break
            path = folder.parent / name[3:] if name.startswith("../") else folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.utime(path, (mtime, mtime))
            written += 1
            size += len(data)
        relay += is_relay
        cut_index += 1
        mtime += 60
    return DumpStats(written, size, relay)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    stats = make_dump(args.out, args.files, args.seed)
    print(f"{stats.files} files, {stats.bytes / 1e6:.1f} MB, {stats.relay_cuts} relay cuts in {args.out}")


if __name__ == "__main__":
    main()

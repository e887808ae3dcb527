"""Write samples/: a small, realistic vendor delivery dump (episode/cut folders).

Each cut folder has a tiny sketch PNG and its sidecar notes. samples/README.md
says what each case is and what the scan should find. Deterministic: running
this again rewrites the same bytes.
"""

from __future__ import annotations

import json
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def tiny_png(shade: int, text_chunks: tuple[bytes, ...] = ()) -> bytes:
    """An 8x8 grey sketch placeholder, optionally carrying text chunks (notes embedded by the drawing tool)."""
    raw = b"".join(b"\x00" + bytes([shade]) * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + b"".join(text_chunks)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def text_chunk(keyword: str, text: bytes) -> bytes:
    """tEXt: keyword, NUL, text bytes (Latin-1 by the spec; CJK tools write their own code page)."""
    return chunk(b"tEXt", keyword.encode("latin-1") + b"\x00" + text)


def itxt_chunk(keyword: str, text: str) -> bytes:
    """iTXt, uncompressed, no language tag: keyword, NUL, flag, method, NUL, NUL, UTF-8 text."""
    return chunk(b"iTXt", keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text.encode("utf-8"))


def xmp(descriptions: dict[str, str], create_date: str) -> str:
    items = "".join(f'<rdf:li xml:lang="{lang}">{text}</rdf:li>' for lang, text in descriptions.items())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        f'    xmp:CreateDate="{create_date}">\n'
        f"   <dc:description><rdf:Alt>{items}</rdf:Alt></dc:description>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>\n'
    )


def dumps(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# (relative path, content): str is written as UTF-8 unless the path says otherwise.
FILES: dict[str, str | bytes] = {
    # ep01: relay notes in the three sidecar shapes, plus the negatives.
    "ep01/c001/c001_notes.txt": (
        "C001 作画修改\n"
        "头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오.\n"
        "眼睛位置太高了，往下移 → 눈 위치가 너무 높습니다. 아래로 옮겨주십시오.\n"
    ),
    "ep01/c002/c002.json": dumps(
        {
            "cut": "C002",
            "episode": 1,
            "notes": [
                {"text": "身体比例不对，腿太短", "time": "2024-01-09T10:12:00+08:00", "author": "张"},
                {"text": "몸의 비례가 맞지 않습니다. 다리가 너무 짧습니다.", "time": "2024-01-09T10:20:00+08:00"},
                {"text": "线条太粗，请画细一点", "time": "2024-01-09T10:13:00+08:00", "author": "张"},
                {"text": "선이 너무 굵습니다. 좀 가늘게 그려주십시오.", "time": "2024-01-09T10:21:00+08:00"},
            ],
        }
    ),
    "ep01/c003/c003.xmp": xmp(
        {
            "zh-CN": "阴影方向要统一，光从左边来",
            "ko-KP": "그림자 방향을 통일하십시오. 빛은 왼쪽에서 옵니다.",
        },
        "2024-01-09T11:00:00+08:00",
    ),
    "ep01/c004/c004_notes.txt": "背景颜色太暗，参考设定稿\n",  # Chinese only
    "ep01/c005/c005_notes.txt": "작화 확인 완료. 다음 컷으로 넘어갑니다.\n",  # Korean only
    "ep01/c006/c006.json": dumps(
        {"cut": "C006", "comments": ["Keep the eye line consistent with C005.", "Timing approved by the director."]}
    ),
    "ep01/c007/c007_notes.txt": (  # decoy: a Chinese note beside an unrelated Korean sentence
        "眼睛的位置再调整一下\n오늘 작업은 내일 오전까지 보내드리겠습니다.\n"
    ),
    "ep01/c008/c008.json": '{"cut": "C008", "notes": ["手的形状不对", \n',  # malformed: truncated JSON
    # ep02: cross-file pairs, several notes per sheet, other languages and encodings.
    "ep02/c010/c010_zh.txt": "口型和对白不一致，请重画\n",
    "ep02/c010/c010_ko.xmp": xmp(
        {"ko": "입모양이 대사와 맞지 않습니다. 다시 그려주십시오."}, "2024-01-10T09:30:00+08:00"
    ),
    "ep02/c011/c011.json": dumps(
        {
            "cut": "C011",
            "retakes": [
                {"frame": 12, "instruction": "这里的时间太快，加两帧"},
                {"frame": 12, "instruction": "여기 시간이 너무 빠릅니다. 두 프레임 추가하십시오."},
                {"frame": 30, "instruction": "转身动作太慢"},
                {"frame": 30, "instruction": "돌아서는 동작이 너무 느립니다."},
            ],
        }
    ),
    # Japanese, one note kanji-only
    "ep02/c012/c012_notes.md": "# C012\n- 目の位置が高すぎる。作画監督確認済\n- 影の方向を統一してください\n",
    "ep02/c013/c013_notes.txt": (  # UTF-16 with BOM, as some Windows tools write
        "\ufeff手的形状不对，手指太长\n손 모양이 맞지 않습니다. 손가락이 너무 깁니다.\n"
    ).encode("utf-16-le"),
    # Korean with Hanja in brackets and inline
    "ep02/c014/c014_notes.txt": "눈(眼)의 위치를 調整해 주세요. 원화 확인 바랍니다.\n",
    "ep02/c015/c015_notes.txt": (
        "表情太僵硬 / 표정이 너무 딱딱합니다\n头发的颜色要统一 / 머리카락 색깔을 통일하십시오\n"
    ),
    # ep03: a vendor whose Korean follows North Korean norms, a three-language chain, a watchlisted author.
    "ep03/c020/c020.xmp": xmp(
        {
            "zh-CN": "人物走路的动作太僵硬。明天之前要重新画。改好了以后发给我。",
            "ko-KP": (
                "인물이 걷는 동작이 너무 굳어있습니다. 래일까지 다시 그려야 할것입니다. "
                "수정이 다 되였으면 보내주십시오."
            ),
        },
        "2016-05-10T14:20:00+08:30",
    ),
    "ep03/c021/c021_notes.txt": (
        "The head is too big, please make it a bit smaller\n"
        "头太大了，请缩小一点\n"
        "머리가 너무 큽니다. 조금 줄여주십시오.\n"
    ),
    "ep03/c022/c022.json": dumps(
        {
            "cut": "C022",
            "notes": [
                {
                    "text": "表情再夸张一点",
                    "author": "Chongqing Ningse Cartoon & Animation Development Co., Ltd.",
                    "time": "2024-02-01T09:00:00+08:00",
                }
            ],
        }
    ),
}
SKETCHES = [
    "ep01/c001/c001",
    "ep01/c002/c002",
    "ep01/c003/c003",
    "ep01/c004/c004",
    "ep01/c005/c005",
    "ep01/c006/c006",
    "ep01/c007/c007",
    "ep01/c008/c008",
    "ep02/c010/c010",
    "ep02/c011/c011",
    "ep02/c012/c012",
    "ep02/c013/c013",
    "ep02/c014/c014",
    "ep02/c015/c015",
    "ep02/c016/c016",
    "ep03/c020/c020",
    "ep03/c021/c021",
    "ep03/c022/c022",
]
# Notes the drawing tool embedded in the sketch itself: sketch stem -> PNG text chunks.
EMBEDDED = {
    "ep01/c004/c004": (text_chunk("Comment", "背景参考设定稿第三版".encode("gbk")),),  # Chinese only, GBK tEXt
    "ep01/c006/c006": (text_chunk("Comment", b"Clean-up approved, v2"), text_chunk("Software", b"Clip Studio Paint")),
    "ep02/c016/c016": (
        itxt_chunk(
            "XML:com.adobe.xmp",
            xmp({"zh-CN": "衣服的颜色不对", "ko-KP": "옷 색깔이 맞지 않습니다."}, "2024-01-10T14:05:00+08:00"),
        ),
    ),
}


def main() -> None:
    for index, stem in enumerate(SKETCHES):
        path = os.path.join(ROOT, stem + ".png")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(tiny_png(96 + index * 8, EMBEDDED.get(stem, ())))
    for rel, content in FILES.items():
        path = os.path.join(ROOT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        with open(path, "wb") as out:
            out.write(data)


if __name__ == "__main__":
    main()

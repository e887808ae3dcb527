"""Accuracy of legacy-encoding detection on short notes: FLORES sentences cut to N characters, encoded, decoded.

Usage: python bench/decode_short.py [../shared/data/flores200-dev]   (prints a table; needs the shared data)
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

from analyzer.extract.decode import decode_text

CASES = (  # (FLORES file, encodings its text is written in)
    ("zho_Hans.dev", ("gb18030", "gbk", "utf-16-le", "utf-16-be")),
    ("zho_Hant.dev", ("big5", "utf-16-le")),
    ("kor_Hang.dev", ("cp949", "euc-kr", "utf-16-le", "utf-16-be")),
    ("jpn_Jpan.dev", ("shift_jis", "cp932", "utf-16-le")),
)
SAME = {"gbk": "gb18030", "euc-kr": "cp949", "shift_jis": "cp932"}


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/data/flores200-dev")
    print(f"{'file':14} {'encoding':10} {'chars':>5} {'bare':>7} {'in JSON':>8}")
    started = time.perf_counter()
    for name, encodings in CASES:
        lines = [line.strip() for line in (root / name).read_text(encoding="utf-8").splitlines()][:300]
        for encoding in encodings:
            for size in (4, 8, 16, 40):
                ok_bare = ok_json = total = 0
                for line in lines:
                    text = line[:size]
                    try:
                        raw = text.encode(encoding)
                        wrapped = json.dumps({"notes": [{"text": text}]}, ensure_ascii=False).encode(encoding)
                    except UnicodeEncodeError:
                        continue
                    total += 1
                    with contextlib.suppress(ValueError):
                        ok_bare += decode_text(raw).text == text
                    with contextlib.suppress(ValueError):
                        ok_json += json.loads(decode_text(wrapped).text)["notes"][0]["text"] == text
                print(f"{name:14} {encoding:10} {size:5} {ok_bare / total:7.1%} {ok_json / total:8.1%}  (n={total})")
    print(f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

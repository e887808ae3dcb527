"""Print how often undeclared metadata strings (EXIF ASCII, IPTC, PNG tEXt) are decoded right.

FLORES-200 dev sentences (../shared/data) are cut to a few characters, encoded in the code page
a Chinese, Taiwanese, Korean or Japanese tool would use, and decoded with `decode_loose`.
"""

from __future__ import annotations

import os

from analyzer.extract.decode import decode_loose

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "flores200-dev")
CASES = (("zho_Hans", "gbk"), ("zho_Hant", "big5"), ("kor_Hang", "cp949"), ("jpn_Jpan", "shift_jis"))
LENGTHS = (2, 4, 8, 16, 32)


def _lines(name: str) -> list[str]:
    path = next(os.path.join(DATA, f) for f in sorted(os.listdir(DATA)) if name in f)
    with open(path, encoding="utf-8") as handle:
        return [line.strip().replace('""', '"') for line in handle if line.strip()]


def main() -> None:
    print("language  code page   " + "  ".join(f"{n:>4d} ch" for n in LENGTHS))
    for name, encoding in CASES:
        cells = []
        for length in LENGTHS:
            right = total = 0
            for line in _lines(name):
                text = line[:length]
                try:
                    raw = text.encode(encoding)
                except UnicodeEncodeError:
                    continue
                if raw.isascii():
                    continue
                total += 1
                right += decode_loose(raw) == text
            cells.append(f"{100 * right / max(total, 1):6.1f}%")
        print(f"{name:9s} {encoding:10s} " + "  ".join(cells))


if __name__ == "__main__":
    main()

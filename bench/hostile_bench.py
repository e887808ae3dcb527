"""Time and peak memory of one scan per hostile input of issue 22, and of the delivery holding them all.

    .venv/bin/python bench/hostile_bench.py [--small] [--jobs N] [--timeout SECONDS] [--dir DIR]

Each case is a folder holding one hostile input (built in code by tests/hostile_fixtures.py) beside an
ordinary sketch whose notes are a relay pair; `analyzer scan FOLDER --format json` runs in a fresh process
and the bench prints its wall seconds, its peak RSS (the largest process of its tree: os.wait4's rusage),
the hostile file's row (status and reason), and whether the ordinary sketch's finding is in the report.
`models install` of a package bomb is timed the same way. The last rows scan the delivery that holds every
case in each report format. Target (issue 22): under 60 s and under 1 GB per process, every other file's
findings reported, the hostile file an error or skipped row naming the limit it hit.
The cases are built on tmpfs (/dev/shm) when there is one: ext4 clamps a year-318857 mtime to 2446.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import hostile_fixtures as hostile  # noqa: E402

ANALYZER = [sys.executable, "-m", "analyzer"]
FORMATS = ("text", "json", "jsonl", "csv", "sarif", "html")


def run(command: list[str], timeout: float, env: dict[str, str] | None = None) -> tuple[int, float, float, bytes]:
    """(exit code, seconds, peak RSS in MB of the largest process of its tree, stdout); -9 when killed."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}
    )
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(process.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024, b"".join(chunks)


def case_folder(base: Path, number: int, build: Callable[[Path], None]) -> Path:
    """A folder with the case's hostile input and an ordinary sketch c1NN (NN: the case number)."""
    folder = base / f"case{number:02d}"
    cut = f"c{100 + number}"
    (folder / cut).mkdir(parents=True)
    (folder / cut / f"{cut}_notes.txt").write_bytes(hostile.relay_note(cut.upper()))
    build(folder)
    return folder


def ordinary_found(folder: Path, report: bytes) -> bool:
    """Whether the report names the case's ordinary sketch (its notes file, or in a text table its note)."""
    cut = f"c{100 + int(folder.name[4:])}"
    return (
        f"{folder.name}/{cut}/{cut}_notes.txt".encode() in report
        or f"{cut.upper()} {hostile.RELAY_ZH}".encode() in report
    )


def writer(name: str, make: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(make())


def build_cases(base: Path, small: bool) -> dict[str, tuple[Path, str]]:
    """Case name -> (folder, the hostile file's name)."""

    def old_mtime(folder: Path) -> None:
        path = folder / "c050_notes.txt"
        path.write_bytes(hostile.relay_note("C050"))
        os.utime(path, (1e13, 1e13))

    def fifo(folder: Path) -> None:
        os.mkfifo(folder / "pipe.txt")
        (folder / "link_to_pipe.txt").symlink_to("pipe.txt")

    names = [("../x.txt", b"x"), ("dup1.txt", hostile.relay_note("C009")), ("dup1.txt", b"decoy")]
    specs: list[tuple[str, str, Callable[[Path], None]]] = [
        ("xlsx comment DOCTYPE", "retakes.xlsx", writer("retakes.xlsx", hostile.xlsx_with_doctype_comment)),
        ("mtime year 318857", "c050_notes.txt", old_mtime),
        ("7z hostile names", "names.7z", writer("names.7z", lambda: hostile.sevenzip_with_names(names))),
        ("xml 30,000 deep", "deep.xml", writer("deep.xml", lambda: hostile.nested_xml(30_000))),
        ("xstage 20,000 deep", "deep.xstage", writer("deep.xstage", lambda: hostile.deep_xstage(20_000))),
        ("clip 2,000-layer chain", "chain.clip", writer("chain.clip", lambda: hostile.clip_chain(2_000))),
        ("xlsx 20,000 rows in XFD", "wide.xlsx", writer("wide.xlsx", lambda: hostile.xlsx_with_far_cells(20_000))),
        (
            "7z of 5,000,000 empty files",
            "many.7z",
            writer("many.7z", lambda: hostile.sevenzip_of_empty_files(500_000 if small else 5_000_000)),
        ),
        (
            "200 MiB sparse NUL .txt",
            "sparse.txt",
            lambda folder: hostile.sparse_nul_file(str(folder / "sparse.txt"), (20 if small else 200) << 20),
        ),
        ("zip of 200 shared inner zips", "shared.zip", writer("shared.zip", hostile.nested_shared_bomb)),
        ("FIFO and a link to it", "pipe.txt", fifo),
        ("escape sequences in a name", "c060\x1b[2J_notes.txt", writer("c060\x1b[2J_notes.txt", lambda: ESCAPES)),
        ("formula member names", "formulas.zip", writer("formulas.zip", formula_zip)),
    ]
    return {name: (case_folder(base, i, build), file) for i, (name, file, build) in enumerate(specs)}


ESCAPES = "\x1b[F\x1b[K\x1b]52;c;ZXZpbA==\x07\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\\u202e".encode()


def formula_zip() -> bytes:
    names = ('=HYPERLINK("http://evil.example","click").txt', "@SUM(1+1).txt", "+cmd.txt", "-2+3.txt")
    return hostile.zip_of({name: hostile.relay_note("C061") for name in names})


def steering_cases(base: Path, timeout: float) -> list[tuple[str, int, float, float, str]]:
    """The steering, code-execution and hiding cases of issue 22: (case, exit, seconds, peak MB, outcome)."""
    rows = []
    dump = base / "steer" / "dump"
    (dump / "c001").mkdir(parents=True)
    (dump / "c001" / "c001_notes.txt").write_bytes(hostile.relay_note("C001"))
    victim = base / "steer" / "victim.bashrc"
    victim.write_text("export PATH=/usr/bin\n")
    shipped = f'output = "{victim}"\nquiet = true\nfail-on = "never"\n[allowlist]\npaths = ["**"]\n'
    (dump / ".analyzer.toml").write_text(shipped)
    cwd = os.getcwd()
    os.chdir(dump)
    try:
        code, seconds, peak, out = run([*ANALYZER, "scan", ".", "--format", "json"], timeout)
    finally:
        os.chdir(cwd)
    obeyed = victim.read_text() != "export PATH=/usr/bin\n" or code != 1
    rows.append(("settings shipped in the delivery", code, seconds, peak, "OBEYED" if obeyed else "ignored"))

    cache = base / "steer" / "cache.sqlite"
    run([*ANALYZER, "scan", str(dump), "--format", "json", "--cache", str(cache)], timeout)
    marker = base / "steer" / "PWNED"
    import pickle
    import sqlite3

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {marker}",))

    with sqlite3.connect(cache) as db:
        db.execute("UPDATE cache_results SET result = ?", (pickle.dumps(Payload()),))
    code, seconds, peak, out = run([*ANALYZER, "scan", str(dump), "--format", "json", "--cache", str(cache)], timeout)
    found = b"relay.zh-ko-pair" in out
    outcome = "CODE RAN" if marker.exists() else ("no code ran, finding kept" if found else "no code ran, FINDING LOST")
    rows.append(("poisoned cache (pickle payload)", code, seconds, peak, outcome))

    repo = base / "steer" / "repo"
    (repo / "c001").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "c001" / "c001.txt").write_bytes(hostile.relay_note("C001"))
    for name, target in (
        ("c001_zh.txt", "/etc/passwd"),
        ("c001_ko.txt", "/proc/self/environ"),
        ("c001_notes.txt", "/dev/zero"),
    ):
        (repo / "c001" / name).symlink_to(target)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    os.chdir(repo)
    try:
        code, seconds, peak, out = run([*ANALYZER, "scan", "--staged", "--format", "json"], timeout)
    finally:
        os.chdir(cwd)
    leaked = b"root:" in out or b"PATH=" in out
    rows.append(
        ("staged links to passwd, environ, zero", code, seconds, peak, "LEAKED" if leaked else "skipped, nothing read")
    )

    settings = base / "steer" / "regex.toml"
    settings.write_text('[allowlist]\npatterns = ["(a|aa)+$"]\n')
    (dump / "c002").mkdir()
    (dump / "c002" / "c002_notes.txt").write_text("a" * 45 + "b 头太大了 → 머리가 너무 큽니다\n")
    code, seconds, peak, out = run(
        [*ANALYZER, "scan", str(dump), "--config", str(settings), "--format", "json"], timeout
    )
    rows.append(("allowlist (a|aa)+$ on 45 a's", code, seconds, peak, "finished" if code in (0, 1) else "FAILED"))

    tracebacks = 0
    for text in ("output = 1\n", "a = " + "[" * 5000 + "]" * 5000 + "\n", "tool = 5\n", "[allowlist]\nrules = 3\n"):
        settings.write_text(text)
        code, seconds, peak, _ = run([*ANALYZER, "scan", str(dump), "--config", str(settings)], timeout)
        tracebacks += code != 2
    baseline = base / "steer" / "baseline.json"
    for content in (
        b'{"schema": "analyzer.baseline/1", "findings": [{"fingerprint": "ab", "count": 1e400}]}',
        b"[" * 100_000,
    ):
        baseline.write_bytes(content)
        code, seconds, peak, _ = run([*ANALYZER, "scan", str(dump), "--baseline", str(baseline)], timeout)
        tracebacks += code != 2
    code, seconds, peak, _ = run([*ANALYZER, "scan", str(dump), "--baseline", "/dev/zero"], timeout)
    tracebacks += code != 2
    rows.append(("7 malformed settings and baselines", code, seconds, peak, f"{7 - tracebacks}/7 usage errors"))
    return rows


def hostile_row(report: dict, file: str) -> str:
    """The hostile file's row: its status, and the reason of the row (its own or a member's) naming a limit."""
    rows = [r for r in report.get("files", []) if r["path"].endswith("/" + file)]
    if not rows:
        return "no row"
    failed = [r for r in rows if r["status"] != "ok"]
    worst = next((r for r in failed if "limit" in (r["error"] or "")), failed[0] if failed else rows[0])
    reason = (worst.get("error") or "").replace("\n", " ")
    where = f" [{worst['member']}]" if worst["member"] else ""
    return f"{rows[0]['status']}{where}: {reason[:90]}" if reason else rows[0]["status"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="smaller inputs that trip the same limits")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--dir", help="where to build the cases (default: a folder on /dev/shm, else /tmp)")
    args = parser.parse_args()
    base = Path(
        tempfile.mkdtemp(prefix="hostile-", dir=args.dir or ("/dev/shm" if os.path.isdir("/dev/shm") else None))
    )
    try:
        cases = build_cases(base / "dump", args.small)
        print(f"{'case':<32} {'exit':>4} {'seconds':>8} {'peak MB':>8}  ordinary  hostile row")
        for name, (folder, file) in cases.items():
            code, seconds, peak, out = run(
                [*ANALYZER, "scan", str(folder), "--format", "json", "--jobs", str(args.jobs)], args.timeout
            )
            report = json.loads(out) if out.strip() else {}
            found = "yes" if ordinary_found(folder, out) else "NO"
            print(f"{name:<32} {code:>4} {seconds:>8.1f} {peak:>8.0f}  {found:<8}  {hostile_row(report, file)}")
        for name, code, seconds, peak, outcome in steering_cases(base, args.timeout):
            print(f"{name:<32} {code:>4} {seconds:>8.1f} {peak:>8.0f}  {'-':<8}  {outcome}")
        package = base / "bomb.argosmodel"
        hostile.argosmodel_bomb(str(package), (64 if args.small else 1024) << 20)
        target = base / "translate"
        code, seconds, peak, _ = run(
            [*ANALYZER, "models", "install", str(package)], args.timeout, {"ANALYZER_TRANSLATE_DIR": str(target)}
        )
        written = sum(p.stat().st_size for p in target.rglob("*") if p.is_file()) if target.exists() else 0
        print(
            f"{'models install of a 1 GiB bomb':<32} {code:>4} {seconds:>8.1f} {peak:>8.0f}  {'-':<8}  "
            f"{package.stat().st_size // 1024} KB package, {written} bytes written"
        )
        for fmt in FORMATS:
            code, seconds, peak, out = run(
                [*ANALYZER, "scan", str(base / "dump"), "--format", fmt, "--jobs", str(args.jobs)], args.timeout
            )
            found = sum(ordinary_found(folder, out) for folder, _ in cases.values())
            print(
                f"{'all cases, --format ' + fmt:<32} {code:>4} {seconds:>8.1f} {peak:>8.0f}  "
                f"{f'{found}/{len(cases)}':<8}  {len(out) // 1024} KB report"
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Speed per core against ExifTool, and memory of every report format, on a CJK-heavy sidecar delivery (issue 23).

    .venv/bin/python bench/format_bench.py [--sizes 20000,100000] [--repeat K] [--formats text,json,...] [--out DIR]

The delivery (built here, seeded): cut folders each holding a sketch and three sidecars, `note.txt`,
`note.xmp` and `note.json`; three quarters of the notes are Chinese or Korean and most cuts carry a relay
pair (a Chinese retake instruction and its Korean translation, sometimes in one sidecar, sometimes across two),
the rest English or Japanese notes. In one round, for each size: a pure-Python loop
alone and on both cores (what the VM gives right now), `exiftool -r -j` (extraction only, the tool users reach
for), then `analyzer scan --jobs 1` in every format and `--jobs 2 --format jsonl`, each a fresh process
writing its report to a file. Printed: seconds (and the CPU seconds of the process tree, every thread
counted), files/s, the ratio to ExifTool's files/s, peak RSS of the scanning process, of the whole tree and
(2 jobs) of the largest worker, and whether every relay cut was found and nothing else.
Targets: every format at least 2.5x ExifTool's files/s with one job; peak RSS of the scanning process under
400 MB at 100k files and within 15% between 10k and 100k; --jobs 2 at least 1.7x one job.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan_bench import compile_package, machine_capacity, measure  # noqa: E402
from synthetic_dump import CHINESE_ONLY, ENGLISH_ONLY  # noqa: E402
from synthetic_dump import _instruction as instruction  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("jsonl", "json", "text", "csv", "sarif", "html")
FILES_PER_CUT = 4  # the sketch and its three sidecars

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreateDate>{day}T10:12:00+08:00</xmp:CreateDate>
<dc:description><rdf:Alt><rdf:li xml:lang="{lang}">{text}</rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>
"""
PNG_1X1 = bytes.fromhex(  # a valid 1x1 RGBA PNG: the sketch beside its sidecars
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b49444154789c63600002"
    "00000500017a5eab3f0000000049454e44ae426082"
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cjk_dump(root: Path, files: int, seed: int = 1) -> set[str]:
    """Write the delivery; return the cut folders (relative) that carry a relay pair.

    Notes are retake instructions built from parts (bench/synthetic_dump.py: body part x problem x request x
    frame), so they read like real short notes and do not repeat a handful of strings.
    """
    rng = random.Random(seed)
    relay_cuts: set[str] = set()
    for number in range(files // FILES_PER_CUT):
        folder = root / f"ep{number // 100 + 1:03d}" / f"c{number % 100 + 1:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "sketch.png").write_bytes(PNG_1X1)
        zh, ko, en, ja = instruction(rng)
        day = f"2024-01-{number % 28 + 1:02d}"
        kind = rng.random()
        follow_up = rng.choice(CHINESE_ONLY).format(n=rng.randint(1, 240))
        if kind < 0.70:  # a relay pair: in one note file, or across two sidecars
            relay_cuts.add(str(folder.relative_to(root)))
            txt, xmp = (f"{zh}\n{ko}\n", (ko, "ko")) if rng.random() < 0.4 else (f"{zh}\n", (ko, "ko"))
            note = follow_up if rng.random() < 0.5 else rng.choice((en, ja))
        elif kind < 0.85:  # Chinese alone, or Korean alone
            txt, xmp = (f"{zh}\n", (follow_up, "zh")) if kind < 0.78 else (f"{ko}\n", (en, "en"))
            note = rng.choice((en, ja))
        else:
            txt, xmp, note = f"{en}\n", (ja, "ja"), rng.choice(ENGLISH_ONLY).format(n=rng.randint(1, 240))
        (folder / "note.txt").write_text(txt, encoding="utf-8")
        (folder / "note.xmp").write_text(XMP.format(day=day, lang=xmp[1], text=_escape(xmp[0])), encoding="utf-8")
        notes = {"notes": [{"text": note, "author": "vendor", "time": f"{day}T09:00:00+08:00"}]}
        (folder / "note.json").write_text(json.dumps(notes, ensure_ascii=False), encoding="utf-8")
    return relay_cuts


def relay_cuts_found(report: Path, fmt: str, root: Path) -> tuple[set[str], int]:
    """Cut folders with a relay.zh-ko-pair finding, and the number of findings of any other rule."""
    folders: set[str] = set()
    others = 0
    if fmt == "jsonl":
        findings = [json.loads(line) for line in report.open(encoding="utf-8") if '"finding"' in line[:30]]
    elif fmt == "json":
        findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    else:
        return folders, -1
    for f in findings:
        if f["rule"] == "relay.zh-ko-pair":
            folders.add(os.path.relpath(os.path.dirname(f["path"]), root))
        else:
            others += 1
    return folders, others


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the fastest run of each case is kept")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "formats")
    args = parser.parse_args()
    compile_package()
    formats = args.formats.split(",")
    exiftool = shutil.which("exiftool")
    for size in (int(s) for s in args.sizes.split(",")):
        root = args.out / f"cjk-{size}"
        if not root.exists():
            relay = cjk_dump(root, size)
            (args.out / f"cjk-{size}.relay.json").write_text(json.dumps(sorted(relay)), encoding="utf-8")
        relay = set(json.loads((args.out / f"cjk-{size}.relay.json").read_text(encoding="utf-8")))
        files = sum(1 for p in root.rglob("*") if p.is_file())
        best: dict[str, tuple[float, float, float]] = {}
        for round_ in range(args.repeat):
            alone, parallel = machine_capacity(2)
            print(f"\n{files} files, round {round_ + 1}: machine loop {alone:.2f} s, both cores {parallel:.2f}x")
            cases: list[tuple[str, list[str]]] = []
            if exiftool:
                cases.append(("exiftool -r -j", [exiftool, "-q", "-q", "-r", "-j", "-w", "/dev/null%0f", str(root)]))
            for fmt in formats:
                report = args.out / f"report-{size}.{fmt}"
                scan = [sys.executable, "-m", "analyzer", "scan", str(root), "--no-config", "--format", fmt]
                cases.append((f"--jobs 1 --format {fmt}", [*scan, "--jobs", "1", "-o", str(report)]))
            report = args.out / f"report-{size}.jobs2.jsonl"
            scan = [sys.executable, "-m", "analyzer", "scan", str(root), "--no-config", "--format", "jsonl"]
            cases.append(("--jobs 2 --format jsonl", [*scan, "--jobs", "2", "-o", str(report)]))
            exif_rate = None
            one_job = None
            for name, command in cases:
                run = measure(command)
                rate = files / run.seconds
                if name.startswith("exiftool"):
                    exif_rate = rate
                if name == "--jobs 1 --format jsonl":
                    one_job = run.seconds
                previous = best.get(name)
                if previous is None or run.seconds < previous[0]:
                    best[name] = (run.seconds, run.main_rss_mb, run.tree_rss_mb)
                check = ""
                fmt = name.rsplit(" ", 1)[-1]
                if not name.startswith("exiftool"):
                    path = args.out / (f"report-{size}.jobs2.jsonl" if "jobs 2" in name else f"report-{size}.{fmt}")
                    found, others = relay_cuts_found(path, fmt, root)
                    if others >= 0:
                        extra = len(found - relay)
                        check = f"relay cuts {len(found & relay)}/{len(relay)}, extra {extra}, other rules {others}"
                ratio = f"{rate / exif_rate:.2f}x exiftool" if exif_rate and not name.startswith("exiftool") else ""
                speedup = f"{one_job / run.seconds:.2f}x one job" if one_job and "jobs 2" in name else ""
                print(
                    f"  {name:<26} {run.seconds:7.2f} s (CPU {run.cpu:6.2f} s) {rate:8.0f} files/s {ratio:>16} "
                    f"{speedup:>14} "
                    f"RSS main {run.main_rss_mb:5.0f} MB tree {run.tree_rss_mb:5.0f} MB"
                    f"{f' worker {run.child_rss_mb:4.0f} MB' if 'jobs 2' in name else ''}  {check}"
                )


if __name__ == "__main__":
    main()

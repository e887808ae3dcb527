"""CPU microseconds a file of the extract stage alone, in all and per file suffix, as a scan reads files.

    .venv/bin/python bench/extract_per_file.py DUMP [--repeat 5]

Each file is read as `analyze_units` reads it (`run.analyze.extract_unit`, the file clock's handler installed once);
the files are read once beforehand so the page cache holds them. With --repeat K each pass runs K times and the
fastest is shown: a shared machine's other tenants only ever slow a pass down.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable

from analyzer.discover import walk_batches
from analyzer.extract import Limits
from analyzer.extract.budget import alarm_handler
from analyzer.model import FileRef
from analyzer.run.analyze import extract_unit


def fastest(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    refs = [ref for batch in walk_batches([args.dump]) for ref in batch if isinstance(ref, FileRef)]
    by_suffix: dict[str, list[FileRef]] = defaultdict(list)
    for ref in refs:
        by_suffix[ref.path.rsplit(".", 1)[-1].lower() if "." in ref.path else "(none)"].append(ref)
    limits = Limits()

    def extract(files: list[FileRef]) -> Callable[[], object]:
        return lambda: [extract_unit([ref], limits) for ref in files]

    with alarm_handler():
        extract(refs)()  # warm: imports, tables, the page cache
        total = fastest(extract(refs), args.repeat)
        print(f"{len(refs)} files: {total:.3f} s CPU, {1e6 * total / max(len(refs), 1):.1f} us a file")
        for suffix, files in sorted(by_suffix.items(), key=lambda item: -len(item[1])):
            seconds = fastest(extract(files), args.repeat)
            print(f"  .{suffix:8} {len(files):7} files {1e6 * seconds / len(files):7.1f} us a file")


if __name__ == "__main__":
    main()

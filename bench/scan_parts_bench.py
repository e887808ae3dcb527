"""CPU of a scan's per-result work besides extraction, pairing and Komoran, on a dump's results made beforehand.

    .venv/bin/python bench/scan_parts_bench.py DUMP [--repeat K]

Analyses DUMP in this process first (not timed: its units in chunks, as a worker gets them), keeping each batch's
detect input and result. Then times with the process's CPU clock, the fastest of K passes, each after emptying
the bounded caches (what a fresh process starts with; the tables stay loaded):

- the rules over every batch (`detect`; dprk.orthography left out, its time is mostly Komoran's:
  bench/detect_bench.py) and the timeline's records (`file_events`): a worker's work;
- what the scanning process does with each result: unpacking it (`run.cache.unpack`, with --jobs 2), its JSONL
  lines (`JsonLinesWriter.add`, to /dev/null), the totals (`Totals.add_batch`), the timeline's store
  (`TimelineBuilder.observe`), and discovery (`units_of`: the walk and the units).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _empty_bounded_caches() -> None:
    """Clear every bounded functools cache of the analyzer's modules (per text, name or folder); unbounded ones
    hold loaded tables and stay."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("analyzer"):
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if info is not None and info().maxsize is not None:
                value.cache_clear()


def _fastest(passes: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(passes):
        _empty_bounded_caches()
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import analyzer.detect as detect_module
    from analyzer.engines.chinese import tokenizer
    from analyzer.extract import Limits
    from analyzer.report.totals import Totals
    from analyzer.report.writers.jsonl_writer import JsonLinesWriter
    from analyzer.run import analyze
    from analyzer.run.cache import pack, unpack
    from analyzer.run.local import tune_collector
    from analyzer.run.units import units_of
    from analyzer.timeline import TimelineBuilder, file_events

    views: list[tuple[Any, Any, Any]] = []
    detect = analyze.detect

    def kept(view: Any) -> Any:
        views.append((view.files, view.comments, view.pairs))
        return detect(view)

    analyze.detect = kept  # type: ignore[assignment]
    units = list(units_of([args.dump]))
    results = []
    for start in range(0, len(units), 512):
        results.extend(analyze.analyze_units(units[start : start + 512], Limits()))
    analyze.detect = detect  # type: ignore[assignment]
    blobs = [pack(result) for result in results]
    tokenizer()  # relay.chain's jieba, loaded before timing
    tune_collector()  # the collector as in a scan

    from analyzer.detect import BatchView
    from analyzer.model import BatchResult

    all_rules = detect_module.RULES
    detect_module.RULES = tuple(rule for rule in all_rules if rule.id != "dprk.orthography")
    batches = [BatchResult(r.files, r.comments, r.findings) for r in results]

    def jsonl() -> None:
        with open(os.devnull, "w", encoding="utf-8", newline="") as out:
            writer = JsonLinesWriter(out)
            for result in results:
                writer.add(result)

    def totals() -> None:
        summed = Totals()
        for result in results:
            summed.add_batch(result)

    def observe() -> None:
        builder = TimelineBuilder()
        for result in results:
            builder.observe(result)
        builder.close()

    figures = {
        "detect (no dprk.orthography)": lambda: [detect_module.detect(BatchView(*view)) for view in views],
        "file_events": lambda: [file_events(batch) for batch in batches],
        "unpack (--jobs 2)": lambda: [unpack(blob) for blob in blobs],
        "JsonLinesWriter.add": jsonl,
        "Totals.add_batch": totals,
        "TimelineBuilder.observe": observe,
        "discovery (units_of)": lambda: list(units_of([args.dump])),
    }
    print(f"{args.dump}: {len(units)} units, {len(results)} results; CPU s, fastest of {args.repeat}")
    for name, work in figures.items():
        print(f"  {name:30} {_fastest(args.repeat, work):6.3f}")
    detect_module.RULES = all_rules
    gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time of the detect stage, rule by rule, and of the timeline records, on a dump's batches prepared beforehand.

    .venv/bin/python bench/detect_bench.py DUMP [--units N] [--repeat K] [--no-read-ahead]

Extracts, segments and aligns each unit of DUMP first (not timed), starts the Korean tagger and jieba (their
load is timed and shown apart), then runs the registered rules over each batch as `detect` does and builds
its timeline records (`file_events`), after `detect.read_ahead` over each window of units as `analyze_units` does
(its time is dprk.orthography's; --no-read-ahead: rule by rule), timing each rule and the records with the calling
thread's CPU clock
(a shared machine's other tenants slow the wall clock much more than this one). Prints seconds per rule, the
total, and the Korean tagger's share: its calls, and the calling thread's microseconds per line (Komoran's
own analysis plus the JPype round trips; about two thirds of it in a tight loop, where caches stay warm).
With --repeat K the rules run K times in fresh processes and each figure is the median.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def one_run(dump: str, units: int | None, ahead: bool = True) -> dict[str, float]:
    from analyzer import notices
    from analyzer.align import pair_comments
    from analyzer.align.translation import note_translation
    from analyzer.detect import RULES, BatchView, read_ahead
    from analyzer.discover import sketch_units, walk_batches
    from analyzer.engines import korean
    from analyzer.extract import Limits
    from analyzer.model import AnalyzedComment, BatchResult
    from analyzer.run.analyze import AHEAD_NOTES, extract_unit
    from analyzer.segment import segment_comments
    from analyzer.timeline import file_events

    prepared = []
    for unit in [u for batch in walk_batches([dump]) for u in sketch_units(batch)][:units]:
        rows, comments = extract_unit(unit, Limits())
        segmented = segment_comments(comments)
        pairs = pair_comments(segmented)
        by_source = collections.defaultdict(list)
        for pair in pairs:
            by_source[pair.src.comment_id].append(pair)
        analyzed = tuple(
            AnalyzedComment(c, s, tuple(by_source[c.id]), translation=note_translation(c.text, s)) for c, s in segmented
        )
        prepared.append((tuple(rows), analyzed, tuple(pairs), segmented))

    figures: dict[str, float] = collections.Counter()
    started = time.perf_counter()
    korean.komoran()
    figures["load: Komoran"] = time.perf_counter() - started
    started = time.perf_counter()
    from analyzer.engines import chinese

    # What relay.chain segments with: the tokenizer over models/jieba/ (jieba's own module before it existed).
    chinese.tokenizer() if hasattr(chinese, "tokenizer") else chinese.jieba()
    figures["load: jieba"] = time.perf_counter() - started

    tagged = [0, 0.0]
    tokens = korean.KomoranTagger._tokens

    def timed_tokens(self: korean.KomoranTagger, line: str) -> list[tuple[str, str, str, str]]:
        before = time.thread_time()
        try:
            return tokens(self, line)
        finally:
            tagged[0] += 1
            tagged[1] += time.thread_time() - before

    korean.KomoranTagger._tokens = timed_tokens  # type: ignore[method-assign]
    window_end = 0
    for index, (rows, analyzed, pairs, _) in enumerate(prepared):
        if ahead and index == window_end:  # the next window of units, as analyze_units holds them
            held = 0
            while window_end < len(prepared) and held < AHEAD_NOTES:
                held += len(prepared[window_end][3])
                window_end += 1
            before = time.thread_time()
            read_ahead([segmented for *_, segmented in prepared[index:window_end]])
            figures["dprk.orthography"] += time.thread_time() - before
        view = BatchView(rows, analyzed, pairs)
        found: list = []
        for rule in RULES:
            before = time.thread_time()
            current = BatchView(view.files, view.comments, view.pairs, tuple(found), view._shared)
            found.extend(rule.check(current))
            figures[rule.id] += time.thread_time() - before
        before = time.thread_time()
        file_events(BatchResult(rows, analyzed, tuple(found), missing=notices.current()))
        figures["timeline records"] += time.thread_time() - before
    figures["Komoran lines"] = tagged[0]
    figures["Komoran seconds"] = tagged[1]
    figures["units"] = len(prepared)
    return dict(figures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump")
    parser.add_argument("--units", type=int, default=None, help="only the first N units")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-read-ahead", action="store_true", help="no detect.read_ahead: the rules one by one")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one run, for --repeat
    args = parser.parse_args()
    if args.json:
        print(json.dumps(one_run(args.dump, args.units, not args.no_read_ahead)))
        return 0
    runs = []
    for _ in range(args.repeat):
        command = [sys.executable, __file__, args.dump, "--json"] + (["--units", str(args.units)] if args.units else [])
        command += ["--no-read-ahead"] if args.no_read_ahead else []
        runs.append(json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
    figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    rules = {k: v for k, v in figures.items() if not k.startswith(("load:", "Komoran", "units"))}
    how = "rule by rule" if args.no_read_ahead else "read ahead"
    print(f"{args.dump}: {figures['units']:.0f} units ({how}), median of {len(runs)} run(s), thread CPU seconds")
    for name, seconds in sorted(rules.items(), key=lambda item: -item[1]):
        print(f"  {name:28} {seconds:6.2f}")
    print(f"  {'detect + timeline records':28} {sum(rules.values()):6.2f}")
    lines = figures["Komoran lines"]
    per_line = 1e6 * figures["Komoran seconds"] / lines if lines else 0.0
    print(f"  of which Komoran: {lines:.0f} lines, {figures['Komoran seconds']:.2f} s, {per_line:.0f} us a line")
    komoran, jieba = figures["load: Komoran"], figures["load: jieba"]
    print(f"  loads (wall, not in the total): Komoran {komoran:.2f} s, jieba {jieba:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

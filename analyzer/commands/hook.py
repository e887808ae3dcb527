"""`analyzer hook FILE...`: the pre-commit entry point; scans the given files and their sibling sidecars.

Quiet by default: nothing on a clean commit, one line per finding and how to accept it otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace

from analyzer.commands.base import Command
from analyzer.commands.ocr_option import add_ocr_option, with_ocr
from analyzer.commands.reporting import add_report_arguments, emit, resolve

ACCEPT_HINT = (
    "analyzer: commit blocked: the finding(s) above are at or above '{level}'. A finding is a lead, not a verdict: "
    "review the notes. To accept one, add `analyzer:allow` to the note, an allowlist entry in "
    "[tool.analyzer.allowlist], or a baseline (`analyzer baseline create -o .analyzer-baseline.json`, then "
    '`baseline = ".analyzer-baseline.json"` in [tool.analyzer]).'
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to check (pre-commit passes the staged ones)")
    add_report_arguments(parser)
    add_ocr_option(parser)


def with_sidecars(files: list[str]) -> list[str]:
    """The files plus every file beside them that belongs to the same sketch (c010_zh.txt brings c010_ko.xmp)."""
    from analyzer.sketch import sketch_stem

    chosen = {os.path.normpath(f) for f in files if os.path.isfile(f)}
    for folder in {os.path.dirname(f) for f in chosen}:
        stems = {sketch_stem(f) for f in chosen if os.path.dirname(f) == folder}
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if sketch_stem(name) in stems and os.path.isfile(path):
                chosen.add(path)
    return sorted(chosen)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    files = with_sidecars(args.files)
    from analyzer.engines.korean import warm_up_for_files

    warm_up_for_files(files)  # the sidecars too (the command line already started on the files it was given)
    from analyzer.discover import file_batches
    from analyzer.extract.base import Limits
    from analyzer.pipeline import analyze_units

    settings = resolve(args, files or ["."])
    limits = with_ocr(args, files or ["."], Limits())
    # A commit gate talks to the person committing: the configuration's report format and file are for scans.
    settings = replace(settings, format=args.format or "text", output=args.output)
    if settings.format == "text" and not (args.quiet or args.verbose):
        settings = replace(settings, verbosity=-1)
    batches = (r for batch in file_batches([(f, f) for f in files], ".") for r in analyze_units([batch], limits))
    code = emit(batches, settings, started)
    if code == 1 and settings.format == "text" and not settings.output:
        print(ACCEPT_HINT.format(level=settings.fail_on), file=sys.stderr)
    return code


COMMAND = Command(
    name="hook", help="pre-commit entry point: check files and their sidecars", configure=configure, run=run
)

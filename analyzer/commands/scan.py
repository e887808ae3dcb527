"""`analyzer scan PATH...`: scan a delivery dump and report relay patterns."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable

from analyzer.commands.base import Command, UsageError
from analyzer.commands.engine_options import add_engine_options, engine_options
from analyzer.commands.limit_options import add_limit_options, limits_from_options
from analyzer.commands.ocr_option import add_ocr_option, with_ocr
from analyzer.commands.reporting import add_report_arguments, check_output_folder, emit, resolve
from analyzer.discover import MissingPathError, check_paths
from analyzer.model import Batch


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to scan")
    parser.add_argument("--staged", action="store_true", help="scan the files git has staged (and their sidecars)")
    add_report_arguments(parser)
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="record this scan as a snapshot in the cache database (--cache, default .analyzer-cache.sqlite) "
        "so `analyzer timeline` can compare successive scans",
    )
    add_engine_options(
        parser,
        cache_help="incremental cache (SQLite): unchanged files are not analysed again; also holds snapshots",
    )
    add_limit_options(parser)
    add_ocr_option(parser)


def _with_snapshot(args: argparse.Namespace, batches: Iterable[Batch]) -> Iterable[Batch]:
    if not args.snapshot:
        return batches
    from analyzer.cache import CacheError, check_database
    from analyzer.snapshots import DEFAULT_DATABASE, recording

    database = args.cache or DEFAULT_DATABASE
    try:
        check_database(database)
    except CacheError as err:
        raise UsageError(str(err)) from None
    return recording(batches, database, args.paths)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.staged:
        from analyzer.commands.staged import staged_batches

        settings = resolve(args, args.paths or ["."])
        check_output_folder(settings)
        limits = with_ocr(args, args.paths or ["."], limits_from_options(args))
        with staged_batches(args.paths, limits) as batches:
            return emit(batches, settings, started)
    if not args.paths:
        raise UsageError("give at least one PATH to scan (or --staged)")
    from analyzer.pipeline import ScanOptions, scan_batches

    try:
        check_paths(args.paths)
    except MissingPathError as err:
        raise UsageError(str(err)) from None
    settings = resolve(args, args.paths)
    check_output_folder(settings)
    from analyzer.report.writers import RENDERERS

    limits = with_ocr(args, args.paths, limits_from_options(args))
    options = ScanOptions(limits=limits, render=RENDERERS.get(settings.format), **engine_options(args))
    from analyzer.engines.scheduling import EngineError, check_engine

    try:
        check_engine(options)  # before any report line is written
        return emit(_with_snapshot(args, scan_batches(args.paths, options)), settings, started)
    except EngineError as err:
        raise UsageError(str(err)) from None


COMMAND = Command(name="scan", help="scan a delivery dump for relayed notes", configure=configure, run=run)

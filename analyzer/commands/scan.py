"""`analyzer scan PATH...`: scan a delivery dump and report relay patterns."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from analyzer.commands.base import Command, UsageError
from analyzer.commands.engine_options import add_engine_options, engine_options
from analyzer.commands.limit_options import add_limit_options, limits_from_options
from analyzer.commands.ocr_option import add_ocr_option, with_ocr
from analyzer.commands.reporting import add_report_arguments, check_output_folder, emit, resolve
from analyzer.model import BatchResult


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


def _with_snapshot(args: argparse.Namespace, batches: Iterable[BatchResult]) -> Iterable[BatchResult]:
    if not args.snapshot:
        return batches
    from analyzer.run.cache import check_database
    from analyzer.snapshots import DEFAULT_DATABASE, recording

    database = args.cache or DEFAULT_DATABASE
    check_database(database)
    return recording(batches, database, args.paths)


@contextmanager
def _sources(args: argparse.Namespace) -> Iterator[object]:
    """What to scan: the paths given, or git's staged files checked out into a temporary folder."""
    if not args.staged:
        if not args.paths:
            raise UsageError("give at least one PATH to scan (or --staged)")
        yield args.paths
        return
    from analyzer.commands.staged import staged_files

    with staged_files(args.paths) as files:
        yield files


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    from analyzer.run import Pipeline, ScanOptions

    settings = resolve(args, args.paths or ["."])
    check_output_folder(settings)
    limits = with_ocr(args, args.paths or ["."], limits_from_options(args))
    options = ScanOptions(limits=limits, **engine_options(args))
    with _sources(args) as sources, _komoran_preparation(args):
        pipeline = Pipeline(options, settings.suppressor())
        pipeline.check(sources)  # usage errors before any report line is written
        batches = _with_snapshot(args, pipeline.batches(sources))
        return emit(batches, settings, pipeline.suppressor, started, roots=args.paths, require_files=not args.staged)


def _komoran_preparation(args: argparse.Namespace) -> AbstractContextManager[None]:
    """A batch scan may prepare Komoran's compact dictionary for the next run; a gate (`--staged`) returns with
    nothing left running."""
    if args.staged:
        return nullcontext()
    from analyzer.engines.komoran_model import background_preparation_allowed

    return background_preparation_allowed()


COMMAND = Command(name="scan", help="scan a delivery dump for relayed notes", configure=configure, run=run)

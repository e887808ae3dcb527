"""`analyzer scan PATH...`: scan a delivery dump and report relay patterns."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

from analyzer.commands.base import Command, UsageError
from analyzer.commands.limit_options import add_limit_options, limits_from_options
from analyzer.discover import MissingPathError
from analyzer.report import FAIL_ON_LEVELS, Report


def configure(parser: argparse.ArgumentParser) -> None:
    from analyzer.report.writers import WRITERS

    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to scan")
    parser.add_argument("--format", choices=sorted(WRITERS), default="text", help="report format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON_LEVELS,
        default="medium",
        help="exit 1 when a finding is at or above this severity (default: medium)",
    )
    parser.add_argument("--cache", metavar="FILE", help="cache database (SQLite); holds snapshots")
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="record this scan as a snapshot in the cache database (--cache, default .analyzer-cache.sqlite) "
        "so `analyzer timeline` can compare successive scans",
    )
    add_limit_options(parser)


def run(args: argparse.Namespace) -> int:
    from analyzer.pipeline import ScanOptions, scan_batches
    from analyzer.report.writers import WRITERS

    started = time.perf_counter()
    try:
        report = Report.from_batches(scan_batches(args.paths, ScanOptions(limits=limits_from_options(args))))
    except MissingPathError as err:
        raise UsageError(str(err)) from None
    report = replace(report, seconds=time.perf_counter() - started)
    if args.snapshot:
        _record_snapshot(args, report)
    writer = WRITERS[args.format]
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as out:
                writer(report, out)
        except OSError as err:
            raise UsageError(f"cannot write {args.output}: {err.strerror or err}") from None
    else:
        writer(report, sys.stdout)
    return report.exit_code(args.fail_on)


def _record_snapshot(args: argparse.Namespace, report: Report) -> None:
    from analyzer.snapshots import DEFAULT_DATABASE, SnapshotStore

    database = getattr(args, "cache", None) or DEFAULT_DATABASE
    try:
        store = SnapshotStore(database)
    except Exception as err:  # sqlite3 raises several kinds for unusable files
        raise UsageError(f"cannot open cache database {database}: {err}") from None
    try:
        store.record(args.paths, report.files)
    finally:
        store.close()


COMMAND = Command(name="scan", help="scan a delivery dump for relayed notes", configure=configure, run=run)

"""`analyzer timeline PATH...`: the dump day by day, instruction -> return cycles, and snapshot changes."""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, datetime
from typing import Any

from analyzer.commands.base import Command, UsageError
from analyzer.commands.reporting import buffered_stdout


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to scan")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--cache",
        metavar="FILE",
        help="database of `scan --snapshot` snapshots to compare (default: .analyzer-cache.sqlite if present)",
    )


def _snapshot_changes(args: argparse.Namespace) -> list[Any]:
    from analyzer.snapshots import DEFAULT_DATABASE, SnapshotStore

    database = args.cache or (DEFAULT_DATABASE if os.path.exists(DEFAULT_DATABASE) else None)
    if not database:
        return []
    if not os.path.exists(database):
        raise UsageError(f"no such cache database: {database}")
    store = SnapshotStore(database)
    try:
        return store.changes(args.paths)
    finally:
        store.close()


def run(args: argparse.Namespace) -> int:
    from analyzer import scan

    report = scan(args.paths)
    cadence = next((f for f in report.findings if f.rule == "relay.batch-cadence"), None)
    changes = _snapshot_changes(args)
    if args.format == "json":
        from analyzer.report.serialize import day_dict, finding_dict

        out = {
            "days": [day_dict(d) for d in report.days],
            "cadence": finding_dict(cadence) if cadence else None,
            "snapshots": [
                {
                    "id": c.snapshot_id,
                    "taken_at": datetime.fromtimestamp(c.taken_at, UTC).isoformat(),
                    "files": c.files,
                    "appeared": list(c.appeared),
                    "changed": list(c.changed),
                    "disappeared": list(c.disappeared),
                }
                for c in changes
            ],
        }
        with buffered_stdout() as stdout:
            json.dump(out, stdout, ensure_ascii=False, indent=2)
            stdout.write("\n")
        return 0
    from analyzer.report.writers.timeline_table import write_days, write_snapshots

    with buffered_stdout() as stdout:
        write_days(report, stdout)
        if changes:
            write_snapshots(changes, stdout)
    return 0


COMMAND = Command(
    name="timeline",
    help="show a dump day by day: instructions, relay pairs, returned work, snapshot changes",
    configure=configure,
    run=run,
)

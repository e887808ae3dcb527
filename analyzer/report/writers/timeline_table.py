"""Per-day tables for the text output: the timeline of a dump and the changes between snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.model import DaySummary
from analyzer.report import Report

MAX_CUTS_SHOWN = 6
MAX_NAMES_SHOWN = 5  # files listed per snapshot and kind of change


def _cuts(cuts: Sequence[str]) -> str:
    shown = ", ".join(cuts[:MAX_CUTS_SHOWN])
    return shown + (f" +{len(cuts) - MAX_CUTS_SHOWN}" if len(cuts) > MAX_CUTS_SHOWN else "")


def _console(out: TextIO) -> Console:
    return Console(file=out, highlight=False, width=None if out.isatty() else 140)


def days_table(days: Sequence[DaySummary]) -> Table:
    table = Table(title="Timeline (per day)", title_justify="left")
    for column, justify in (
        ("day", "left"),
        ("files", "right"),
        ("instruction notes", "right"),
        ("relay pairs", "right"),
        ("returned files", "right"),
        ("cuts instructed", "left"),
        ("cuts returned", "left"),
        ("dated by", "left"),
    ):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for day in days:
        table.add_row(
            day.day,
            str(day.files),
            str(day.instruction_notes),
            str(day.relay_pairs),
            str(day.returned_files),
            _cuts(day.cuts_instructed),
            _cuts(day.cuts_returned),
            ", ".join(f"{how} {n}" for how, n in day.dated_by.items()),
        )
    return table


def write_days(report: Report, out: TextIO) -> None:
    console = _console(out)
    if not report.days:
        console.print("No dated files.")
        return
    console.print(days_table(report.days))
    cadence = next((f for f in report.findings if f.rule == "relay.batch-cadence"), None)
    if cadence:
        console.print(f"[bold]relay.batch-cadence[/bold] ({cadence.severity}): {cadence.message}")
    else:
        console.print("No instruction -> return cadence found.")


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:MAX_NAMES_SHOWN])
    return shown + (f" +{len(names) - MAX_NAMES_SHOWN} more" if len(names) > MAX_NAMES_SHOWN else "")


def write_snapshots(changes: Sequence[Any], out: TextIO) -> None:
    """One row per snapshot with its counts, then the files behind them for each snapshot after the first."""
    table = Table(title="Snapshots of this root", title_justify="left")
    for column in ("snapshot", "taken (UTC)", "files", "appeared", "changed", "disappeared"):
        table.add_column(column)
    for change in changes:
        table.add_row(
            str(change.snapshot_id),
            datetime.fromtimestamp(change.taken_at, UTC).strftime("%Y-%m-%d %H:%M"),
            str(change.files),
            str(len(change.appeared)),
            str(len(change.changed)),
            str(len(change.disappeared)),
        )
    console = _console(out)
    console.print(table)
    for change in changes[1:]:
        for what in ("appeared", "changed", "disappeared"):
            names = getattr(change, what)
            if names:
                console.print(Text(f"snapshot {change.snapshot_id} {what}: {_names(names)}"), soft_wrap=True)

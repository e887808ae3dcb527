"""A progress bar on stderr for scans that take longer than a second, only on a terminal."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from analyzer.model import BatchResult

if TYPE_CHECKING:
    from rich.progress import Progress

DELAY_SECONDS = 1.0
DELAY_ENV = "ANALYZER_PROGRESS_DELAY"  # seconds before the progress line appears (0: at once)


def _delay() -> float:
    try:
        return float(os.environ.get(DELAY_ENV, DELAY_SECONDS))
    except ValueError:
        return DELAY_SECONDS


def wanted(stream: TextIO, quiet: bool = False) -> bool:
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def with_progress(
    batches: Iterable[BatchResult], stream: TextIO | None = None, delay: float | None = None
) -> Iterator[BatchResult]:
    """Pass batches through; after `delay` seconds show files, notes and findings so far (then erase it)."""
    delay = _delay() if delay is None else delay
    started = time.monotonic()
    files = notes = findings = 0
    progress: Progress | None = None
    try:
        for batch in batches:
            files += len(batch.files)
            notes += len(batch.comments)
            findings += len(batch.findings)
            if progress is None and time.monotonic() - started >= delay:
                from rich.console import Console  # a short run (a commit hook) never shows it: never imports it
                from rich.progress import Progress, SpinnerColumn, TextColumn

                console = Console(file=stream or sys.stderr)
                progress = Progress(
                    SpinnerColumn(),
                    TextColumn("{task.description}"),
                    console=console,
                    transient=True,
                )
                task = progress.add_task("scanning")
                progress.start()
            if progress is not None:
                elapsed = time.monotonic() - started
                description = f"scanning: {files} files, {notes} notes, {findings} findings, {elapsed:.0f} s"
                progress.update(task, description=description)
            yield batch
    finally:
        if progress is not None:
            progress.stop()

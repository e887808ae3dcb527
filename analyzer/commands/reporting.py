"""What scan and hook share after the pipeline: report options, configuration, suppression, writing, exit code.

Precedence: command-line flag, then the configuration file, then the default.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TextIO

from analyzer.allowlist import Allowlist
from analyzer.commands.base import UsageError
from analyzer.config import Config
from analyzer.model import Batch
from analyzer.report import FAIL_ON_LEVELS

DEFAULTS = {"format": "text", "fail-on": "medium"}


@dataclass(frozen=True)
class ReportSettings:
    format: str = "text"
    output: str | None = None
    fail_on: str = "medium"
    verbosity: int = 0
    baseline: str | None = None
    allowlist: Allowlist = Allowlist()


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    from analyzer.report.writers import WRITERS

    parser.add_argument("--format", choices=sorted(WRITERS), help="report format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument(
        "--fail-on", choices=FAIL_ON_LEVELS, help="exit 1 when a finding is at or above this severity (default: medium)"
    )
    parser.add_argument("--baseline", metavar="FILE", help="report only findings not accepted in this baseline")
    settings = parser.add_mutually_exclusive_group()
    settings.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE (default: the nearest .analyzer.toml or [tool.analyzer] of pyproject.toml "
        "from the working directory upward, never inside a scanned folder; else the user's config file)",
    )
    settings.add_argument("--no-config", action="store_true", help="ignore every settings file: the defaults")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument(
        "-q", "--quiet", action="store_true", default=None, help="one line per finding; no tables, no progress"
    )
    noise.add_argument(
        "-v", "--verbose", action="store_true", default=None, help="also every finding's message and skipped files"
    )
    noise.add_argument("--no-quiet", dest="quiet", action="store_false", help="undo quiet = true of the settings")


def load_settings_file(args: argparse.Namespace, scanned: Sequence[str]) -> Config:
    """The trusted configuration for a scan of `scanned` (see analyzer.config), telling which files it passed over."""
    from analyzer.config import load_config

    config = load_config(scanned, args.config, use_files=not args.no_config)
    for ignored in config.ignored:
        print(
            f"analyzer: ignoring {ignored}: settings inside a scanned folder are not trusted (pass --config to use it)",
            file=sys.stderr,
        )
    return config


def resolve(args: argparse.Namespace, paths: Sequence[str]) -> ReportSettings:
    """Merge flags over the configuration trusted for a scan of `paths` (or given with --config)."""
    config = load_settings_file(args, paths)
    fmt = args.format or config.get("format", DEFAULTS["format"])
    fail_on = args.fail_on or config.get("fail-on", DEFAULTS["fail-on"])
    from analyzer.report.writers import WRITERS

    if fmt not in WRITERS:
        raise UsageError(f"{config.source}: format must be one of {', '.join(sorted(WRITERS))}, not {fmt!r}")
    if fail_on not in FAIL_ON_LEVELS:
        raise UsageError(f"{config.source}: fail-on must be one of {', '.join(FAIL_ON_LEVELS)}, not {fail_on!r}")
    if args.verbose:
        verbosity = 1
    elif args.quiet is not None:
        verbosity = -1 if args.quiet else 0
    else:
        verbosity = -1 if config.get("quiet") else (1 if config.get("verbose") else 0)
    # The configured output belongs to the configured format: `--format text` does not write into analyzer.sarif.
    configured_output = config.path("output") if fmt == config.get("format", DEFAULTS["format"]) else None
    return ReportSettings(
        format=fmt,
        output=args.output or configured_output,
        fail_on=fail_on,
        verbosity=verbosity,
        baseline=args.baseline or config.path("baseline"),
        allowlist=config.allowlist,
    )


@contextmanager
def buffered_stdout() -> Iterator[TextIO]:
    """Standard output for a report, buffered even when PYTHONUNBUFFERED=1 (common in containers) made it raw.

    Unbuffered, every line of a report (every piece of an indented JSON document) is its own write(2). The
    JSON Lines writer flushes on its own clock, so a reader following the stream still sees it come.
    """
    if not isinstance(getattr(sys.stdout, "buffer", None), io.RawIOBase):
        yield sys.stdout
        return
    buffered = open(sys.stdout.fileno(), "w", encoding="utf-8", buffering=1 << 16, closefd=False)  # noqa: SIM115
    with buffered:
        yield buffered


@contextmanager
def _opened(output: str | None) -> Iterator[TextIO]:
    if not output:
        with buffered_stdout() as out:
            yield out
        return
    try:
        handle = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror or err}") from None
    with handle:
        yield handle


def emit(batches: Iterable[Batch], settings: ReportSettings, started: float | None = None) -> int:
    """Suppress accepted findings, write the report in the chosen format, and return the exit code."""
    from analyzer.report import Report
    from analyzer.report.progress import wanted, with_progress
    from analyzer.report.writers import STREAMERS, WRITERS
    from analyzer.suppress import Suppressor

    started = time.perf_counter() if started is None else started
    baseline = None
    if settings.baseline:
        from analyzer.baseline import Baseline, BaselineError

        try:
            baseline = Baseline.load(settings.baseline)
        except BaselineError as err:
            raise UsageError(str(err)) from None
    suppressor = Suppressor(settings.allowlist, baseline)
    stream = suppressor(batches)
    if wanted(sys.stderr, quiet=settings.verbosity < 0):
        stream = with_progress(stream, sys.stderr)
    with _opened(settings.output) as out:
        if settings.format in STREAMERS:
            totals = STREAMERS[settings.format](
                stream, out, lambda t: t.summary(time.perf_counter() - started, suppressor.counts)
            )
            return totals.exit_code(settings.fail_on)
        collected = Report.from_batches(stream)
        report = replace(collected, seconds=time.perf_counter() - started, suppressed=dict(suppressor.counts))
        WRITERS[settings.format](report, out, verbosity=settings.verbosity)
        return report.exit_code(settings.fail_on)


def check_output_folder(settings: ReportSettings) -> None:
    """Fail before scanning when the report could not be written anyway."""
    if settings.output and not os.path.isdir(os.path.dirname(os.path.abspath(settings.output))):
        raise UsageError(f"cannot write {settings.output}: no such folder")

"""What scan, `scan --staged` and hook share around the pipeline: report settings, where the report goes, exit code.

Precedence: command-line flag, then the trusted configuration file (analyzer.config), then the default.
"""

from __future__ import annotations

import argparse
import codecs
import io
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TextIO

from analyzer.allowlist import Allowlist
from analyzer.commands.base import UsageError
from analyzer.config import Config
from analyzer.errors import ExitCode, NothingReadError
from analyzer.model import BatchResult
from analyzer.report import FAIL_ON_LEVELS
from analyzer.report.totals import Totals
from analyzer.suppress import Suppressor

DEFAULTS = {"format": "text", "fail-on": "medium"}


@dataclass(frozen=True)
class ReportSettings:
    format: str = "text"
    output: str | None = None  # None or "-": standard output
    fail_on: str = "medium"
    fail_on_unread: bool = False
    verbosity: int = 0
    baseline: str | None = None
    allowlist: Allowlist = Allowlist()
    csv_bom: bool = False

    def suppressor(self) -> Suppressor:
        """What drops accepted findings: the allowlist, and the baseline file when one is set."""
        baseline = None
        if self.baseline:
            from analyzer.baseline import Baseline

            baseline = Baseline.load(self.baseline)
        return Suppressor(self.allowlist, baseline)


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    from analyzer.report.writers import WRITERS

    parser.add_argument("--format", choices=sorted(WRITERS), help="report format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (`-`: standard output)")
    parser.add_argument(
        "--fail-on", choices=FAIL_ON_LEVELS, help="exit 1 when a finding is at or above this severity (default: medium)"
    )
    parser.add_argument(
        "--fail-on-unread",
        action="store_true",
        default=None,
        help="exit 1 when a file could not be read or was skipped (a gate that must not pass blind)",
    )
    parser.add_argument("--baseline", metavar="FILE", help="report only findings not accepted in this baseline")
    parser.add_argument(
        "--csv-bom", action="store_true", default=None, help="start a CSV report with a UTF-8 BOM (Excel)"
    )
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
        fail_on_unread=bool(args.fail_on_unread if args.fail_on_unread is not None else config.get("fail-on-unread")),
        verbosity=verbosity,
        baseline=args.baseline or config.path("baseline"),
        allowlist=config.allowlist,
        csv_bom=bool(args.csv_bom if args.csv_bom is not None else config.get("csv-bom")),
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


def to_stdout(output: str | None) -> bool:
    return not output or output == "-"


@contextmanager
def report_file(output: str | None) -> Iterator[TextIO]:
    """Where the report goes: standard output, or FILE written whole: into a temporary file beside it, renamed
    over FILE only once the report is complete, so a failed or interrupted scan leaves yesterday's report."""
    if to_stdout(output):
        with buffered_stdout() as out:
            yield out
        return
    assert output is not None
    folder = os.path.dirname(os.path.abspath(output))
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".analyzer-report-", suffix=".tmp", dir=folder)
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror or err}") from None
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _writes_utf8_as_is(out: TextIO) -> bool:
    """Whether text written to `out` reaches its bytes as UTF-8, line feeds untouched: a report file (opened without
    newline translation) or standard output (line feeds become os.linesep) in UTF-8 (WriterOptions.utf8_buffer)."""
    if not isinstance(out, io.TextIOWrapper):
        return False
    try:
        return codecs.lookup(out.encoding).name == "utf-8" and os.linesep == "\n"
    except LookupError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output_folder(settings: ReportSettings) -> None:
    """Fail before scanning when the report could not be written anyway."""
    if not to_stdout(settings.output) and not os.path.isdir(os.path.dirname(os.path.abspath(settings.output or ""))):
        raise UsageError(f"cannot write {settings.output}: no such folder")


def _one_line_summary(totals: Totals, output: str) -> str:
    from analyzer.report.terminal import one_line

    unread = totals.files - totals.statuses["ok"]
    findings = ", ".join(f"{n} {s}" for s, n in sorted(totals.by_severity.items())) or "no findings"
    line = (
        f"analyzer: {totals.files} files ({unread} not read), {totals.comments} notes, {findings}; report in {output}"
    )
    return one_line(line)


def emit(
    batches: Iterable[BatchResult],
    settings: ReportSettings,
    suppressor: Suppressor,
    started: float | None = None,
    roots: Sequence[str] = (),
    require_files: bool = True,
) -> int:
    """Write the report in the chosen format as batches come, and return the exit code.

    A scan that read none of its files is not "clean": NothingReadError (exit 2) after the report is written.
    """
    from analyzer.report.progress import wanted, with_progress
    from analyzer.report.writers import WriterOptions, write_report

    started = time.perf_counter() if started is None else started
    stream = iter(batches)
    if wanted(sys.stderr, quiet=settings.verbosity < 0):
        stream = with_progress(stream, sys.stderr)
    with report_file(settings.output) as out:
        options = WriterOptions(settings.verbosity, settings.csv_bom, tuple(roots), _writes_utf8_as_is(out))
        totals = write_report(
            stream, out, settings.format, options, lambda t: t.summary(time.perf_counter() - started, suppressor.counts)
        )
    for capability, reason in sorted(totals.missing.items()):
        from analyzer.notices import EFFECTS

        effect = EFFECTS.get(capability, "the report may show less than is there")
        print(f"analyzer: {capability} unavailable ({reason}): {effect}", file=sys.stderr)
    if not to_stdout(settings.output) and settings.verbosity >= 0:
        print(_one_line_summary(totals, settings.output or ""), file=sys.stderr)
    if require_files and totals.files == 0:
        raise NothingReadError("no files to scan were found: the report says nothing about the delivery")
    if totals.files and totals.statuses["ok"] == 0:
        raise NothingReadError(
            f"none of the {totals.files} file(s) could be read ({totals.unread_reasons()}): the report says nothing "
            "about their contents",
        )
    code = totals.exit_code(settings.fail_on)
    if code == ExitCode.CLEAN and settings.fail_on_unread and totals.files != totals.statuses["ok"]:
        return ExitCode.FINDINGS
    return code

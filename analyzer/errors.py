"""The analyzer's errors and exit codes, named once.

Every error a user can cause or meet carries the reason, the path it concerns and a hint; the command line
turns it into one line on stderr and its exit code (no traceback for bad input).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What `analyzer` exits with (the stable CLI contract)."""

    CLEAN = 0  # nothing at or above --fail-on
    FINDINGS = 1  # findings at or above --fail-on, or unread files with --fail-on-unread
    USAGE = 2  # bad arguments or settings, unreadable input paths, a scan that could read none of its files
    ENGINE = 3  # the scan could not finish: an engine, worker or cluster failure
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    BROKEN_PIPE = 141  # the reader of the report went away (128 + SIGPIPE)


class AnalyzerError(Exception):
    """Base of the analyzer's errors: a reason, the path it concerns (or None) and a hint (or None)."""

    exit_code = ExitCode.USAGE

    def __init__(self, reason: str, *, path: str | None = None, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.hint = hint

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path and not self.reason.startswith(self.path) else ""
        return f"{where}{self.reason}" + (f" ({self.hint})" if self.hint else "")


class UsageError(AnalyzerError):
    """Bad arguments, settings or input paths: one line on stderr, exit 2."""


class MissingPathError(UsageError):
    """A path given to scan does not exist."""


class ConfigError(UsageError):
    """A configuration file that cannot be read or has a wrong value."""


class BaselineError(UsageError):
    """A baseline file that cannot be read or is not an analyzer baseline."""


class CacheError(UsageError):
    """The cache database cannot be opened or is not one of ours."""


class EngineSetupError(UsageError):
    """The chosen engine cannot start with these options (no scheduler address, Dask missing or unreachable)."""


class NothingReadError(UsageError):
    """The scan could read none of its files: reporting "clean" would be false assurance."""


class EngineError(AnalyzerError):
    """The scan could not finish: an engine, worker or cluster failed in mid-scan (exit 3)."""

    exit_code = ExitCode.ENGINE

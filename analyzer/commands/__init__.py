"""The subcommand registry: one module per subcommand, one line each here."""

from __future__ import annotations

from analyzer.commands import align, baseline, dialect, hook, langid, models, scan, timeline, watchlist
from analyzer.commands.base import Command, UsageError

__all__ = ["COMMANDS", "Command", "UsageError"]

COMMANDS: tuple[Command, ...] = (
    scan.COMMAND,
    hook.COMMAND,
    baseline.COMMAND,
    align.COMMAND,
    langid.COMMAND,
    dialect.COMMAND,
    models.COMMAND,
    timeline.COMMAND,
    watchlist.COMMAND,
)

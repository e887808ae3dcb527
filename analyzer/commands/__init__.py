"""The subcommand registry: one module per subcommand, one line each here."""

from __future__ import annotations

from analyzer.commands import align, dialect, langid, models, scan, timeline, watchlist
from analyzer.commands.base import Command, UsageError

__all__ = ["COMMANDS", "Command", "UsageError"]

COMMANDS: tuple[Command, ...] = (
    scan.COMMAND,
    align.COMMAND,
    langid.COMMAND,
    dialect.COMMAND,
    models.COMMAND,
    timeline.COMMAND,
    watchlist.COMMAND,
)

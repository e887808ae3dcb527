"""The subcommand registry: one module per subcommand, one line each here."""

from __future__ import annotations

from analyzer.commands import dialect, scan, watchlist
from analyzer.commands.base import Command, UsageError

__all__ = ["COMMANDS", "Command", "UsageError"]

COMMANDS: tuple[Command, ...] = (scan.COMMAND, dialect.COMMAND, watchlist.COMMAND)

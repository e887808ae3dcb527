"""The subcommand registry: one module per subcommand, one line each here."""

from __future__ import annotations

from analyzer.commands import align, langid, models, scan, timeline
from analyzer.commands.base import Command, UsageError

__all__ = ["COMMANDS", "Command", "UsageError"]

COMMANDS: tuple[Command, ...] = (
    scan.COMMAND,
    align.COMMAND,
    langid.COMMAND,
    models.COMMAND,
    timeline.COMMAND,
)

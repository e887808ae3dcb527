"""The subcommand registry: one module per subcommand, one line each here, imported only when it runs.

As pip does, the table names each command's module; `analyzer hook` imports the hook and what it needs, not the
report writers' registry, the models manager or the timeline (a commit hook's start-up budget is one second).

May import every package: the command line is the outermost layer. Nothing imports it but cli.py.
"""

from __future__ import annotations

from importlib import import_module

from analyzer.commands.base import Command, UsageError

__all__ = ["COMMAND_MODULES", "Command", "UsageError", "command"]

# name -> the module that implements it (its COMMAND holds the help line and the arguments)
COMMAND_MODULES: dict[str, str] = {
    "scan": "analyzer.commands.scan",
    "hook": "analyzer.commands.hook",
    "baseline": "analyzer.commands.baseline",
    "align": "analyzer.commands.align",
    "langid": "analyzer.commands.langid",
    "dialect": "analyzer.commands.dialect",
    "models": "analyzer.commands.models",
    "timeline": "analyzer.commands.timeline",
    "watchlist": "analyzer.commands.watchlist",
}


def command(name: str) -> Command:
    """The subcommand `name`, its module imported now."""
    found: Command = import_module(COMMAND_MODULES[name]).COMMAND
    return found

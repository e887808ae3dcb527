"""What a subcommand is: a name, a help line, how it adds its arguments, and how it runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from analyzer.errors import UsageError

__all__ = ["Command", "UsageError"]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]

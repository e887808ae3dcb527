"""The `--max-*` safety options shared by scanning subcommands, and the Limits they build.

Every value is checked where it is parsed: a size or count of 0, a negative, NaN or infinite number is a usage
error (exit 2), never a silent default or a limit that disables itself (NaN compares false with everything).
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from typing import TypeVar

from analyzer.extract.base import Limits

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
N = TypeVar("N", int, float)


def byte_size(text: str) -> int:
    """`1048576`, `512K`, `256M`, `1G`, `1.5GiB` -> bytes (binary units); at least one byte."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 256M, 1G)")
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 byte: {text!r}")
    return size


def _at_least(kind: type[N], minimum: N) -> Callable[[str], N]:
    """A parser of finite numbers of `kind` no smaller than `minimum`."""

    def parse(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a finite number: {text!r}")
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        return value

    return parse


def _positive_seconds(text: str) -> float:
    seconds = _at_least(float, 0.0)(text)
    if seconds == 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds: {text!r}")
    return seconds


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    defaults = Limits()
    group = parser.add_argument_group("safety limits (each file or member past a limit is an error or skipped row)")
    group.add_argument("--max-file-size", type=byte_size, metavar="SIZE", help="largest file or member read (256M)")
    group.add_argument(
        "--max-archive-size",
        type=byte_size,
        metavar="SIZE",
        help="most bytes expanded from one file on disk, over all archives nested in it (1G)",
    )
    group.add_argument(
        "--max-compression-ratio",
        type=_at_least(float, 1.0),
        metavar="N",
        help="largest expansion of a member over 1 MiB, of an archive, and of one file's whole nesting "
        f"(default {defaults.max_compression_ratio:g})",
    )
    group.add_argument(
        "--max-archive-depth",
        type=_at_least(int, 0),
        metavar="N",
        help=f"archives inside archives; 0 reads no members (default {defaults.max_archive_depth})",
    )
    group.add_argument(
        "--max-members",
        type=_at_least(int, 1),
        metavar="N",
        help=f"members read per archive (default {defaults.max_members})",
    )
    group.add_argument(
        "--max-notes-per-file",
        type=_at_least(int, 1),
        metavar="N",
        help=f"notes kept from one file or member, the row saying what was cut (default {defaults.max_notes_per_file})",
    )
    group.add_argument(
        "--max-note-chars",
        type=_at_least(int, 1),
        metavar="N",
        help=f"a longer note is cut here, and its row says so (default {defaults.max_note_chars})",
    )
    group.add_argument(
        "--max-chars-per-file",
        type=_at_least(int, 1),
        metavar="N",
        help=f"characters of notes kept from one file or member (default {defaults.max_chars_per_file})",
    )
    group.add_argument(
        "--max-seconds-per-file",
        type=_positive_seconds,
        metavar="SECONDS",
        help="time to read one file or archive member; past it its row is an error and the scan goes on "
        f"(default {defaults.max_seconds_per_file:g})",
    )


def limits_from_options(args: argparse.Namespace) -> Limits:
    """Limits with each option given on the command line, the defaults for the others."""
    chosen = {
        "max_file_bytes": args.max_file_size,
        "max_archive_bytes": args.max_archive_size,
        "max_compression_ratio": args.max_compression_ratio,
        "max_archive_depth": args.max_archive_depth,
        "max_members": args.max_members,
        "max_notes_per_file": args.max_notes_per_file,
        "max_note_chars": args.max_note_chars,
        "max_chars_per_file": args.max_chars_per_file,
        "max_seconds_per_file": args.max_seconds_per_file,
    }
    return Limits(**{name: value for name, value in chosen.items() if value is not None})

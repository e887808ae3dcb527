"""The `--max-*` safety options shared by scanning subcommands, and the Limits they build."""

from __future__ import annotations

import argparse
import re

from analyzer.extract.base import Limits

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def byte_size(text: str) -> int:
    """`1048576`, `512K`, `256M`, `1G`, `1.5GiB` -> bytes (binary units)."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 256M, 1G)")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def _at_least(kind, minimum):  # type: ignore[no-untyped-def]
    def parse(text: str):  # type: ignore[no-untyped-def]
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        return value

    return parse


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    defaults = Limits()
    group = parser.add_argument_group("safety limits")
    group.add_argument("--max-file-size", type=byte_size, metavar="SIZE", help="largest file or member read (256M)")
    group.add_argument(
        "--max-archive-size", type=byte_size, metavar="SIZE", help="most bytes expanded from one archive (1G)"
    )
    group.add_argument(
        "--max-compression-ratio",
        type=_at_least(float, 1),
        metavar="N",
        help=f"largest expansion of a member over 1 MiB (default {defaults.max_compression_ratio:.0f})",
    )
    group.add_argument(
        "--max-archive-depth",
        type=_at_least(int, 0),
        metavar="N",
        help=f"archives inside archives (default {defaults.max_archive_depth})",
    )
    group.add_argument(
        "--max-members",
        type=_at_least(int, 1),
        metavar="N",
        help=f"members read per archive (default {defaults.max_members})",
    )


def limits_from_options(args: argparse.Namespace) -> Limits:
    defaults = Limits()
    return Limits(
        max_file_bytes=args.max_file_size or defaults.max_file_bytes,
        max_archive_bytes=args.max_archive_size or defaults.max_archive_bytes,
        max_compression_ratio=args.max_compression_ratio or defaults.max_compression_ratio,
        max_archive_depth=defaults.max_archive_depth if args.max_archive_depth is None else args.max_archive_depth,
        max_members=args.max_members or defaults.max_members,
    )

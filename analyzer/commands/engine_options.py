"""The options that choose where a scan runs (`--jobs`, `--engine`, `--scheduler`) and its `--cache`."""

from __future__ import annotations

import argparse

from analyzer.commands.base import UsageError


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def add_engine_options(parser: argparse.ArgumentParser, cache_help: str) -> None:
    from analyzer.run.scheduler import ENGINES

    group = parser.add_argument_group("engine")
    group.add_argument(
        "-j", "--jobs", type=_jobs, metavar="N", help="worker processes of the local engine (default: all cores)"
    )
    group.add_argument("--engine", choices=sorted(ENGINES), default="local", help="where units run (default: local)")
    group.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address for --engine dask")
    group.add_argument("--cache", metavar="FILE", help=cache_help)


def engine_options(args: argparse.Namespace) -> dict[str, object]:
    """ScanOptions fields from the flags; a wrong combination is a usage error before anything is read
    (what the engine itself needs is checked by analyzer.run.scheduler.check_engine)."""
    from analyzer.run.local import default_jobs

    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler is for --engine dask")
    if args.cache:
        from analyzer.run.cache import check_database

        check_database(args.cache)
    return {
        "jobs": args.jobs or default_jobs(),
        "engine": args.engine,
        "scheduler": args.scheduler,
        "cache": args.cache,
    }

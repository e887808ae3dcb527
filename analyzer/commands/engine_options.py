"""The options that choose where a scan runs (`--jobs`, `--engine`, `--scheduler`) and its `--cache`."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Sequence

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


def start_workers_early(argv: Sequence[str]) -> None:
    """`analyzer scan ARGS` that will want worker processes: start their fork server now, so that its imports run
    beside this process's own (building the full parser already imports the pipeline) and the first worker starts
    sooner (BENCHMARKS.md). A wrong guess starts a server that forks nothing and ends with this process."""
    if wants_workers(argv):
        from analyzer.run.pool import start_fork_server

        with contextlib.suppress(Exception):  # only a head start: the pool starts it again, or says why it can't
            start_fork_server()


def wants_workers(argv: Sequence[str]) -> bool:
    """Whether a scan's raw arguments ask for workers, read before the full parser exists: a folder to scan, more
    than one job (all cores by default), the local engine, and not a gate (`--staged`, a few staged files)."""
    jobs: str | None = None
    engine = "local"
    folder = False
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            folder = folder or any(os.path.isdir(path) for path in tokens)
        elif token in ("-j", "--jobs"):
            jobs = next(tokens, None)
        elif token.startswith("--jobs="):
            jobs = token.partition("=")[2]
        elif token.startswith("-j") and not token.startswith("--"):
            jobs = token[2:]
        elif token == "--engine":
            engine = next(tokens, "")
        elif token.startswith("--engine="):
            engine = token.partition("=")[2]
        elif token == "--staged":
            return False
        elif not token.startswith("-") and not folder:
            folder = os.path.isdir(token)
    if not folder or engine != "local":
        return False
    if jobs is None:
        from analyzer.run.local import default_jobs

        return default_jobs() > 1
    try:
        return _jobs(jobs) > 1  # what the parser will take for --jobs
    except argparse.ArgumentTypeError:
        return False  # its usage error comes next, with no server started for it

"""What `scan --staged` reads: the files git has staged (as staged, not as in the working tree) and their sidecars.

The staged blobs are checked out into a temporary folder; reports still name the repository paths.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from analyzer.commands.base import UsageError
from analyzer.extract.base import Limits
from analyzer.model import BatchResult


def _git(args: list[str], cwd: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--staged needs git, which is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout


def _names(raw: bytes) -> list[str]:
    return [name for name in raw.decode("utf-8", "surrogateescape").split("\0") if name]


def staged_files(top: str, pathspecs: Sequence[str] = ()) -> list[str]:
    """Staged (added, copied, modified, renamed) files plus the indexed sidecars of the same sketches."""
    from analyzer.sketch import sketch_stem

    spec = ["--", *pathspecs] if pathspecs else []
    staged = _names(_git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", *spec], top))
    indexed = _names(_git(["ls-files", "-z"], top))
    wanted = {(os.path.dirname(f), sketch_stem(f)) for f in staged}
    return sorted(set(staged) | {f for f in indexed if (os.path.dirname(f), sketch_stem(f)) in wanted})


@contextmanager
def staged_batches(pathspecs: Sequence[str] = (), limits: Limits | None = None) -> Iterator[Iterator[BatchResult]]:
    from analyzer.discover import file_batches
    from analyzer.pipeline import analyze_units

    limits = limits or Limits()
    cwd = os.getcwd()
    top = _git(["rev-parse", "--show-toplevel"], cwd).decode("utf-8", "surrogateescape").strip()
    specs = [os.path.relpath(os.path.abspath(p), top) for p in pathspecs]
    files = staged_files(top, specs)
    with tempfile.TemporaryDirectory(prefix="analyzer-staged-") as tmp:
        if files:
            listing = "\0".join(files).encode("utf-8", "surrogateescape") + b"\0"
            _git(["checkout-index", "-z", "--stdin", f"--prefix={tmp}{os.sep}"], top, stdin=listing)
        display = [(os.path.relpath(os.path.join(top, f), cwd), os.path.join(tmp, f)) for f in files]
        yield (r for batch in file_batches(display, tmp) for r in analyze_units([batch], limits))

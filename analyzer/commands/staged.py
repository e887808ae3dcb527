"""What `scan --staged` reads: the files git has staged (as staged, not as in the working tree) and their sidecars.

The staged blobs are checked out into a temporary folder; reports still name the repository paths. Symbolic
links and submodules are not checked out: a staged link could point at /etc/passwd, /proc/self/environ or
/dev/zero, and what a link points to is not part of the delivery. They are reported as skipped files.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from analyzer.commands.base import UsageError
from analyzer.discover import Skipped
from analyzer.run.units import FileList

_REGULAR_MODES = ("100644", "100755")  # git's modes of regular files
_NOT_READ = {"120000": "symbolic link: not followed", "160000": "submodule: not read"}


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


def index_modes(top: str) -> dict[str, str]:
    """Each indexed path and its git mode (as staged)."""
    modes = {}
    for entry in _names(_git(["ls-files", "-s", "-z"], top)):
        meta, _, path = entry.partition("\t")
        modes[path] = meta.split(" ", 1)[0]
    return modes


def staged_paths(top: str, pathspecs: Sequence[str] = ()) -> tuple[list[str], dict[str, str]]:
    """Staged (added, copied, modified, renamed) files plus the indexed sidecars of the same sketches, and the
    git mode of each indexed path."""
    from analyzer.sketch import sketch_of

    spec = ["--", *pathspecs] if pathspecs else []
    staged = _names(_git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", *spec], top))
    modes = index_modes(top)
    wanted = {sketch_of(f) for f in staged}
    return sorted(set(staged) | {f for f in modes if sketch_of(f) in wanted}), modes


def repository_top(cwd: str | None = None) -> str:
    return _git(["rev-parse", "--show-toplevel"], cwd or os.getcwd()).decode("utf-8", "surrogateescape").strip()


@contextmanager
def staged_files(pathspecs: Sequence[str] = ()) -> Iterator[FileList]:
    """The staged files (and their sidecars) as a file list read from a temporary checkout of the index."""
    cwd = os.getcwd()
    top = repository_top(cwd)
    specs = [os.path.relpath(os.path.abspath(p), top) for p in pathspecs]
    files, modes = staged_paths(top, specs)
    regular = [f for f in files if modes.get(f) in _REGULAR_MODES]
    with tempfile.TemporaryDirectory(prefix="analyzer-staged-") as tmp:
        if regular:
            listing = "\0".join(regular).encode("utf-8", "surrogateescape") + b"\0"
            _git(["checkout-index", "-z", "--stdin", f"--prefix={tmp}{os.sep}"], top, stdin=listing)
        shown = {f: os.path.relpath(os.path.join(top, f), cwd) for f in files}
        skipped = tuple(
            Skipped(shown[f], _NOT_READ.get(modes.get(f, ""), "not a regular file")) for f in files if f not in regular
        )
        yield FileList(tuple((shown[f], os.path.join(tmp, f)) for f in regular), tmp, skipped)

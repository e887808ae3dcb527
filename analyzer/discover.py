"""Find the files to scan: walk the given paths folder by folder, deterministically.

Version-control folders are skipped, and a symlink is followed only when it
points inside the scanned root (a delivery must not make us read /etc).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from analyzer.model import FileRef

SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", "__MACOSX", ".analyzer-cache"})


class MissingPathError(Exception):
    """A path given by the user does not exist (a usage error, exit 2)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something discovery saw but will not read, with the reason (reported as a skipped row)."""

    path: str
    reason: str


def check_paths(paths: list[str]) -> None:
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise MissingPathError(f"no such file or directory: {missing[0]}")


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def walk_batches(paths: list[str]) -> Iterator[list[FileRef | Skipped]]:
    """Yield one batch per folder (files sorted by name); a single file is its own batch."""
    check_paths(paths)
    for given in paths:
        if os.path.isdir(given):
            yield from _walk_root(given)
        else:
            yield [_file_ref(given, given, os.path.dirname(os.path.abspath(given)))]


def _file_ref(display: str, fs_path: str, root: str) -> FileRef | Skipped:
    try:
        stat = os.stat(fs_path)
    except OSError as err:
        return Skipped(display, f"cannot stat: {err.strerror or err}")
    return FileRef(path=display, fs_path=fs_path, size=stat.st_size, root=root, mtime=stat.st_mtime)


def _walk_root(given: str) -> Iterator[list[FileRef | Skipped]]:
    root_real = os.path.realpath(given)
    seen_dirs: set[str] = set()
    stack = [(given, given)]  # (fs path, display path)
    while stack:
        fs_dir, display_dir = stack.pop()
        real_dir = os.path.realpath(fs_dir)
        if real_dir in seen_dirs:
            continue
        seen_dirs.add(real_dir)
        try:
            entries = sorted(os.scandir(fs_dir), key=lambda e: e.name)
        except OSError as err:
            yield [Skipped(display_dir, f"cannot list folder: {err.strerror or err}")]
            continue
        batch: list[FileRef | Skipped] = []
        subdirs: list[tuple[str, str]] = []
        for entry in entries:
            display = os.path.join(display_dir, entry.name)
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not _inside(target, root_real):
                    batch.append(Skipped(display, "symlink points outside the scanned root"))
                    continue
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                if entry.name not in SKIPPED_DIRS:
                    subdirs.append((entry.path, display))
            elif is_file:
                batch.append(_file_ref(display, entry.path, root_real))
        if batch:
            yield batch
        stack.extend(reversed(subdirs))


def file_batches(files: list[tuple[str, str]], root: str) -> Iterator[list[FileRef | Skipped]]:
    """Batches for an explicit list of (display path, where to read) pairs, one per folder, in name order.

    Used for a hook's file list and git's staged files, so sidecars of one sketch meet in one batch.
    """
    by_folder: dict[str, dict[str, str]] = {}
    for display, fs_path in files:
        by_folder.setdefault(os.path.dirname(display), {})[display] = fs_path
    for folder in sorted(by_folder):
        entries = by_folder[folder]
        yield [_file_ref(display, entries[display], root) for display in sorted(entries)]

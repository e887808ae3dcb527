"""Find the files to scan: walk the given paths folder by folder, deterministically.

Version-control folders are skipped, and a symlink is followed only when it
points inside the scanned root (a delivery must not make us read /etc).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter

from analyzer.errors import MissingPathError
from analyzer.model import FileRef
from analyzer.sketch import sketch_name

_NAME = attrgetter("name")
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", "__MACOSX", ".analyzer-cache"})


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


def _file_ref(display: str, fs_path: str, root: str, entry: os.DirEntry[str] | None = None) -> FileRef | Skipped:
    try:
        stat = entry.stat() if entry is not None else os.stat(fs_path)
    except OSError as err:
        return Skipped(display, f"cannot stat: {err.strerror or err}")
    return FileRef(path=display, fs_path=fs_path, size=stat.st_size, root=root, mtime=stat.st_mtime)


def _walk_root(given: str) -> Iterator[list[FileRef | Skipped]]:
    root_real = os.path.realpath(given)
    seen_dirs: set[tuple[int, int]] = set()  # (device, inode): a symlink loop back to a folder is walked once
    stack = [(given, given)]  # (fs path, display path)
    while stack:
        fs_dir, display_dir = stack.pop()
        try:
            info = os.stat(fs_dir)
            if (info.st_dev, info.st_ino) in seen_dirs:
                continue
            seen_dirs.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(fs_dir), key=_NAME)
        except OSError as err:
            yield [Skipped(display_dir, f"cannot list folder: {err.strerror or err}")]
            continue
        batch: list[FileRef | Skipped] = []
        subdirs: list[tuple[str, str]] = []
        prefix = display_dir if display_dir.endswith(os.sep) else display_dir + os.sep  # os.path.join, inlined
        for entry in entries:
            display = prefix + entry.name
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
                batch.append(_file_ref(display, entry.path, root_real, entry))
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


def sketch_units(batch: list[FileRef | Skipped]) -> list[list[FileRef | Skipped]]:
    """Split one folder's batch into units of work that no rule looks across: the files of one sketch.

    c010.png, c010_zh.txt and c010_ko.xmp stay together (analyzer.sketch); c011.json is its own unit. A unit is
    what one worker analyses and what the scan cache stores, so a changed note re-analyses its sketch only.
    Units come in the order of their first file.
    """
    if len(batch) == 1:
        return [batch]
    units: dict[str, list[FileRef | Skipped]] = {}
    for item in batch:
        units.setdefault(sketch_name(item.path), []).append(item)
    return list(units.values())

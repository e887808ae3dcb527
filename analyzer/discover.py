"""Find the files to scan: walk the given paths folder by folder, deterministically.

Version-control folders are skipped, and a symlink is followed only when it
points inside the scanned root (a delivery must not make us read /etc); a file is
then read by its target's path, never through the link. Only regular files are
read: FIFOs, sockets and devices are skipped rows (a FIFO would hang the scan).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
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


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str | None:
    """None for a regular file; else what the path is (a FIFO, a socket, a device ...), as a skipped row says it."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_paths(paths: list[str]) -> None:
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise MissingPathError(f"no such file or directory: {missing[0]}")


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def walk_batches(paths: list[str]) -> Iterator[list[FileRef | Skipped]]:
    """Yield one batch per folder (files sorted by name), folders first in the order given.

    Files named one by one (`analyzer scan a/c010_zh.txt a/c010_ko.txt`, what `find | xargs` passes) are
    gathered by folder afterwards, so they form the same batches, and so the same units, as a folder scan.
    A file named twice is read once. Reads use absolute paths, so workers
    elsewhere (a Dask cluster) find the files whatever their working directory; reports keep the names given.
    """
    check_paths(paths)
    singles: dict[str, list[tuple[str, str]]] = {}
    for given in paths:
        if os.path.isdir(given):
            yield from _walk_root(given)
        else:
            singles.setdefault(os.path.normpath(os.path.dirname(given)), []).append((given, os.path.abspath(given)))
    for files in singles.values():
        yield from file_batches(files, os.path.dirname(files[0][1]))


def _file_ref(display: str, fs_path: str, root: str, entry: os.DirEntry[str] | None = None) -> FileRef | Skipped:
    """The FileRef of a regular file (stat followed through a symlink entry); a skipped row for anything else.

    `root` is the real path of the folder the file must stay in: reading checks the opened file is still there.
    """
    try:
        info = entry.stat() if entry is not None else os.stat(fs_path)
    except OSError as err:
        return Skipped(display, f"cannot stat: {err.strerror or err}")
    kind = file_kind(info.st_mode)
    if kind is not None:
        return Skipped(display, f"{kind}, not a regular file")
    return FileRef(display, fs_path, info.st_size, root, info.st_mtime, info.st_dev, info.st_ino)


def _walk_root(given: str) -> Iterator[list[FileRef | Skipped]]:
    root_real = os.path.realpath(given)
    seen_dirs: set[tuple[int, int]] = set()  # (device, inode): a symlink loop back to a folder is walked once
    stack = [(os.path.abspath(given), given)]  # (fs path, display path)
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
            fs_path = entry.path
            if entry.is_symlink():
                fs_path = os.path.realpath(entry.path)
                if not _inside(fs_path, root_real):
                    batch.append(Skipped(display, "symlink points outside the scanned root"))
                    continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name not in SKIPPED_DIRS:
                    subdirs.append((entry.path, display))
            else:  # a file, or a FIFO, socket or device: a skipped row saying which
                batch.append(_file_ref(display, fs_path, root_real, entry))
        if batch:
            yield batch
        stack.extend(reversed(subdirs))


def file_batches(
    files: list[tuple[str, str]], root: str, skipped: Sequence[Skipped] = ()
) -> Iterator[list[FileRef | Skipped]]:
    """Batches for an explicit list of (display path, where to read) pairs, one per folder, in name order.

    Used for single files named on the command line, a hook's file list and git's staged files, so the
    sidecars of one sketch meet in one batch. The same file named twice is read once. `skipped` are files
    known not to be read (a staged symlink), reported in their folder's batch.
    """
    root_real = os.path.realpath(root)
    by_folder: dict[str, dict[str, str | Skipped]] = {}
    for display, fs_path in files:
        by_folder.setdefault(os.path.normpath(os.path.dirname(display)), {}).setdefault(display, fs_path)
    for item in skipped:
        by_folder.setdefault(os.path.normpath(os.path.dirname(item.path)), {})[item.path] = item
    for folder in sorted(by_folder):
        entries = by_folder[folder]
        seen: set[str] = set()
        batch: list[FileRef | Skipped] = []
        for display in sorted(entries):
            entry = entries[display]
            if isinstance(entry, Skipped):
                batch.append(entry)
                continue
            real = os.path.realpath(entry)
            if real in seen:
                continue
            seen.add(real)
            if not os.path.islink(entry):
                batch.append(_file_ref(display, entry, os.path.dirname(real)))
            elif _inside(real, root_real):
                batch.append(_file_ref(display, real, root_real))  # read by its target, never through the link
            else:
                batch.append(Skipped(display, "symlink points outside the scanned root"))
        yield batch


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

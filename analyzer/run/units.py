"""From what the user named to units of work: folders walked, single files grouped as a folder scan groups them.

A unit is the files of one sketch in one folder (analyzer.sketch), or an archive with its members: what no rule
looks across, what one worker analyses and what the scan cache stores.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from analyzer.discover import Skipped, file_batches, sketch_units, walk_batches
from analyzer.model import FileRef

Unit = Sequence[FileRef | Skipped]


@dataclass(frozen=True, slots=True)
class FileList:
    """Files named one by one with where to read each (a hook's files, git's staged blobs checked out elsewhere).

    `files` holds (the path reports show, the path to read); `root` is the folder links may not leave;
    `skipped` are files named but not to be read, with the reason (reported as skipped rows).
    """

    files: tuple[tuple[str, str], ...]
    root: str
    skipped: tuple[Skipped, ...] = ()


def units_of(sources: Sequence[str] | FileList) -> Iterator[list[FileRef | Skipped]]:
    """The units of work of the given paths (folders, archives, files) or file list, in a deterministic order."""
    if isinstance(sources, FileList):
        batches = file_batches(list(sources.files), sources.root, sources.skipped)
    else:
        batches = walk_batches(list(sources))
    for batch in batches:
        yield from sketch_units(batch)

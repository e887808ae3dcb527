"""What an extractor is: a format name, the file names it claims, and a reader that yields notes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO


@dataclass(frozen=True, slots=True)
class Note:
    """An editing note as a format reader sees it, before it gets an id and a path."""

    locator: str
    text: str
    timestamp: str | None = None
    author: str | None = None
    source: str = "note"  # note | metadata | layer-name | file-name


@dataclass(frozen=True, slots=True)
class Member:
    """A file inside a container (archive, package) to be extracted in its turn."""

    name: str
    data: bytes
    refused: str | None = None  # why the member was not read (symlink, over a limit): a row, no data
    status: str = "skipped"  # the row status when refused: "skipped" (by design) or "error" (a bomb, a limit)


@dataclass(slots=True)
class ReadContext:
    """Per-file state a reader may fill in (the encoding it used) and the limits it must honour."""

    limits: Limits
    depth: int = 0
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    """Guards against huge files and bombs; every one is configurable."""

    max_file_bytes: int = 256 * 1024 * 1024
    max_archive_bytes: int = 1024 * 1024 * 1024  # total uncompressed bytes read from one archive
    max_compression_ratio: float = 200.0
    max_archive_depth: int = 3
    max_members: int = 100_000


def read_capped(handle: BinaryIO, expected: int, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of an open file whose size was ``expected`` when discovered.

    ``handle.read(limit + 1)`` would allocate the whole limit (256 MB) for every file and shrink it
    after: an mmap, mremap and munmap per file, 20 us of system time each on the development VM. The
    discovered size sizes the first read; only a file that grew since asks for the rest.
    """
    data = handle.read(min(expected, limit) + 1)
    if len(data) > expected and len(data) <= limit:
        data += handle.read(limit + 1 - len(data))
    return data


Reader = Callable[[bytes, ReadContext], Iterator["Note | Member"]]


@dataclass(frozen=True, slots=True)
class Extractor:
    """A registered format: name, file-name suffixes (lower case), reader, optional magic sniffing."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    sniff: Callable[[bytes], bool] | None = field(default=None)


class FormatError(ValueError):
    """The file claims a format but its content is broken; the message is the reason."""

"""What an extractor is: a format name, the file names it claims, and a reader that yields notes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Note:
    """An editing note as a format reader sees it, before it gets an id and a path."""

    locator: str
    text: str
    timestamp: str | None = None
    author: str | None = None
    source: str = "note"  # note | metadata | layer-name | file-name | ocr
    line: int | None = None  # 1-based line of the file where the note starts, when the reader knows it
    confidence: float | None = None  # how sure a recogniser was of the text (OCR, 0-1); None: read as text


@dataclass(frozen=True, slots=True)
class Member:
    """A file inside a container (archive, package) to be extracted in its turn."""

    name: str
    data: bytes
    refused: str | None = None  # why the member was not read (symlink, over a limit): a row, no data
    status: str = "skipped"  # the row status when refused: "skipped" (by design) or "error" (a bomb, a limit)


@dataclass(slots=True)
class ReadContext:
    """Per-file state a reader may fill in (the encoding it used), the limits it must honour, and whether to read
    the text drawn in images (OCR, from `Limits.ocr`)."""

    limits: Limits
    depth: int = 0
    encoding: str | None = None
    name: str = ""  # the file's own name (an archive member's name inside its archive), for what it holds

    @property
    def ocr(self) -> bool:
        return self.limits.ocr


@dataclass(frozen=True, slots=True)
class Limits:
    """Guards against huge files and bombs; every one is configurable."""

    max_file_bytes: int = 256 * 1024 * 1024
    max_archive_bytes: int = 1024 * 1024 * 1024  # total uncompressed bytes read from one archive
    max_compression_ratio: float = 200.0
    max_archive_depth: int = 3
    max_members: int = 100_000
    # Read the text drawn in images too (`--ocr`). Not a guard, but a reading setting that travels with the
    # limits to every reader and worker, and into the scan cache's key, so OCR results never mix with others.
    ocr: bool = False


def read_capped(path: str, expected: int, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of a file whose size was ``expected`` when discovered.

    ``open(path, "rb").read(limit + 1)`` costs an mmap, mremap and munmap of the whole limit (256 MB) per
    file, and the buffered file object an ioctl and an lseek: 25 us of system time a file on the development
    VM. The discovered size sizes the first read; a short read or a file that grew since reads on.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        data = os.read(descriptor, min(expected, limit) + 1)
        # Reads on in 64 KB steps: asking for the rest of the limit would allocate it all again.
        while len(data) <= limit and (more := os.read(descriptor, min(limit + 1 - len(data), 1 << 16))):
            data += more
        return data
    finally:
        os.close(descriptor)


Reader = Callable[[bytes, ReadContext], Iterator["Note | Member"]]


@dataclass(frozen=True, slots=True)
class Extractor:
    """A registered format: name, file-name suffixes (lower case), reader, optional magic sniffing.

    How content and name are weighed is `find_extractor`'s rule (analyzer/extract/__init__.py); the flags
    below are what it needs to know about a format.
    """

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    # The first bytes (up to HEAD_BYTES) identify the format.
    sniff: Callable[[bytes], bool] | None = field(default=None)
    # The format is text (notes, JSON, XML, subtitles, sheets as CSV): a binary magic at its start names the
    # real format, so a zip renamed `notes.txt` is read as a zip; and each note's line in the file is found
    # after reading (extract.lines).
    text: bool = False
    # Other formats are stored inside this one and share its magic (zip: xlsx, docx, kra; gzip: tgz, svgz;
    # OLE2: doc, xls, msg): the magic alone does not override the suffix of such a format.
    shared_magic: bool = False
    # Streams in the root of an OLE2 compound file that identify this format (Outlook `.msg`: the
    # `__properties_version1.0` stream); formats/ole2.py dispatches on them.
    ole_streams: tuple[str, ...] = ()
    # A container format that hands the whole file to the format it finds inside (OLE2 -> msg, doc, xls);
    # None when it holds none that is registered.
    dispatch: Callable[[bytes], Extractor | None] | None = field(default=None)


class FormatError(ValueError):
    """The file claims a format but its content is broken; the message is the reason."""

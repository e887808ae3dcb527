"""What an extractor is: a format name, the file names it claims, and a reader that yields notes."""

from __future__ import annotations

import errno
import math
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from analyzer.discover import file_kind
from analyzer.model import record


@record
class Note:
    """An editing note as a format reader sees it, before it gets an id and a path."""

    locator: str
    text: str
    timestamp: str | None = None
    author: str | None = None
    source: str = "note"  # note | metadata | layer-name | file-name | ocr
    line: int | None = None  # 1-based line of the file where the note starts, when the reader knows it
    confidence: float | None = None  # how sure a recogniser was of the text (OCR, 0-1); None: read as text

    def at_line(self, line: int) -> Note:
        """This note at `line`: built field by field (dataclasses.replace inspects the fields on every call, a cost
        per note in a large scan), so a field added above must be added here too."""
        return Note(self.locator, self.text, self.timestamp, self.author, self.source, line, self.confidence)


@record
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
    """Guards against huge files, bombs and stalls; every one is configurable (README, Safety limits)."""

    max_file_bytes: int = 256 * 1024 * 1024
    # Total uncompressed bytes read from one file on disk, counted over every archive nested in it.
    max_archive_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: float = 200.0  # per member, per archive, and for one file's whole nesting
    max_archive_depth: int = 3
    max_members: int = 100_000
    max_notes_per_file: int = 20_000  # notes kept from one file or member; the row says when more were cut
    max_note_chars: int = 20_000  # a longer note is cut here
    max_chars_per_file: int = 4_000_000  # note text kept from one file or member
    max_seconds_per_file: float = 30.0  # reading one file, or one archive member (an archive's clock stops meanwhile)
    # Read the text drawn in images too (`--ocr`). Not a guard, but a reading setting that travels with the
    # limits to every reader and worker, and into the scan cache's key, so OCR results never mix with others.
    ocr: bool = False

    def __post_init__(self) -> None:
        """Refuse limits that would silently mean something else: NaN compares false, so it disables a check."""
        for name in self.__slots__:  # type: ignore[attr-defined]
            value = getattr(self, name)
            if name == "ocr":
                if not isinstance(value, bool):
                    raise ValueError(f"Limits.ocr must be true or false, not {value!r}")
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"Limits.{name} must be a finite number, not {value!r}")
            least = _LEAST.get(name, 1)
            if value < least or (name == "max_seconds_per_file" and value == 0):
                raise ValueError(
                    f"Limits.{name} must be {'over' if name == 'max_seconds_per_file' else 'at least'} "
                    f"{least}, not {value!r}"
                )


_LEAST = {"max_archive_depth": 0, "max_seconds_per_file": 0}  # the others: at least 1


class FormatError(ValueError):
    """The file claims a format but its content is broken; the message is the reason."""


class LimitReached(FormatError):
    """A limit stopped the reader part-way: the notes read before it are kept, the row is an error naming it."""


class NotReadable(FormatError):
    """The file is not what its reader reads (only NUL bytes in a .txt): a skipped row with the reason."""


class TimeLimitExceeded(BaseException):  # noqa: N818 - not an Exception, so a reader's `except Exception` lets it by
    """Reading one file took longer than Limits.max_seconds_per_file (raised by the extraction's clock)."""


class NotRegularFile(OSError):
    """A path that is a FIFO, socket, device or folder, or a file that changed between discovery and reading."""


_MAX_LOCATOR_STEPS = 8  # path steps a nested locator keeps (the root and the innermost ones)
_MAX_STEP_CHARS = 64


def bounded_path(steps: Sequence[str], separator: str = "/", lead: str = "/") -> str:
    """`/root/a/b` from path steps; a deep path keeps its root and innermost steps around `…`, and a long step its
    start and end, so a locator stays short however deep the nesting (a 30,000-deep XML, a 2,000-layer chain)."""
    half = _MAX_STEP_CHARS // 2
    cut = [step if len(step) <= _MAX_STEP_CHARS else f"{step[: half - 1]}…{step[-half:]}" for step in steps]
    if len(cut) > _MAX_LOCATOR_STEPS:
        cut = [cut[0], "…", *cut[-(_MAX_LOCATOR_STEPS - 1) :]]
    return lead + separator.join(cut)


# Not through a final symlink, and never waiting for a writer (a FIFO); 0 where a platform lacks a flag.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_capped(
    path: str,
    expected: int,
    limit: int,
    mtime: float | None = None,
    root: str | None = None,
    device: int | None = None,
    inode: int | None = None,
) -> bytes:
    """The bytes of the regular file that had ``expected`` bytes (and ``mtime``) when discovered (at most
    ``limit + 1`` of them, should ``expected`` be over the limit).

    The path is opened without following a final symlink and without blocking (a FIFO swapped in since
    discovery must not hang the scan), and checked after opening: a regular file, still the size (and mtime)
    discovery saw, and, given ``root``, still inside it (a folder swapped for a symlink). Anything else raises
    NotRegularFile with the reason. A file that changes while it is read raises too. Given the ``device`` and
    ``inode`` discovery found inside ``root``, an opened file that is that very file needs no look at where it
    is (the kernel's name for it costs a system call a file); any other file is looked at as without them.

    The discovered size sizes the read: ``open(path, "rb").read(limit + 1)`` would cost an mmap, mremap and
    munmap of the whole limit per file, and the buffered file object an ioctl and an lseek (BENCHMARKS.md).
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        if err.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink: one was swapped in since discovery
            raise NotRegularFile(errno.ELOOP, "replaced by a symlink since discovery") from None
        raise
    try:
        info = os.fstat(descriptor)
        kind = file_kind(info.st_mode)
        if kind is not None:
            raise NotRegularFile(errno.EINVAL, f"{kind}, not a regular file")
        found = info.st_ino == inode and info.st_dev == device  # the file discovery found inside the root
        if root is not None and not found and not _opened_inside(descriptor, root):
            raise NotRegularFile(errno.EXDEV, "moved outside the scanned root since discovery")
        if info.st_size != expected or (mtime is not None and info.st_mtime != mtime):
            raise NotRegularFile(errno.EAGAIN, _changed(expected, info.st_size))
        # One more byte than discovered, to see a file that grows while it is read.
        cap = min(expected, limit) + 1
        data = os.read(descriptor, cap)
        while len(data) < cap and (more := os.read(descriptor, min(cap - len(data), 1 << 16))):
            data += more
        if expected <= limit and len(data) != expected:
            raise NotRegularFile(errno.EAGAIN, _changed(expected, len(data), while_read=True))
        return data
    finally:
        os.close(descriptor)


def _changed(expected: int, now: int, while_read: bool = False) -> str:
    when = "while it was read" if while_read else "since discovery"
    if now == expected:
        return f"modified {when} (same size, new modification time); scan it again"
    return f"{'grew' if now > expected else 'shrank'} from {expected} to {now} bytes {when}; scan it again"


def _opened_inside(descriptor: int, root: str) -> bool:
    """Whether the open file lies inside `root` (a real path), by the kernel's name for the descriptor."""
    try:
        real = os.readlink(f"/proc/self/fd/{descriptor}")
    except OSError:
        return True  # no /proc (macOS): the final-component O_NOFOLLOW check is what remains
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


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

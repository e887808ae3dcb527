"""7-Zip archives (py7zr), read in memory: sizes are checked from the headers before anything is decompressed.

Members are read by their index in the archive, as zip and tar members are, never looked up by name: two
members of one name are two rows with their own content, and names such as `../x.txt`, `./x.txt`,
`dir//x.txt` or `/abs/x.txt` are labels (escaped like zip names), not paths py7zr must resolve. Each member
is handed over as soon as py7zr has decompressed it, so memory holds a few members, not the archive. The
member count is read from the header before py7zr builds a record per member (5,000,000 empty files would
take gigabytes). Symlinks are reported, not read; encrypted archives are an error row (no password is tried).
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from analyzer.extract.archive import Budget, safe_member_name
from analyzer.extract.base import Extractor, FormatError, Limits, Member, ReadContext

_MAGIC = b"7z\xbc\xaf\x27\x1c"


def read_7z(data: bytes, ctx: ReadContext) -> Iterator[Member]:
    import py7zr

    limits = ctx.limits
    declared = _declared_members(data)
    if declared is not None and declared > limits.max_members:
        raise FormatError(f"7z header lists {declared} members, over the {limits.max_members} limit (--max-members)")
    try:
        archive = py7zr.SevenZipFile(io.BytesIO(data))
        if archive.needs_password():
            raise FormatError("encrypted 7z archive (no password is tried)")
        entries = list(archive.files)
    except FormatError:
        raise
    except Exception as err:  # py7zr raises many types (Bad7zFile, struct errors, lzma errors) on hostile bytes
        raise FormatError(f"not a readable 7z archive: {type(err).__name__}: {err}") from None
    budget = Budget(limits, len(data))
    wanted: dict[int, str] = {}  # index in the archive -> safe name
    for index, entry in enumerate(entries):
        name = safe_member_name(entry.filename)
        if entry.is_directory:
            continue
        if entry.is_symlink:
            yield Member(name, b"", refused="symlink member ignored")
            continue
        # Solid blocks share one compressed size; the whole archive is a floor for the ratio.
        refused = budget.admit(name, entry.uncompressed or 0, len(data))
        if refused:
            yield refused
            if budget.exhausted:
                break
            continue
        wanted[index] = name
    if not wanted:
        return
    for index, entry in enumerate(entries):
        # py7zr names its writers by the member name; a name of our own makes each one unique and plain.
        entry._file_info["filename"] = _label(index)
    archive.reset()
    delivered: set[int] = set()
    for index, content, problem in _extracted(archive, entries, wanted, limits):
        delivered.add(index)
        name = wanted[index]
        yield Member(name, content) if problem is None else _broken(name, problem)
    for index, name in wanted.items():
        if index not in delivered:
            yield _broken(name, "member missing from the 7z data")


def _label(index: int) -> str:
    return f"member-{index}"


def _broken(name: str, problem: str) -> Member:
    return Member(name, b"", refused=problem, status="error")


_DONE = object()


class _Stopped(Exception):
    """The reader of the members went away (a limit, the clock): the extraction thread stops writing."""


def _extracted(
    archive: Any, entries: list[Any], wanted: dict[int, str], limits: Limits
) -> Iterator[tuple[int, bytes, str | None]]:
    """(index, bytes, problem) of each wanted member as py7zr finishes it, in archive order.

    py7zr decompresses every wanted member in one call; it runs in a thread that hands each member over as it
    is finished and waits until it is taken, so memory holds about three members, not the whole archive. A
    failure after some members is a FormatError once those are handed over.
    """
    handover: queue.Queue[object] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand_over(item: object) -> None:
        while not stop.is_set():
            try:
                handover.put(item, timeout=0.05)
                return
            except queue.Full:
                continue
        raise _Stopped

    factory = _ByIndex(entries, limits, hand_over, stop)

    def extract() -> None:
        try:
            archive.extract(targets=[_label(index) for index in wanted], factory=factory)
            outcome: object = _DONE
        except BaseException as err:  # noqa: BLE001 - handed to the reading thread, which reports it
            outcome = err
        with contextlib.suppress(_Stopped):
            hand_over(outcome)

    worker = threading.Thread(target=extract, name="analyzer-7z", daemon=True)
    worker.start()
    try:
        while (item := handover.get()) is not _DONE:
            if isinstance(item, _Stopped):
                return
            if isinstance(item, BaseException):
                raise FormatError(f"unreadable 7z archive: {type(item).__name__}: {item}"[:300]) from None
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join(timeout=10)


class _Written:
    """One member's bytes as py7zr writes them, capped, with their CRC to check against the header's."""

    def __init__(self, cap: int, crc: int | None) -> None:
        self.buffer = io.BytesIO()
        self.cap = cap
        self.expected_crc = crc
        self.crc = 0
        self.problem: str | None = None


class _ByIndex:
    """A py7zr writer factory: each member's writer knows its index (the label it was given) and hands the
    finished bytes over."""

    def __init__(
        self, entries: list[Any], limits: Limits, hand_over: Callable[[object], None], stop: threading.Event
    ) -> None:
        self.entries = entries
        self.limits = limits
        self.hand_over = hand_over
        self.stop = stop

    def create(self, filename: str) -> Any:
        from py7zr.io import Py7zIO

        index = int(filename.rsplit("-", 1)[-1])
        entry = self.entries[index]
        written = _Written(min(entry.uncompressed or 0, self.limits.max_file_bytes), entry.crc32)
        hand_over, stop = self.hand_over, self.stop

        class Writer(Py7zIO):
            def write(self, chunk: bytes | bytearray) -> int:
                if stop.is_set():
                    raise _Stopped
                written.crc = zlib.crc32(chunk, written.crc)
                if written.buffer.tell() + len(chunk) > written.cap:
                    written.problem = "member is larger than its header says"
                else:
                    written.buffer.write(chunk)
                return len(chunk)

            def read(self, size: int | None = None) -> bytes:
                return b""

            def seek(self, offset: int, whence: int = 0) -> int:
                return 0

            def flush(self) -> None:
                return None

            def size(self) -> int:
                return written.buffer.tell()

            def close(self) -> None:  # py7zr calls this once the member is whole (and keeps the writer)
                if written.expected_crc is not None and written.crc != written.expected_crc and not written.problem:
                    written.problem = "member does not match its CRC (damaged)"
                content, written.buffer = written.buffer.getvalue(), io.BytesIO()
                hand_over((index, content, written.problem))

        return Writer()


def _declared_members(data: bytes) -> int | None:
    """How many members the header lists, read before py7zr builds a record for each; None if it cannot tell
    (py7zr's own reading then gives the reason)."""
    from py7zr.archiveinfo import PROPERTY, Header, SignatureHeader, StreamsInfo, read_uint64

    class Counting(Header):
        members: int | None = None

        def _extract_header_info(self, fp: Any) -> None:  # the part of py7zr's own that stops at the count
            pid = fp.read(1)
            if pid == PROPERTY.MAIN_STREAMS_INFO:
                StreamsInfo.retrieve(fp)
                pid = fp.read(1)
            if pid == PROPERTY.FILES_INFO:
                self.members = read_uint64(fp)

    if not data.startswith(_MAGIC):
        return None
    try:
        fp = io.BytesIO(data)
        signature = SignatureHeader.retrieve(fp)
        after = fp.tell()
        start = after + signature.nextheaderofs
        if not 0 <= start <= len(data) or signature.nextheadersize > len(data) - start:
            return None
        header = Counting()
        header._read(fp, io.BytesIO(data[start : start + signature.nextheadersize]), after, None)
        return header.members
    except Exception:  # noqa: BLE001 - damaged or encrypted: py7zr's own reading says what is wrong
        return None


def _sniff(head: bytes) -> bool:
    return head.startswith(_MAGIC)


EXTRACTOR = Extractor(name="7z", suffixes=(".7z",), read=read_7z, sniff=_sniff)

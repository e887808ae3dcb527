"""What every archive reader shares: safe member names and the budget that stops bombs.

Members are read into memory only; a member name is a label in the report, never a
path on disk, and names that would climb out of a folder are shown percent-escaped.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from analyzer.extract.base import FormatError, Limits, Member
from analyzer.extract.budget import current_budget

_DRIVE = re.compile(r"^([A-Za-z]):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_member_name(raw: str) -> str:
    """A display name that cannot escape a folder: `..`, absolute roots and drive letters are escaped.

    `../../etc/passwd` -> `%2E%2E/%2E%2E/etc/passwd`, `/etc/x` -> `%2Fetc/x`, `C:\\x` -> `C%3A/x`.
    The reviewer still sees what the archive claimed; no tool can mistake it for a path outside.
    """
    name = _CONTROL.sub(lambda m: f"%{ord(m.group()):02X}", raw.replace("\\", "/"))
    name = _DRIVE.sub(lambda m: f"{m.group(1)}%3A", name)
    if name.startswith("/"):
        name = "%2F" + name.lstrip("/")
    parts = ["%2E%2E" if part == ".." else part for part in name.split("/")]
    return "/".join(part for part in parts if part not in ("", ".")) or "%2E"


@dataclass
class Budget:
    """Counts what one archive has produced so far against the limits."""

    limits: Limits
    archive_size: int
    members: int = 0
    total: int = 0
    exhausted: str | None = None

    def admit(self, name: str, declared_size: int, compressed_size: int | None) -> Member | None:
        """None if the member may be read; otherwise the refused Member row explaining why."""
        limits = self.limits
        if self.exhausted:
            return Member(name, b"", refused=self.exhausted, status="error")
        self.members += 1
        if self.members > limits.max_members:
            self.exhausted = f"more than {limits.max_members} members; the rest were not read"
            return Member(name, b"", refused=self.exhausted, status="error")
        if declared_size > limits.max_file_bytes:
            return Member(name, b"", refused=f"larger than the {limits.max_file_bytes}-byte limit", status="skipped")
        if compressed_size is not None and declared_size > 1024 * 1024:
            ratio = declared_size / max(compressed_size, 1)
            if ratio > limits.max_compression_ratio:
                return Member(name, b"", refused=self._ratio_reason(ratio), status="error")
        expanded = self.total + declared_size
        if expanded > 1024 * 1024 and expanded / max(self.archive_size, 1) > limits.max_compression_ratio:
            # Members that each look fine can share one compressed block (overlapping-entry bombs).
            self.exhausted = f"archive as a whole {self._ratio_reason(expanded / max(self.archive_size, 1))}"
            return Member(name, b"", refused=self.exhausted, status="error")
        if expanded > limits.max_archive_bytes:
            self.exhausted = (
                f"archive expands past the {limits.max_archive_bytes}-byte total limit (zip bomb?); "
                "this and later members were not read"
            )
            return Member(name, b"", refused=self.exhausted, status="error")
        outer = current_budget()
        if outer is not None:
            outer.check_time()
            # Each level may look fine while the nesting as a whole expands like a bomb (a zip of zips).
            if reason := outer.over(declared_size):
                self.exhausted = f"{reason}; this and later members were not read"
                return Member(name, b"", refused=self.exhausted, status="error")
        self.total += declared_size
        return None

    def _ratio_reason(self, ratio: float) -> str:
        return f"compression ratio {ratio:.0f}:1 over the {self.limits.max_compression_ratio:.0f}:1 limit (zip bomb?)"


def read_capped(stream: IO[bytes], cap: int) -> bytes:
    """Read at most cap + 1 bytes, so a member whose header lied about its size is caught."""
    chunks: list[bytes] = []
    left = cap + 1
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def guard_package(infos: list[zipfile.ZipInfo], size: int, limits: Limits) -> None:
    """Refuse a zip-based document (xlsx, kra, fla) that would expand like a bomb before a library opens it."""
    total = sum(info.file_size for info in infos)
    if len(infos) > limits.max_members:
        raise FormatError(f"package has {len(infos)} parts, over the {limits.max_members} limit")
    if total > limits.max_archive_bytes:
        raise FormatError(f"package expands to {total} bytes, over the {limits.max_archive_bytes}-byte limit")
    if total > 1024 * 1024 and total / max(size, 1) > limits.max_compression_ratio:
        raise FormatError(
            f"package expands {total / max(size, 1):.0f}:1, over the {limits.max_compression_ratio:.0f}:1 limit"
        )
    outer = current_budget()
    if outer is not None and (reason := outer.spend(total)):  # a package inside archives counts along the path
        raise FormatError(f"package {reason}")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_compression_ratio:
            raise FormatError(
                f"part {safe_member_name(info.filename)} has compression ratio {ratio:.0f}:1, "
                f"over the {limits.max_compression_ratio:.0f}:1 limit (zip bomb?)"
            )


def decode_member_names(raw_names: list[bytes]) -> tuple[list[str], str]:
    """Decode legacy (non-UTF-8-flagged) member names together, so the whole archive votes on one encoding.

    UTF-8 if every name is valid UTF-8; else the most plausible CJK codec (GBK/GB18030, Big5,
    CP949, CP932) when one reads the names believably; else CP437, the zip default.
    """
    from analyzer.extract.decode import best_cjk_reading, plausibility

    joined = b"\n".join(raw_names)
    if joined.isascii():
        return [raw.decode("ascii") for raw in raw_names], "ascii"
    try:
        return [raw.decode("utf-8") for raw in raw_names], "utf-8"
    except UnicodeDecodeError:
        pass
    best = best_cjk_reading(joined, _NAME_CODECS)
    if best is not None and best[2] >= 0.35:
        names = [raw.decode(best[1]) for raw in raw_names]
        if all(plausibility(name, best[1]) >= 0.35 for name in names if not name.isascii()):
            return names, best[1]
    # Names from several tools (a Korean team adding to a Chinese zip): decide name by name.
    return [_decode_one(raw) for raw in raw_names], "mixed"


_NAME_CODECS = ("gb18030", "big5", "cp949", "cp932")


def _decode_one(raw: bytes) -> str:
    from analyzer.extract.decode import decode_loose

    return decode_loose(raw, fallback="cp437")


def unreadable(after: str | None, err: Exception) -> Member:
    """A row for the part of an archive that could not be read (the members before it are kept)."""
    where = f"(after {after})" if after else "(archive)"
    return Member(where, b"", refused=f"unreadable: {type(err).__name__}: {err}"[:300], status="error")


# What reading a damaged zip-based document raises, turned into a FormatError by package_errors().
# ValueError: zipfile seeks to a negative offset, or a local header's name is not the UTF-8 it claims.
PACKAGE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, NotImplementedError, ValueError)


@contextmanager
def package_errors(kind: str) -> Iterator[None]:
    try:
        yield
    except FormatError:
        raise  # already a reason (FormatError is a ValueError, which PACKAGE_ERRORS holds)
    except PACKAGE_ERRORS as err:
        raise FormatError(f"damaged {kind}: {type(err).__name__}: {err}") from None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A member an archive reader found: its safe name, sizes from the header, and how to open it."""

    name: str
    declared_size: int
    compressed_size: int | None
    open: Callable[[], IO[bytes] | None]


def read_members(
    budget: Budget, found: Iterable[Candidate | Member], errors: tuple[type[BaseException], ...], stop_on_error: bool
) -> Iterator[Member]:
    """Members within the budget, read capped; refused ones (links, over a limit) as rows with the reason.

    stop_on_error: a stream format (tar) cannot go on after a damaged member; zip can.
    """
    for item in found:
        if isinstance(item, Member):
            yield item
            continue
        refused = budget.admit(item.name, item.declared_size, item.compressed_size)
        if refused:
            yield refused
            if budget.exhausted:
                return
            continue
        try:
            stream = item.open()
            if stream is None:
                content = b""
            else:
                with stream:  # a RAR member's stream may be an unrar process's pipe
                    content = read_capped(stream, item.declared_size)
        except errors as err:
            yield Member(
                item.name, b"", refused=f"unreadable member: {type(err).__name__}: {err}"[:300], status="error"
            )
            if stop_on_error:
                return
            continue
        if len(content) > item.declared_size:  # the budget counted the header's size; more is a lie
            yield Member(item.name, b"", refused="member is larger than its header says", status="error")
            continue
        yield Member(item.name, content)


def open_package(data: bytes, limits: Limits, kind: str) -> zipfile.ZipFile:
    """A zip-based document (xlsx, kra, fla), refused before any library opens it if it would expand like a bomb."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as err:
        raise FormatError(f"not a {kind}: {err}") from None
    guard_package(package.infolist(), len(data), limits)
    return package

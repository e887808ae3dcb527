"""What every archive reader shares: safe member names and the budget that stops bombs.

Members are read into memory only; a member name is a label in the report, never a
path on disk, and names that would climb out of a folder are shown percent-escaped.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from analyzer.extract.base import FormatError, Limits, Member

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


def member_name_is_unsafe(raw: str) -> bool:
    return safe_member_name(raw) != "/".join(p for p in raw.replace("\\", "/").split("/") if p not in ("", "."))


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
            return None
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
        if self.total + declared_size > limits.max_archive_bytes:
            self.exhausted = (
                f"archive expands past the {limits.max_archive_bytes}-byte total limit (zip bomb?); "
                "this and later members were not read"
            )
            return Member(name, b"", refused=self.exhausted, status="error")
        self.total += declared_size
        return None

    def _ratio_reason(self, ratio: float) -> str:
        return f"compression ratio {ratio:.0f}:1 over the {self.limits.max_compression_ratio:.0f}:1 limit (zip bomb?)"

    def check_total_ratio(self, name: str) -> Member | None:
        """For streams without per-member sizes (tar.gz): the whole archive's expansion so far."""
        if self.total > 1024 * 1024 and self.total / max(self.archive_size, 1) > self.limits.max_compression_ratio:
            self.exhausted = self._ratio_reason(self.total / max(self.archive_size, 1))
            return Member(name, b"", refused=self.exhausted, status="error")
        return None

    @property
    def per_member_cap(self) -> int:
        return min(self.limits.max_file_bytes, self.limits.max_archive_bytes - self.total + 1)


def read_capped(stream, cap: int) -> bytes:  # type: ignore[no-untyped-def]
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
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_compression_ratio:
            raise FormatError(
                f"part {safe_member_name(info.filename)} has compression ratio {ratio:.0f}:1, "
                f"over the {limits.max_compression_ratio:.0f}:1 limit (zip bomb?)"
            )

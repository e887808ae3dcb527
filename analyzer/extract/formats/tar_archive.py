"""Tar archives (plain, gzip, bzip2, xz), read in memory: regular members only, named like zip members.

Symlinks and hard links are reported and never followed; device files and folders are
ignored. Names in a legacy encoding are decoded together like zip names.
"""

from __future__ import annotations

import io
import lzma
import zlib
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from analyzer.extract.archive import Budget, Candidate, decode_member_names, read_members, safe_member_name, unreadable
from analyzer.extract.base import Extractor, FormatError, Member, ReadContext

if TYPE_CHECKING:
    import tarfile


def read_tar(data: bytes, ctx: ReadContext) -> Iterator[Member]:
    import tarfile  # only when a tar is read, not at every scan's start

    errors = (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError, ValueError)
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:*")  # noqa: SIM115 (in memory, nothing to close)
    except errors as err:
        raise FormatError(f"not a readable tar archive: {err}") from None
    compressed = data[:3] in (b"\x1f\x8b\x08", b"BZh") or data[:6] == b"\xfd7zXZ\x00"
    entries: list[tarfile.TarInfo] = []
    expansion_cap = min(ctx.limits.max_archive_bytes, int(len(data) * ctx.limits.max_compression_ratio) + (1 << 20))
    try:
        # Listing a compressed tar decompresses it; stop before the stream outgrows the limits.
        while (info := archive.next()) is not None:
            entries.append(info)
            if info.offset_data + info.size > expansion_cap:
                break  # the next header lies past what we may decompress; the budget judges this one
    except errors as err:
        if not entries:
            raise FormatError(f"unreadable tar archive: {type(err).__name__}: {err}") from None
        yield unreadable(safe_member_name(entries[-1].name), err)
    budget = Budget(ctx.limits, len(data))
    yield from read_members(budget, _candidates(archive, entries, len(data) if compressed else None), errors, True)


def _candidates(
    archive: tarfile.TarFile, entries: list[tarfile.TarInfo], compressed: int | None
) -> Iterator[Candidate | Member]:
    names, _ = decode_member_names([info.name.encode("utf-8", "surrogateescape") for info in entries])
    for info, raw_name in zip(entries, names):
        name = safe_member_name(raw_name)
        if info.issym() or info.islnk():
            yield Member(name, b"", refused=f"link member ignored (-> {safe_member_name(info.linkname)})")
        elif info.isreg():
            # The whole compressed archive bounds this member's compressed size, so size/len(data) is a floor.
            yield Candidate(name, info.size, compressed, partial(archive.extractfile, info))


EXTRACTOR = Extractor(
    name="tar",
    suffixes=(".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"),
    read=read_tar,
)

"""LZH/LHA archives (lhafile): every member by its own header entry (-lh0-, -lh5-, -lh6-, -lh7-), named like zip
members.

Header levels 0-2 are read; other methods and level 3 make the archive an error row. Names are in the
packer's code page (Shift-JIS for most LZH files), decoded together like legacy zip names.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import partial

from analyzer.extract.archive import Budget, Candidate, decode_member_names, read_members, safe_member_name
from analyzer.extract.base import Extractor, FormatError, Member, ReadContext

_METHOD = re.compile(rb"-l(?:h[0-7d]|z[s45])-")


class _Guarded(io.BytesIO):
    """The archive as lhafile reads it; a header that sends its parser round in circles runs out of reads."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self._left = 4 * len(data) + (1 << 16)

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = super().read(size)
        self._left -= len(chunk) or 1
        if self._left < 0:
            raise ValueError("headers loop back on themselves")
        return chunk


def read_lzh(data: bytes, ctx: ReadContext) -> Iterator[Member]:
    import lhafile

    try:
        archive = lhafile.LhaFile(_Guarded(data))
    except Exception as err:  # lhafile raises BadLhafile, RuntimeError, struct and index errors on damaged headers
        raise FormatError(f"not a readable LZH archive: {type(err).__name__}: {err}"[:300]) from None
    entries = [info for info in archive.infolist() if info.compress_type != b"-lhd-"]  # -lhd-: a folder
    raw_names = [info.filename.encode("latin-1", "replace") for info in entries]  # lhafile decodes as Latin-1
    names, _ = decode_member_names(raw_names)
    # The C decoder raises RuntimeError; lhafile BadLhafile on a CRC mismatch.
    found = (
        Candidate(name, info.file_size, info.compress_size, partial(_decode, data, info))
        for info, name in zip(entries, (safe_member_name(n) for n in names))
    )
    yield from read_members(Budget(ctx.limits, len(data)), found, (Exception,), stop_on_error=False)


def _decode(data: bytes, info: object) -> io.BytesIO:
    """One member by its own header (LhaFile.read looks members up by name, so a repeated name would read one twice)."""
    import lhafile
    import lzhlib

    start, size = info.file_offset, info.compress_size  # type: ignore[attr-defined]
    packed = io.BytesIO(data[start : start + size])
    out = io.BytesIO()
    session = lzhlib.LZHDecodeSession(packed, out, info)
    while not session.do_next():
        pass
    if session.output_pos != info.file_size:  # type: ignore[attr-defined]
        raise lhafile.BadLhafile(f"member decodes to {session.output_pos} bytes, header says {info.file_size}")  # type: ignore[attr-defined]
    if session.crc16 != info.CRC:  # type: ignore[attr-defined]
        raise lhafile.BadLhafile("CRC mismatch")
    out.seek(0)
    return out


EXTRACTOR = Extractor(
    name="lzh",
    suffixes=(".lzh", ".lha"),
    read=read_lzh,
    sniff=lambda head: len(head) > 7 and _METHOD.fullmatch(head[2:7]) is not None,
)

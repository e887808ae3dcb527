"""Single-file compressed streams (.gz, .bz2, .xz, .zst): the one file inside, decompressed as a stream.

The inner file is named by the gzip FNAME field, else by the outer name less its suffix. Decompression
stops as soon as the output passes the file-size limit or, past 1 MiB, the compression-ratio limit, so a
small bomb is refused without its expansion ever being held in memory.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import posixpath
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from analyzer.extract.archive import Budget, safe_member_name
from analyzer.extract.base import Extractor, FormatError, Limits, Member, ReadContext

_CHUNK = 1 << 16
_RATIO_FLOOR = 1024 * 1024  # below this much output the ratio is not judged (as for zip members)


# The streams live in memory: nothing to close.
def _gzip_stream(data: bytes) -> IO[bytes]:
    return gzip.GzipFile(fileobj=io.BytesIO(data))  # noqa: SIM115


def _bzip2_stream(data: bytes) -> IO[bytes]:
    return bz2.BZ2File(io.BytesIO(data))  # noqa: SIM115


def _xz_stream(data: bytes) -> IO[bytes]:
    return lzma.LZMAFile(io.BytesIO(data))  # noqa: SIM115


def _zstd_stream(data: bytes) -> IO[bytes]:
    import zstandard

    return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True)


def _errors() -> tuple[type[BaseException], ...]:
    import zstandard

    return (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError, zstandard.ZstdError)


def _expand(stream: IO[bytes], kind: str, name: str, compressed: int, limits: Limits) -> bytes | Member:
    """The whole output, or the refused member saying which limit it passed while decompressing."""
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            ratio = total / max(compressed, 1)
            if total > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
                reason = f"expands more than {ratio:.0f}:1, over the {limits.max_compression_ratio:.0f}:1 limit (bomb?)"
                return Member(name, b"", refused=reason, status="error")
            if total > limits.max_archive_bytes:
                reason = f"expands past the {limits.max_archive_bytes}-byte total limit (bomb?)"
                return Member(name, b"", refused=reason, status="error")
            if total > limits.max_file_bytes:
                reason = f"larger than the {limits.max_file_bytes}-byte limit"
                return Member(name, b"", refused=reason, status="skipped")
            chunks.append(chunk)
    except _errors() as err:
        raise FormatError(f"damaged {kind} stream: {type(err).__name__}: {err}"[:300]) from None
    return b"".join(chunks)


def _gzip_name(data: bytes) -> str | None:
    """The original file name stored in a gzip header (FNAME, ISO 8859-1), without any folder."""
    if len(data) < 10 or not data[3] & 0x08:
        return None
    at = 10
    if data[3] & 0x04:  # FEXTRA: a two-byte length, then the field
        at += 12 if len(data) < 12 else 2 + int.from_bytes(data[10:12], "little")
    end = data.find(b"\x00", at, at + 4096)
    if end <= at:
        return None
    name = posixpath.basename(data[at:end].decode("latin-1").replace("\\", "/"))
    return name or None


def _inner_name(outer: str, suffixes: tuple[str, ...], stored: str | None) -> str:
    if stored:
        return safe_member_name(stored)
    base = posixpath.basename(outer.replace("\\", "/"))
    lowered = base.lower()
    for suffix in suffixes:
        if lowered.endswith(suffix) and len(base) > len(suffix):
            return safe_member_name(base[: -len(suffix)])
    return safe_member_name(base)


def _reader(kind: str, suffixes: tuple[str, ...], open_stream: Callable[[bytes], IO[bytes]]):
    def read(data: bytes, ctx: ReadContext) -> Iterator[Member]:
        name = _inner_name(ctx.name, suffixes, _gzip_name(data) if kind == "gzip" else None)
        try:
            stream = open_stream(data)
        except _errors() as err:
            raise FormatError(f"not a readable {kind} stream: {type(err).__name__}: {err}"[:300]) from None
        expanded = _expand(stream, kind, name, len(data), ctx.limits)
        if isinstance(expanded, Member):
            yield expanded
            return
        # The archive budget judges the one member like a zip member (size, ratio against the whole file).
        yield Budget(ctx.limits, len(data)).admit(name, len(expanded), len(data)) or Member(name, expanded)

    return read


def _bzip2_magic(head: bytes) -> bool:
    # "BZh" + block size digit, then the first block's pi magic or, for an empty stream, the end-of-stream magic.
    return (
        len(head) >= 10
        and head[:3] == b"BZh"
        and 0x31 <= head[3] <= 0x39
        and head[4:10]
        in (
            b"1AY&SY",
            b"\x17rE8P\x90",
        )
    )


_GZ = (".gz", ".gzip")
_BZ2 = (".bz2", ".bz")
_XZ = (".xz", ".lzma")
_ZST = (".zst", ".zstd")

GZIP = Extractor(
    name="gzip",
    suffixes=_GZ,
    read=_reader("gzip", _GZ, _gzip_stream),
    sniff=lambda head: head[:3] == b"\x1f\x8b\x08",
    shared_magic=True,
)
BZIP2 = Extractor(
    name="bzip2",
    suffixes=_BZ2,
    read=_reader("bzip2", _BZ2, _bzip2_stream),
    sniff=_bzip2_magic,
    shared_magic=True,
)
XZ = Extractor(
    name="xz",
    suffixes=_XZ,
    read=_reader("xz", _XZ, _xz_stream),
    sniff=lambda head: head[:6] == b"\xfd7zXZ\x00",
    shared_magic=True,
)
ZSTD = Extractor(
    name="zstd",
    suffixes=_ZST,
    read=_reader("zstd", _ZST, _zstd_stream),
    sniff=lambda head: head[:4] == b"\x28\xb5\x2f\xfd",
    shared_magic=True,
)

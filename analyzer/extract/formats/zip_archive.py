"""Zip archives, read in memory: each member is extracted in its turn, named `archive.zip` + `member`.

Member names without the UTF-8 flag are decoded together (UTF-8, GBK, Big5, CP949, CP932 or
CP437, whichever reads plausibly); an Info-ZIP Unicode Path field wins when present. Symlinks
and encrypted members are reported, not read; the budget in archive.py stops bombs.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from functools import partial

from analyzer.extract.archive import Budget, Candidate, decode_member_names, read_members, safe_member_name
from analyzer.extract.base import Extractor, FormatError, Member, ReadContext

_UNICODE_PATH = 0x7075
_S_IFLNK = 0o120000


def _unicode_path(extra: bytes) -> str | None:
    """The UTF-8 name in an Info-ZIP Unicode Path extra field (0x7075), if any."""
    offset = 0
    while offset + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, offset)
        body = extra[offset + 4 : offset + 4 + size]
        if field_id == _UNICODE_PATH and len(body) > 5 and body[0] == 1:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        offset += 4 + size
    return None


def member_names(infos: list[zipfile.ZipInfo]) -> list[str]:
    legacy = [i for i, info in enumerate(infos) if not info.flag_bits & 0x800]
    names = [info.filename for info in infos]
    decoded, _ = decode_member_names([infos[i].orig_filename.encode("cp437", "replace") for i in legacy])
    for i, name in zip(legacy, decoded):
        names[i] = _unicode_path(infos[i].extra) or name
    return names


def read_zip(data: bytes, ctx: ReadContext) -> Iterator[Member]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as err:
        raise FormatError(f"not a readable zip archive: {err}") from None
    # ValueError: a header that sends zipfile to a negative offset, or a name that is not the UTF-8 it claims.
    errors = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, RuntimeError, ValueError)
    budget = Budget(ctx.limits, len(data))
    yield from read_members(budget, _candidates(archive, infos), errors, stop_on_error=False)


def _candidates(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Iterator[Candidate | Member]:
    for info, raw_name in zip(infos, member_names(infos)):
        if info.filename.endswith("/"):  # ZipInfo.is_dir() fails on an empty name
            continue
        name = safe_member_name(raw_name)
        if info.create_system == 3 and (info.external_attr >> 16) & 0o170000 == _S_IFLNK:
            yield Member(name, b"", refused="symlink member ignored", status="skipped")
        elif info.flag_bits & 0x1:
            yield Member(name, b"", refused="encrypted member (no password is tried)", status="skipped")
        else:
            yield Candidate(name, info.file_size, info.compress_size, partial(archive.open, info))


def _sniff(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


EXTRACTOR = Extractor(name="zip", suffixes=(".zip",), read=read_zip, sniff=_sniff, shared_magic=True)

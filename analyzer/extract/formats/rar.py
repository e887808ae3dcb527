"""RAR archives (RAR 1.5 to 5, rarfile): every member by its own header entry, named like zip members.

rarfile lists the headers and reads stored members itself; compressed members go through a RAR
decompressor program (RARLAB's `unrar` when present, else `unar`, which the set-up installs), fed a
temporary copy of the member's compressed data (of the whole archive when it is solid). Links are reported,
never followed; encrypted members are not read.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from functools import cache, partial

from analyzer.extract.archive import (
    Budget,
    Candidate,
    decode_member_names,
    read_members,
    safe_member_name,
    unreadable,
)
from analyzer.extract.base import Extractor, FormatError, Member, Note, ReadContext

MAGIC = (b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00")  # RAR 1.5-4, RAR 5
_NO_TOOL = "compressed member not read: no RAR decompressor installed (Debian: unar)"


@cache
def _decompressor() -> str | None:
    """The program rarfile hands compressed members to, found once per process; None when there is none.

    7-Zip and bsdtar are not tried: Debian's 7-Zip (`7zz` 26.02) cannot open RAR files (Debian builds it
    without the non-free RAR code), and bsdtar fails on the one-member archives rarfile hands it (short reads
    and CRC errors on rarfile's own test files, solid or not).
    """
    import rarfile

    try:
        return str(rarfile.tool_setup(unrar=True, unar=True, bsdtar=False, sevenzip=False, sevenzip2=False))
    except rarfile.RarCannotExec:
        return None


def _errors() -> tuple[type[BaseException], ...]:
    import rarfile

    return (rarfile.Error, OSError, EOFError, ValueError, KeyError)


def read_rar(data: bytes, ctx: ReadContext) -> Iterator[Note | Member]:
    archive, damage = _open(io.BytesIO(data))
    if not (archive.is_solid() and _decompressor()):
        yield from _read(archive, damage, data, ctx)
        return
    # rarfile copies an in-memory solid archive to a temporary file for each compressed member it reads;
    # one copy, opened by path, serves them all.
    with tempfile.TemporaryDirectory(prefix="analyzer-rar-") as folder:
        path = os.path.join(folder, "archive.rar")
        with open(path, "wb") as copy:
            copy.write(data)
        archive, damage = _open(path)
        yield from _read(archive, damage, data, ctx)


def _open(source: io.BytesIO | str):  # noqa: ANN202 (a rarfile.RarFile, imported lazily)
    """The archive, and the error that stopped its listing part-way (the entries before it are kept)."""
    import rarfile

    try:
        return rarfile.RarFile(source, errors="strict"), None
    except rarfile.PasswordRequired:
        raise FormatError("RAR archive with encrypted headers (no password is tried)") from None
    except rarfile.NotRarFile as err:
        raise FormatError(f"not a RAR archive: {err}") from None
    except _errors() as err:
        if isinstance(source, io.BytesIO):
            source.seek(0)
        try:
            return rarfile.RarFile(source, errors="stop"), err
        except _errors() as again:
            raise FormatError(f"unreadable RAR archive: {type(again).__name__}: {again}"[:300]) from None


def _read(archive, damage: Exception | None, data: bytes, ctx: ReadContext) -> Iterator[Note | Member]:  # noqa: ANN001
    if archive.needs_password() and not archive.infolist():
        raise FormatError("RAR archive with encrypted headers (no password is tried)")
    if archive.comment and archive.comment.strip():
        yield Note("archive comment", archive.comment.strip())
    entries = [info for info in archive.infolist() if not info.is_dir()]
    names = _member_names(entries)
    found = _candidates(archive, entries, names, len(data))
    yield from read_members(Budget(ctx.limits, len(data)), found, _errors(), stop_on_error=False)
    if damage is not None:
        yield unreadable(names[-1] if names else None, damage)


def _candidates(archive, entries: list, names: list[str], size: int) -> Iterator[Candidate | Member]:  # noqa: ANN001
    """Each entry to read, or the reason it is not read."""
    import rarfile

    solid = archive.is_solid()
    for info, name in zip(entries, names):
        if info.is_symlink() or (info.file_redir and info.file_redir[0] == rarfile.RAR5_XREDIR_HARD_LINK):
            target = safe_member_name(info.file_redir[2]) if info.file_redir else "?"
            yield Member(name, b"", refused=f"link member ignored (-> {target})")
            continue
        if info.needs_password():
            yield Member(name, b"", refused="encrypted member (no password is tried)")
            continue
        stored = info.compress_type == rarfile.RAR_M0 and not info.file_redir
        if not stored and _decompressor() is None:
            yield Member(name, b"", refused=_NO_TOOL, status="error")
            continue
        # Solid members share one compressed stream: the whole archive is a floor for their ratio.
        yield Candidate(
            name, info.file_size, size if solid else info.compress_size, partial(_open_entry, archive, info)
        )


def _open_entry(archive, info):  # noqa: ANN001, ANN202 (rarfile types, imported lazily)
    """A stream of this header entry's data. RarFile.open looks members up by name, so of two members with one
    name it would read the last twice; its parser opens the entry itself (a private attribute, hence the fallback).
    """
    parser = getattr(archive, "_file_parser", None)
    return parser.open(info, None) if parser is not None else archive.open(info)


def _member_names(entries: list) -> list[str]:
    """Safe names; RAR 1.5-4 names stored without the Unicode flag are in the packer's code page (GBK, CP949 ...)."""
    import rarfile

    names = [info.filename for info in entries]
    legacy = [
        i
        for i, info in enumerate(entries)
        if isinstance(info, rarfile.Rar3Info)
        and isinstance(info.orig_filename, bytes)
        and not info.flags & rarfile.RAR_FILE_UNICODE
        and not info.orig_filename.isascii()
    ]
    decoded, _ = decode_member_names([entries[i].orig_filename.replace(b"\\", b"/") for i in legacy])
    for i, name in zip(legacy, decoded):
        names[i] = name
    return [safe_member_name(name) for name in names]


EXTRACTOR = Extractor(name="rar", suffixes=(".rar",), read=read_rar, sniff=lambda head: head.startswith(MAGIC))

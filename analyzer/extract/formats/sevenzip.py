"""7-Zip archives (py7zr), read in memory: sizes are checked from the headers before anything is decompressed.

Symlinks are reported, not read; encrypted archives are an error row (no password is tried).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from analyzer.extract.archive import Budget, safe_member_name
from analyzer.extract.base import Extractor, FormatError, Member, ReadContext


def read_7z(data: bytes, ctx: ReadContext) -> Iterator[Member]:
    import py7zr
    from py7zr.io import BytesIOFactory

    try:
        archive = py7zr.SevenZipFile(io.BytesIO(data))
        if archive.needs_password():
            raise FormatError("encrypted 7z archive (no password is tried)")
        entries = archive.list()
    except FormatError:
        raise
    except Exception as err:  # py7zr raises many types (Bad7zFile, struct errors, lzma errors) on hostile bytes
        raise FormatError(f"not a readable 7z archive: {type(err).__name__}: {err}") from None
    budget = Budget(ctx.limits, len(data))
    wanted: list[tuple[str, str]] = []  # (name in archive, safe name)
    for entry in entries:
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
        wanted.append((entry.filename, name))
    if not wanted:
        return
    factory = BytesIOFactory(ctx.limits.max_file_bytes + 1)
    try:
        archive.reset()
        archive.extract(targets=[original for original, _ in wanted], factory=factory)
    except Exception as err:
        raise FormatError(f"unreadable 7z archive: {type(err).__name__}: {err}") from None
    for original, name in wanted:
        try:
            product = factory.get(original)
        except KeyError:
            yield Member(name, b"", refused="member missing from the 7z data", status="error")
            continue
        product.seek(0)
        yield Member(name, product.read())


def _sniff(head: bytes) -> bool:
    return head.startswith(b"7z\xbc\xaf\x27\x1c")


EXTRACTOR = Extractor(name="7z", suffixes=(".7z",), read=read_7z, sniff=_sniff)

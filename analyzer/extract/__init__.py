"""Read each discovered file with the extractor registered for its format.

Containers yield members that are extracted in turn (depth-limited). Every
failure becomes an error row with a reason; nothing here raises on bad input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from analyzer.extract.base import Extractor, FormatError, Limits, Member, Note, ReadContext
from analyzer.extract.decode import DecodeError
from analyzer.extract.formats import EXTRACTORS
from analyzer.model import Comment, FileRef, FileRow

__all__ = ["Extraction", "Limits", "extract_file", "extract_bytes", "find_extractor", "comment_id"]


@dataclass(frozen=True, slots=True)
class Extraction:
    """One file (or archive member) and the notes read from it."""

    row: FileRow
    comments: tuple[Comment, ...]


def find_extractor(name: str, head: bytes = b"") -> Extractor | None:
    lowered = name.lower()
    best: Extractor | None = None
    best_len = 0
    for extractor in EXTRACTORS:
        for suffix in extractor.suffixes:
            if lowered.endswith(suffix) and len(suffix) > best_len:
                best, best_len = extractor, len(suffix)
    if best is None and head:
        best = next((e for e in EXTRACTORS if e.sniff and e.sniff(head)), None)
    return best


def comment_id(path: str, member: str | None, locator: str, text: str) -> str:
    digest = hashlib.sha1("\x00".join((path, member or "", locator, text)).encode("utf-8")).hexdigest()
    return "c" + digest[:12]


def extract_file(ref: FileRef, limits: Limits | None = None) -> Iterator[Extraction]:
    limits = limits or Limits()
    if ref.size > limits.max_file_bytes:
        yield _row(
            ref.path,
            None,
            None,
            "skipped",
            f"larger than the {limits.max_file_bytes}-byte limit",
            ref.size,
            mtime=ref.mtime,
        )
        return
    if find_extractor(ref.path) is None and ref.size == 0:
        yield _row(ref.path, None, None, "skipped", "empty file", 0, mtime=ref.mtime)
        return
    try:
        with open(ref.fs_path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as err:
        yield _row(ref.path, None, None, "error", f"cannot read: {err.strerror or err}", ref.size, mtime=ref.mtime)
        return
    yield from extract_bytes(ref.path, None, data, limits, depth=0, mtime=ref.mtime)


def extract_bytes(
    path: str, member: str | None, data: bytes, limits: Limits, depth: int, mtime: float | None = None
) -> Iterator[Extraction]:
    name = member or path
    extractor = find_extractor(name, data[:64])
    sha256 = hashlib.sha256(data).hexdigest()
    if extractor is None:
        yield _row(path, member, None, "skipped", "no extractor for this format", len(data), sha256, mtime)
        return
    ctx = ReadContext(limits=limits, depth=depth)
    notes: list[Note] = []
    members: list[Member] = []
    try:
        for item in extractor.read(data, ctx):
            (members if isinstance(item, Member) else notes).append(item)
    except (FormatError, DecodeError) as err:
        yield _row(path, member, extractor.name, "error", str(err), len(data), sha256)
        return
    except Exception as err:  # a reader bug or a library choking on hostile bytes: report, go on
        reason = f"{extractor.name} reader failed: {type(err).__name__}: {err}"
        yield _row(path, member, extractor.name, "error", reason[:500], len(data), sha256)
        return
    comments = tuple(
        Comment(
            id=comment_id(path, member, note.locator, note.text),
            path=path,
            member=member,
            locator=note.locator,
            text=note.text,
            timestamp=note.timestamp,
            author=note.author,
            source=note.source,
        )
        for note in notes
    )
    row = FileRow(
        path=path,
        member=member,
        format=extractor.name,
        status="ok",
        comments=len(comments),
        encoding=ctx.encoding,
        size=len(data),
        sha256=sha256,
        mtime=mtime,
    )
    yield Extraction(row, comments)
    for inner in members:
        inner_name = f"{member}!{inner.name}" if member else inner.name
        if inner.refused:
            yield _row(path, inner_name, None, inner.status, inner.refused, len(inner.data))
            continue
        if depth + 1 > limits.max_archive_depth:
            yield _row(path, inner_name, None, "skipped", "archive nested too deeply", len(inner.data))
            continue
        yield from extract_bytes(path, inner_name, inner.data, limits, depth + 1, mtime)


def _row(
    path: str,
    member: str | None,
    fmt: str | None,
    status: str,
    reason: str,
    size: int,
    sha256: str | None = None,
    mtime: float | None = None,
) -> Extraction:
    return Extraction(FileRow(path, member, fmt, status, reason, 0, None, size, sha256, mtime), ())

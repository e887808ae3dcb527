"""The delivery summary: per top-level folder of the dump (a vendor or a delivery), counts and the strongest evidence.

The top-level folder is the first path component below the folder all scanned
files share (scanning `dump/` groups `dump/vendorA/...` and `dump/vendorB/...`).
`DeliverySummary` keeps running totals batch by batch, so a streamed report (JSONL)
can end with the same summary; memory grows with the number of deliveries, not files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from analyzer.model import SEVERITY_RANK, FileRow, Finding, record

Key = tuple[str, ...]


@record
class NoteTally:
    """What the summary counts of one note: its file, its pairs, the language of each of its segments."""

    path: str
    pairs: int
    langs: tuple[str, ...]


def _parts(path: str) -> list[str]:
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if path.startswith(("/", "\\")) and parts:
        parts[0] = "/" + parts[0]  # an absolute path's root stays with its first folder ("/in")
    return parts


def _shared(a: Key, b: Key) -> Key:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def _rank(f: Finding) -> tuple[int, float, str]:
    return (SEVERITY_RANK.get(f.severity, 0), f.confidence, f.rule)


@dataclass
class _Delivery:
    files: int = 0
    errors: int = 0
    comments: int = 0
    pairs: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    strongest: Finding | None = None

    def merge(self, other: _Delivery) -> None:
        self.files += other.files
        self.errors += other.errors
        self.comments += other.comments
        self.pairs += other.pairs
        self.rules.update(other.rules)
        self.severities.update(other.severities)
        if other.strongest is not None:
            self.found(other.strongest)

    def found(self, f: Finding) -> None:
        if self.strongest is None or _rank(f) > _rank(self.strongest):
            self.strongest = f

    def to_dict(self, name: str) -> dict[str, Any]:
        highest = max(self.severities, key=lambda s: SEVERITY_RANK.get(s, 0)) if self.severities else None
        return {
            "delivery": name,
            "files": self.files,
            "errors": self.errors,
            "comments": self.comments,
            "pairs": self.pairs,
            "findings": sum(self.rules.values()),
            "findings_by_rule": dict(sorted(self.rules.items())),
            "findings_by_severity": dict(sorted(self.severities.items())),
            "highest_severity": highest,
            "north_korean_evidence": sorted(r for r in self.rules if r.startswith(("dprk.", "watchlist."))),
            "strongest": _strongest(self.strongest),
        }


def _strongest(top: Finding | None) -> dict[str, Any] | None:
    if top is None:
        return None
    return {
        "rule": top.rule,
        "severity": top.severity,
        "confidence": top.confidence,
        "path": f"{top.path}!{top.member}" if top.member else top.path,
        "locator": top.locator,
        "message": top.message,
        "finding": top.id,
    }


class DeliverySummary:
    """Per-delivery totals, fed with `add(files, notes, findings)` one batch at a time."""

    def __init__(self) -> None:
        self._common: Key | None = None  # the folder every file seen so far shares
        self._rows: dict[Key, _Delivery] = {}
        self._folder, self._folder_parts = "", ()  # the last file's folder and its parts: files come folder by folder

    def _file_folder(self, path: str) -> Key:
        """`_parts` of a file's path but the last (its folder's), the same tuple as for the file before when they
        share the folder."""
        cut = max(path.rfind("/"), path.rfind("\\"))
        name = path[cut + 1 :]
        if cut <= 0 or name in ("", "."):
            return tuple(_parts(path))[:-1]
        folder = path[:cut]
        if folder != self._folder:
            self._folder, self._folder_parts = folder, tuple(_parts(folder))
        return self._folder_parts if self._folder_parts else tuple(_parts(path))[:-1]

    def _widen(self, folder: Key) -> None:
        """Take in a file's folder: the shared folder may shrink, which merges deliveries into fewer, wider ones."""
        if self._common is None:
            self._common = folder
            return
        if folder[: len(self._common)] == self._common:
            return  # inside the shared folder already (nearly every file): one tuple comparison
        common = _shared(self._common, folder)
        if common == self._common:
            return
        self._common = common
        rows, self._rows = self._rows, {}
        for key, row in rows.items():
            self._row(self._key(key, is_file=False)).merge(row)

    def _key(self, parts: Key, is_file: bool) -> Key:
        """The delivery of a file (its name last) or of a folder, under the current shared folder."""
        common = self._common or ()
        folder = parts[:-1] if is_file else parts
        if folder[: len(common)] != common:
            return folder  # outside every scanned folder (a scan-wide finding): a row of its own
        return folder[: len(common) + 1]

    def _row(self, key: Key) -> _Delivery:
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = _Delivery()
        return row

    def add(self, files: Iterable[FileRow], notes: Iterable[tuple[str, int]], findings: Iterable[Finding]) -> None:
        """One batch, its notes as (path, pairs). A finding's path is a file of the batch, or else a folder (scan-wide
        rules report those)."""
        files = tuple(files)
        folder_of: dict[str, Key] = {}  # each file of the batch (they repeat: archive members, notes) -> its folder
        for row in files:
            if row.path not in folder_of:
                self._widen(folder_of.setdefault(row.path, self._file_folder(row.path)))
        # after every widening of this batch: a row taken before a widening may since have been merged away
        row_of: dict[str, _Delivery] = {}
        last: Key | None = None  # the folder before (a batch is a folder's files): its row is looked up once
        for path, folder in folder_of.items():
            if folder is not last:
                last, delivery = folder, self._row(self._key(folder, is_file=False))
            row_of[path] = delivery
        for row in files:
            delivery = row_of[row.path]
            delivery.files += 1
            delivery.errors += row.status == "error"
        for path, pairs in notes:
            delivery = row_of.get(path) or self._row(self._key(tuple(_parts(path)), is_file=True))
            delivery.comments += 1
            delivery.pairs += pairs
        for f in findings:
            delivery = row_of.get(f.path) or self._row(self._key(tuple(_parts(f.path)), is_file=False))
            delivery.rules[f.rule] += 1
            delivery.severities[f.severity] += 1
            delivery.found(f)

    def delivery_of(self, path: str, is_file: bool = True) -> str:
        """The delivery a path belongs to (after every file was added), as the rows name it."""
        return _name(self._key(tuple(_parts(path)), is_file))

    def rows(self) -> list[dict[str, Any]]:
        """One entry per delivery, in name order."""
        named: dict[str, _Delivery] = {}
        for key, row in self._rows.items():
            named.setdefault(_name(key), _Delivery()).merge(row)
        return [named[name].to_dict(name) for name in sorted(named)]


def _name(key: Key) -> str:
    return "/".join(key) or "."

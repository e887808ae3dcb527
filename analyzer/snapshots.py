"""Successive scans of the same root, kept in the cache database so days can be compared.

`analyzer scan --snapshot` records one snapshot (path, member, hash per file);
`analyzer timeline` then shows, snapshot by snapshot, what appeared, changed and
disappeared.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from analyzer._version import __version__
from analyzer.model import BatchResult, FileRow

DEFAULT_DATABASE = ".analyzer-cache.sqlite"
_ROWS_PER_WRITE = 4096  # file rows a write to the database takes (about 0.5 MB held at most)
_FOLDERS_KEPT = 4096  # real paths of folders remembered (a scan walks folder by folder)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    root TEXT NOT NULL,
    taken_at REAL NOT NULL,
    analyzer_version TEXT NOT NULL,
    complete INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS snapshot_files (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
    path TEXT NOT NULL,
    member TEXT NOT NULL,
    sha256 TEXT,
    status TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, path, member)
);
"""


@dataclass(frozen=True, slots=True)
class SnapshotChange:
    """What one snapshot changed against the one before it."""

    snapshot_id: int
    taken_at: float
    files: int
    appeared: tuple[str, ...]
    changed: tuple[str, ...]
    disappeared: tuple[str, ...]


def root_key(paths: Sequence[str]) -> str:
    """The identity of a scanned root: its real paths, sorted."""
    return "\n".join(sorted(os.path.realpath(p) for p in paths))


def _name(path: str, member: str) -> str:
    return f"{path}!{member}" if member else path


class SnapshotStore:
    def __init__(self, database: str) -> None:
        self.database = database
        self._db = sqlite3.connect(database, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")  # cheap commits per batch, readers never blocked
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._open = 0  # the snapshot being recorded
        self._pending: list[tuple[int, str, str, str | None, str]] = []  # rows not yet written
        self._real_folders: dict[str, str] = {}
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(snapshots)")}
        if "complete" not in columns:  # databases written before snapshots were committed batch by batch
            self._db.execute("ALTER TABLE snapshots ADD COLUMN complete INTEGER NOT NULL DEFAULT 1")
            self._db.commit()

    def close(self) -> None:
        self._db.close()

    def begin(self, paths: Sequence[str], taken_at: float | None = None) -> int:
        """Start a snapshot; it counts once `commit` marks it complete (a broken scan leaves none)."""
        cursor = self._db.execute(
            "INSERT INTO snapshots (root, taken_at, analyzer_version, complete) VALUES (?, ?, ?, 0)",
            (root_key(paths), time.time() if taken_at is None else taken_at, __version__),
        )
        self._db.commit()
        self._open = int(cursor.lastrowid or 0)
        return self._open

    def add(self, snapshot_id: int, files: Iterable[FileRow]) -> None:
        """Store file rows under their real paths, so `server`, `./server` and `/abs/server` compare as one root.

        Rows are written _ROWS_PER_WRITE at a time, each write committed at once, so the scan cache can write
        to the same database file in between (a commit per batch made a cached 100k-file rescan twice as
        slow, as did resolving every path component by component).
        """
        real = self._real_path
        self._pending.extend((snapshot_id, real(f.path), f.member or "", f.sha256, f.status) for f in files)
        if len(self._pending) >= _ROWS_PER_WRITE:
            self._write()

    def _real_path(self, path: str) -> str:
        """os.path.realpath, its folder resolved once: one lstat a file (is it a link?) instead of one a part."""
        if os.path.islink(path):
            return os.path.realpath(path)
        folder, name = os.path.split(path)
        real = self._real_folders.get(folder)
        if real is None:
            if len(self._real_folders) >= _FOLDERS_KEPT:
                self._real_folders.clear()
            real = self._real_folders[folder] = os.path.realpath(folder)
        return os.path.join(real, name)

    def _write(self) -> None:
        self._db.executemany("INSERT OR REPLACE INTO snapshot_files VALUES (?, ?, ?, ?, ?)", self._pending)
        self._db.commit()
        self._pending.clear()

    def commit(self) -> None:
        self._write()
        if self._open:
            self._db.execute("UPDATE snapshots SET complete = 1 WHERE id = ?", (self._open,))
            self._open = 0
        self._db.commit()

    def record(self, paths: Sequence[str], files: Iterable[FileRow], taken_at: float | None = None) -> int:
        snapshot_id = self.begin(paths, taken_at)
        self.add(snapshot_id, files)
        self.commit()
        return snapshot_id

    def changes(self, paths: Sequence[str]) -> list[SnapshotChange]:
        """Each snapshot of this root against the previous one (the first against nothing)."""
        rows = self._db.execute(
            "SELECT id, taken_at FROM snapshots WHERE root = ? AND complete = 1 ORDER BY taken_at, id",
            (root_key(paths),),
        ).fetchall()
        changes: list[SnapshotChange] = []
        before: dict[str, str | None] = {}
        for snapshot_id, taken_at in rows:
            now = {
                _name(path, member): sha
                for path, member, sha in self._db.execute(
                    "SELECT path, member, sha256 FROM snapshot_files WHERE snapshot_id = ?", (snapshot_id,)
                )
            }
            changes.append(
                SnapshotChange(
                    snapshot_id=snapshot_id,
                    taken_at=taken_at,
                    files=len(now),
                    appeared=tuple(sorted(set(now) - set(before))),
                    changed=tuple(sorted(n for n in set(now) & set(before) if now[n] != before[n])),
                    disappeared=tuple(sorted(set(before) - set(now))),
                )
            )
            before = now
        return changes


def recording(batches: Iterable[BatchResult], database: str, paths: Sequence[str]) -> Iterator[BatchResult]:
    """Pass a scan's batches through, storing their file rows as one snapshot when the scan completes."""
    store = SnapshotStore(database)
    try:
        snapshot_id = store.begin(paths)
        for batch in batches:
            store.add(snapshot_id, batch.files)
            yield batch
        store.commit()
    finally:
        store.close()

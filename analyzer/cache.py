"""The incremental scan cache (`--cache FILE`): one SQLite file, results stored per unit of work.

A unit's key is the hash of the analyzer's fingerprint (version, code, models data, limits, translation
packages) and of each file's path and content hash, so any change to a file, to the analyzer or to its
data makes the unit new. The sizes and modification times of a unit's files are remembered with its key,
as git's index does, so an unchanged file is not even read on a rescan; files modified in the seconds
before they were hashed are not remembered that way (they could change again within the same timestamp).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from analyzer._version import __version__
from analyzer.discover import Skipped
from analyzer.extract import display_path
from analyzer.extract.base import Limits, read_capped
from analyzer.model import Batch, BatchResult, FileRef, FileRow, Renderer
from analyzer.timeline import redated

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cache_units (
    key TEXT PRIMARY KEY,
    result BLOB NOT NULL,
    stored_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS cache_stats (
    stat_key TEXT PRIMARY KEY,
    key TEXT NOT NULL
);
"""
_RACY_SECONDS = 2.0  # a file modified this close to its hashing may change again without a new mtime
_EMPTY_SHA = hashlib.sha256(b"").hexdigest()
_KEYS_PER_QUERY = 500  # signatures looked up in one query (SQLite allows 32,766 parameters)


class CacheError(Exception):
    """The cache database cannot be opened or is not one of ours."""


def check_database(database: str) -> None:
    """CacheError unless `database` is an SQLite file we can write (or can be created)."""
    folder = os.path.dirname(os.path.abspath(database))
    if not os.path.isdir(folder):
        raise CacheError(f"cannot create cache database {database}: no such folder")
    try:
        connection = sqlite3.connect(database, timeout=30)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as err:
        raise CacheError(f"cannot use {database} as a cache database: {err}") from None


@cache
def _code_and_models_digest() -> str:
    """Hash of the analyzer's own source and data files: a new build or a new watchlist invalidates results."""
    import analyzer

    package_dir = os.path.dirname(os.path.abspath(analyzer.__file__))
    from analyzer.resources import models_dir

    digest = hashlib.sha256()
    for top in (package_dir, models_dir()):
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and d != "translate")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, top).encode("utf-8", "surrogateescape") + b"\0")
                with open(path, "rb") as handle:
                    digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def _translation_state() -> tuple[bool, tuple[tuple[str, bytes], ...]]:
    """Whether translation runs, and the metadata of each installed package (a new package, new results)."""
    from analyzer.engines import argos, translate

    directory = argos.translate_dir()
    packages: list[tuple[str, bytes]] = []
    if directory.is_dir():
        for package in sorted(directory.iterdir()):
            metadata = package / "metadata.json"
            if metadata.is_file():
                packages.append((package.name, metadata.read_bytes()))
    return translate.enabled(), tuple(packages)


def _ocr_state(limits: Limits) -> tuple[str, ...]:
    """With OCR (part of the limits, so of the key), the recognisers' versions and model files too."""
    if not limits.ocr:
        return ()
    from analyzer.ocr.setup import versions

    return versions()


def fingerprint(limits: Limits) -> str:
    """What besides the files decides a unit's result."""
    parts = (__version__, _code_and_models_digest(), repr(limits), _translation_state(), _ocr_state(limits))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def unit_key(fingerprint_: str, files: Sequence[tuple[str, str]]) -> str:
    """Key of a unit from (path, content hash) of each of its files."""
    digest = hashlib.sha256(fingerprint_.encode("ascii"))
    for path, sha in files:
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0" + sha.encode("ascii"))
    return digest.hexdigest()


def renderer_name(render: Renderer) -> str:
    return f"{render.__module__}.{render.__qualname__}"


def pack(result: Batch) -> bytes:
    """A result as the cache stores it. Workers pack their results when the scan has a cache, so the scanning
    process, which every result passes through, stores them without serializing them again.

    Not compressed: zlib took longer than pickling (46 against 35 µs a unit) to save 30% of a full result,
    and decompressing was a third of reading a rendered one back.
    """
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(blob: bytes) -> Batch:
    result: Batch = pickle.loads(blob)
    return result


def packed_task(
    task: Callable[[Sequence[Sequence[FileRef | Skipped]], Limits], list[BatchResult]],
    render: Renderer | None,
    units: Sequence[Sequence[FileRef | Skipped]],
    limits: Limits,
) -> list[tuple[bytes, bytes | None]]:
    """`task` run by a worker, each result packed (see `pack`), with its rendered form packed too when the
    scan streams (the scanning process then unpacks only that)."""
    return [(pack(result), pack(render(result)) if render else None) for result in task(units, limits)]


def _touched(rows: Sequence[FileRow], refs: Sequence[FileRef]) -> bool:
    """Whether a stored result's files have other mtimes now (the same content, touched or copied)."""
    if len(rows) == len(refs) and all(row.mtime == ref.mtime for row, ref in zip(rows, refs)):
        return False  # a row per file, in the unit's order (archives have more rows): nothing touched
    mtimes = {display_path(ref.path): ref.mtime for ref in refs}
    return not all(row.mtime == mtimes.get(row.path, row.mtime) for row in rows)


def _redated(result: BatchResult, refs: Sequence[FileRef]) -> BatchResult:
    """The result with its files' mtimes (and mtime-dated days) taken from `refs`."""
    mtimes = {display_path(ref.path): ref.mtime for ref in refs}
    rows = tuple(replace(row, mtime=mtimes.get(row.path, row.mtime)) for row in result.files)
    events = result.events and redated(result.events, {(r.path, r.member): r.mtime for r in rows})
    return replace(result, files=rows, events=events)


@dataclass(frozen=True, slots=True)
class _Found:
    key: str
    rendered: bool  # blob is the rendered form asked for (else the full result)
    blob: bytes


class ScanCache:
    """Lookups by the scanning process; results come back from workers and are stored here.

    Two tables: results by content key (the full result, and the rendered form of the streamed writer that
    asked last), and each unit's (path, size, mtime) signature pointing to the content key it had, so a rescan
    of unchanged files reads nothing but this database, a few hundred units a query.
    """

    def __init__(self, database: str, limits: Limits, render: Renderer | None = None) -> None:
        self.database = database
        self.limits = limits
        self.render = render
        self.rendered_by = renderer_name(render) if render else ""
        try:
            self._db = sqlite3.connect(database, timeout=30, check_same_thread=False)  # see timeline.store
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(cache_units)")}
            for name, kind in (("rendered", "BLOB"), ("rendered_by", "TEXT")):
                if name not in columns:  # databases written before results were kept rendered
                    self._db.execute(f"ALTER TABLE cache_units ADD COLUMN {name} {kind}")
            self._empty = self._db.execute("SELECT 1 FROM cache_units LIMIT 1").fetchone() is None
        except sqlite3.Error as err:
            raise CacheError(f"cannot use {database} as a cache database: {err}") from None
        self.fingerprint = fingerprint(limits)

    def _stat_key(self, refs: Sequence[FileRef]) -> str:
        return unit_key(self.fingerprint, [(ref.path, f"{ref.size}:{ref.mtime!r}") for ref in refs])

    def _content_hashes(self, refs: Sequence[FileRef]) -> list[str] | None:
        hashes = []
        for ref in refs:
            if ref.size > self.limits.max_file_bytes:
                return None
            try:
                data = read_capped(ref.fs_path, ref.size, self.limits.max_file_bytes)
                hashes.append(hashlib.sha256(data).hexdigest())
            except OSError:
                return None
        return hashes

    def _remember_stats(self, refs: Sequence[FileRef], key: str) -> None:
        now = time.time()
        if all(ref.mtime is not None and now - ref.mtime > _RACY_SECONDS for ref in refs):
            self._db.execute("INSERT OR REPLACE INTO cache_stats VALUES (?, ?)", (self._stat_key(refs), key))

    _COLUMNS = "u.key, u.rendered_by = ?, CASE WHEN u.rendered_by = ? THEN u.rendered ELSE u.result END"

    def _by_stats(self, stat_keys: list[str]) -> dict[str, _Found]:
        found: dict[str, _Found] = {}
        for start in range(0, len(stat_keys), _KEYS_PER_QUERY):
            part = stat_keys[start : start + _KEYS_PER_QUERY]
            rows = self._db.execute(
                f"SELECT s.stat_key, {self._COLUMNS} FROM cache_stats s JOIN cache_units u ON u.key = s.key"
                f" WHERE s.stat_key IN ({','.join('?' * len(part))})",
                (self.rendered_by, self.rendered_by, *part),
            )
            for stat_key, key, rendered, blob in rows:
                found[stat_key] = _Found(key, bool(rendered), blob)
        return found

    def _by_content(self, refs: Sequence[FileRef]) -> _Found | None:
        """New timestamps (a copy, a sync) or new content: the content decides."""
        hashes = self._content_hashes(refs)
        if hashes is None:
            return None
        key = unit_key(self.fingerprint, [(ref.path, sha) for ref, sha in zip(refs, hashes)])
        row = self._db.execute(
            f"SELECT {self._COLUMNS} FROM cache_units u WHERE u.key = ?", (self.rendered_by, self.rendered_by, key)
        ).fetchone()
        if row is None:
            return None
        self._remember_stats(refs, key)
        return _Found(row[0], bool(row[1]), row[2])

    def lookup_many(self, units: Sequence[Sequence[FileRef | Skipped]]) -> list[Batch | None]:
        """The stored result of each unit when none of its files changed since it was stored (rendered, when the
        cache has a renderer); None for a unit to analyse."""
        refs_of: list[list[FileRef] | None] = []
        for unit in units:
            refs = [item for item in unit if isinstance(item, FileRef)]
            refs_of.append(refs if len(refs) == len(unit) else None)  # something unread: never cached
        stat_keys = [self._stat_key(refs) if refs is not None else "" for refs in refs_of]
        by_stats = self._by_stats([k for k in stat_keys if k])
        results: list[Batch | None] = []
        for refs, stat_key in zip(refs_of, stat_keys):
            found = by_stats.get(stat_key) if refs is not None else None
            if found is None and refs is not None and not self._empty:
                found = self._by_content(refs)
            results.append(None if found is None or refs is None else self._result(found, refs))
        return results

    def _result(self, found: _Found, refs: Sequence[FileRef]) -> Batch:
        result = unpack(found.blob)
        if _touched(result.files, refs):  # rare: redate the full result (a rendered one is rendered again)
            full = result if isinstance(result, BatchResult) else self._full(found.key)
            fresh = _redated(full, refs)
            return self.render(fresh) if self.render is not None else fresh
        if self.render is not None and not found.rendered:
            assert isinstance(result, BatchResult)
            rendered = self.render(result)  # stored by a scan of another format: render it once, here
            self._db.execute(
                "UPDATE cache_units SET rendered = ?, rendered_by = ? WHERE key = ?",
                (pack(rendered), self.rendered_by, found.key),
            )
            result = rendered
        return result

    def _full(self, key: str) -> BatchResult:
        (blob,) = self._db.execute("SELECT result FROM cache_units WHERE key = ?", (key,)).fetchone()
        result = unpack(blob)
        assert isinstance(result, BatchResult)
        return result

    def store(
        self,
        unit: Sequence[FileRef | Skipped],
        result: Batch,
        packed: bytes | None = None,
        rendered: bytes | None = None,
    ) -> None:
        """Remember a freshly analysed unit (units with unread files, e.g. over a size limit, are not kept).

        `packed` is the full result as `pack` gives it, when a worker made it already (else `result` is the full
        result, packed here); `rendered`, its rendered form packed, when the scan renders.
        """
        hashes = {row.path: row.sha256 for row in result.files if row.member is None and row.sha256}
        refs = [item for item in unit if isinstance(item, FileRef)]
        shas = [hashes.get(display_path(ref.path)) or (_EMPTY_SHA if ref.size == 0 else None) for ref in refs]
        if len(refs) != len(unit) or None in shas:
            return
        if packed is None:
            assert isinstance(result, BatchResult)
            packed = pack(result)
        key = unit_key(self.fingerprint, [(ref.path, sha) for ref, sha in zip(refs, shas)])
        self._db.execute(
            "INSERT OR REPLACE INTO cache_units (key, result, stored_at, rendered, rendered_by) VALUES (?, ?, ?, ?, ?)",
            (key, packed, time.time(), rendered, self.rendered_by if rendered is not None else None),
        )
        self._remember_stats(refs, key)

    def flush(self) -> None:
        """Commit what was stored: called before results leave the scheduler, so no write stays open while
        the snapshot recorder (another connection to the same file) writes."""
        self._db.commit()

    def close(self) -> None:
        try:
            self._db.commit()
        finally:
            self._db.close()

"""The incremental scan cache (`--cache FILE`): one SQLite file, results stored per unit of work.

Results are stored as data (MessagePack decoded into the stage records, field by field), never as pickles:
whoever can write a shared or restored cache file must not be able to run code in the next scan. A stored
result that does not decode into the records is a miss, analysed again.

A unit's key is the hash of the analyzer's fingerprint (version, code, models data, limits, translation
packages) and of each file's path and content hash, so any change to a file, to the analyzer or to its
data makes the unit new. The sizes and modification times of a unit's files are remembered with its key,
as git's index does, so an unchanged file is not even read on a rescan; files modified in the seconds
before they were hashed are not remembered that way (they could change again within the same timestamp).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

import msgspec

from analyzer._version import __version__
from analyzer.discover import Skipped
from analyzer.errors import CacheError
from analyzer.extract import display_path
from analyzer.extract.base import Limits, read_capped
from analyzer.model import BatchResult, FileRef, FileRow
from analyzer.timeline import redated

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cache_results (
    key TEXT PRIMARY KEY,
    result BLOB NOT NULL,
    stored_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS cache_stats (
    stat_key TEXT PRIMARY KEY,
    key TEXT NOT NULL
);
"""
_COLUMNS = {"cache_results": ("key", "result", "stored_at"), "cache_stats": ("stat_key", "key")}
_FORMAT = "msgpack/1"  # how results are stored; part of every key, so another format is never read back
_RACY_SECONDS = 2.0  # a file modified this close to its hashing may change again without a new mtime
_EMPTY_SHA = hashlib.sha256(b"").hexdigest()
_KEYS_PER_QUERY = 500  # signatures looked up in one query (SQLite allows 32,766 parameters)


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
    parts = (_FORMAT, __version__, _code_and_models_digest(), repr(limits), _translation_state(), _ocr_state(limits))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def unit_key(fingerprint_: str, files: Sequence[tuple[str, str]]) -> str:
    """Key of a unit from (path, content hash) of each of its files."""
    digest = hashlib.sha256(fingerprint_.encode("ascii"))
    for path, sha in files:
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0" + sha.encode("ascii"))
    return digest.hexdigest()


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(BatchResult)


def pack(result: BatchResult) -> bytes:
    """A unit's result as the cache stores it (and workers hand it over): MessagePack, plain data."""
    return _ENCODER.encode(result)


def unpack(blob: bytes) -> BatchResult:
    """A stored result, checked field by field against the records; msgspec.ValidationError/DecodeError if not."""
    return _DECODER.decode(blob)


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


class ScanCache:
    """Lookups by the scanning process; results come back from workers and are stored here.

    Two tables: results by content key, and each unit's (path, size, mtime) signature pointing to the content
    key it had, so a rescan of unchanged files reads nothing but this database, a few hundred units a query.
    """

    def __init__(self, database: str, limits: Limits) -> None:
        self.database = database
        self.limits = limits
        try:
            self._db = sqlite3.connect(database, timeout=30, check_same_thread=False)  # see timeline.store
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            for table, expected in _COLUMNS.items():
                columns = tuple(row[1] for row in self._db.execute(f"PRAGMA table_info({table})"))
                if columns != expected:
                    raise CacheError(
                        f"{database} holds a table {table} with other columns ({', '.join(columns)}): "
                        "not an analyzer cache of this version",
                        hint="give another file to --cache, or delete this one",
                    )
            self._empty = self._db.execute("SELECT 1 FROM cache_results LIMIT 1").fetchone() is None
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

    def _by_stats(self, stat_keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(stat_keys), _KEYS_PER_QUERY):
            part = stat_keys[start : start + _KEYS_PER_QUERY]
            rows = self._db.execute(
                "SELECT s.stat_key, u.result FROM cache_stats s JOIN cache_results u ON u.key = s.key"
                f" WHERE s.stat_key IN ({','.join('?' * len(part))})",
                part,
            )
            found.update(rows)
        return found

    def _by_content(self, refs: Sequence[FileRef]) -> bytes | None:
        """New timestamps (a copy, a sync) or new content: the content decides."""
        hashes = self._content_hashes(refs)
        if hashes is None:
            return None
        key = unit_key(self.fingerprint, [(ref.path, sha) for ref, sha in zip(refs, hashes)])
        row = self._db.execute("SELECT result FROM cache_results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        self._remember_stats(refs, key)
        return row[0]

    def lookup_many(self, units: Sequence[Sequence[FileRef | Skipped]]) -> list[BatchResult | None]:
        """The stored result of each unit when none of its files changed since it was stored; None for a unit to
        analyse (also when what is stored does not decode into the records: a damaged or foreign entry)."""
        refs_of: list[list[FileRef] | None] = []
        for unit in units:
            refs = [item for item in unit if isinstance(item, FileRef)]
            refs_of.append(refs if len(refs) == len(unit) else None)  # something unread: never cached
        stat_keys = [self._stat_key(refs) if refs is not None else "" for refs in refs_of]
        by_stats = self._by_stats([k for k in stat_keys if k])
        results: list[BatchResult | None] = []
        for refs, stat_key in zip(refs_of, stat_keys):
            blob = by_stats.get(stat_key) if refs is not None else None
            if blob is None and refs is not None and not self._empty:
                blob = self._by_content(refs)
            results.append(None if blob is None or refs is None else self._result(blob, refs))
        return results

    @staticmethod
    def _result(blob: bytes, refs: Sequence[FileRef]) -> BatchResult | None:
        try:
            result = unpack(blob)
        except (msgspec.DecodeError, msgspec.ValidationError):
            return None
        return _redated(result, refs) if _touched(result.files, refs) else result

    def store(self, unit: Sequence[FileRef | Skipped], result: BatchResult, packed: bytes | None = None) -> None:
        """Remember a freshly analysed unit (units with unread files, e.g. over a size limit, are not kept).

        `packed` is the result as `pack` gives it, when a worker made it already (else it is packed here)."""
        if result.missing:  # analysed without a capability (no Java): analyse again once it is there
            return
        hashes = {row.path: row.sha256 for row in result.files if row.member is None and row.sha256}
        refs = [item for item in unit if isinstance(item, FileRef)]
        shas = [hashes.get(display_path(ref.path)) or (_EMPTY_SHA if ref.size == 0 else None) for ref in refs]
        if len(refs) != len(unit) or None in shas:
            return
        key = unit_key(self.fingerprint, [(ref.path, sha) for ref, sha in zip(refs, shas)])
        self._db.execute(
            "INSERT OR REPLACE INTO cache_results (key, result, stored_at) VALUES (?, ?, ?)",
            (key, packed if packed is not None else pack(result), time.time()),
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

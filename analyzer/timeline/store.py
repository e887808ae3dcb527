"""Where a scan's timeline records wait for the end of the scan: a private temporary SQLite database.

One record per instruction or returned-work file adds up (about 85k records, 55 MB of objects, at 100k files),
so they are not kept as objects. SQLite holds a temporary database (named "") in its page cache while it is
small and moves it to a temporary file once it outgrows that, so a hook run on ten files touches no disk and a
scan of millions of files keeps a few megabytes of records in memory. The records come back sorted by day, path
and member, ties in the order they were added: the order of the sorted list they replace.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from typing import NamedTuple

from analyzer.model import FileEvent, RelayText

_ROWS_PER_WRITE = 2000
_PAGE_CACHE_KIB = 4096  # what the database may hold in memory before it spills to its temporary file


def _sort_key(text: str) -> bytearray:
    """Bytes that sort as the string does: UTF-8 keeps code point order, and surrogatepass keeps the lone
    surrogates of undecodable file names (which SQLite's own text encoding would refuse). A bytearray: sqlite3 binds
    it as the same BLOB as bytes, but takes bytes for a type it may have to adapt (two failed attribute look-ups,
    with their exceptions, per value)."""
    return bytearray(text, "utf-8", "surrogatepass")


class Record(NamedTuple):
    """A FileEvent as the store gives it back: a tuple, built in C from the stored row rather than field by
    field (about twice as fast to read back), with its day as an ordinal and its pairs as (zh, ko, score)."""

    path: str
    member: str | None
    day: int  # date.toordinal()
    dated_by: str
    kind: str
    cuts: tuple[str, ...]
    notes: int
    relay_pairs: int
    pairs: tuple[tuple[str, str, float], ...]

    @property
    def where(self) -> str:
        return f"{self.path}!{self.member}" if self.member else self.path

    def relay_texts(self) -> tuple[RelayText, ...]:
        return tuple(RelayText(zh, ko, score) for zh, ko, score in self.pairs)

    def event(self) -> FileEvent:
        return FileEvent(*self[:2], date.fromordinal(self.day), *self[3:8], self.relay_texts())  # type: ignore[misc]


def _packed(event: FileEvent) -> bytearray:
    pairs = tuple((p.zh, p.ko, p.score) for p in event.pairs)
    fields = (event.path, event.member, event.day.toordinal(), event.dated_by, event.kind, event.cuts)
    # marshal: plain values, the fastest; a bytearray as _sort_key says (it reads back as bytes)
    return bytearray(marshal.dumps((*fields, event.notes, event.relay_pairs, pairs)))


Row = tuple[int, bytearray, bytearray, bytearray]  # (day, path's sort key, member's sort key, the packed record)


def _row(event: FileEvent) -> Row:
    return event.day.toordinal(), _sort_key(event.path), _sort_key(event.member or ""), _packed(event)


def split_events(events: Iterable[FileEvent]) -> tuple[list[Row], list[tuple[int, str]]]:
    """A batch's timeline records as the store takes them, and (day, dated_by) of each other file (only counted)."""
    kept: list[Row] = []
    others: list[tuple[int, str]] = []
    for event in events:
        if event.kind == "other":
            others.append((event.day.toordinal(), event.dated_by))
        else:
            kept.append(_row(event))
    return kept, others


class EventStore:
    """Timeline records, added batch by batch during a scan and read back in order, as often as asked."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("", check_same_thread=False)  # a library user may read a scan from threads
        self._db.execute(f"PRAGMA cache_size = -{_PAGE_CACHE_KIB}")
        self._db.execute("CREATE TABLE events (day INTEGER, path BLOB, member BLOB, record BLOB)")
        self._pending: list[Row] = []

    def add_rows(self, rows: Iterable[Row]) -> None:
        self._pending.extend(rows)
        if len(self._pending) >= _ROWS_PER_WRITE:
            self._write()

    def _write(self) -> None:
        if self._pending:
            self._db.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", self._pending)
            self._pending.clear()

    def __iter__(self) -> Iterator[Record]:
        self._write()
        make, load = Record._make, marshal.loads
        for (record,) in self._db.execute("SELECT record FROM events ORDER BY day, path, member, rowid"):
            yield make(load(record))

    def close(self) -> None:
        self._pending.clear()
        self._db.close()

"""A dump over time: each file dated, instruction notes and returned work per day, and their cycles.

Each batch's files get their timeline record (`file_events`) where the batch is analysed, in a worker, and the
record stays with the batch in the scan cache. `TimelineBuilder` collects them as the scan streams batches:
one record per instruction or returned-work file, kept in a temporary SQLite database (`store`) rather than
in memory, and a count per day for the rest. The per-day summary and the cadence rule then walk the records
day by day, so the scanning process holds a few days of them at a time however large the dump.

May import: model, resources. Never detect, report or run.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import date
from functools import cache, lru_cache
from itertools import groupby
from operator import attrgetter

from analyzer.model import (
    NOTE_SOURCES,
    AnalyzedComment,
    BatchResult,
    DaySummary,
    FileEvent,
    Pair,
    RelayText,
)
from analyzer.resources import read_tsv
from analyzer.timeline.cuts import cut_ids, file_place, folder_parts, is_scene, place_facts
from analyzer.timeline.dating import mtime_day, place_day
from analyzer.timeline.store import EventStore, Record, split_events

__all__ = ["FileEvent", "RelayText", "Timeline", "TimelineBuilder", "file_events", "redated"]

MAX_PAIRS_KEPT = 3  # relay pair texts kept per file, as evidence for the cadence finding


@cache
def _returned_work_markers() -> tuple[tuple[str, ...], frozenset[str]]:
    rows = list(read_tsv("timeline", "returned_work.tsv"))
    suffixes = tuple(value for kind, value in rows if kind == "suffix")
    folders = frozenset(value.lower() for kind, value in rows if kind == "folder")
    return suffixes, folders


class Timeline:
    """A scan's timeline: its instruction and returned-work records, read back from the builder's store in
    (day, path, member) order each time they are walked, and a count per day of the other dated files."""

    def __init__(self, store: EventStore, others: tuple[tuple[date, str, int], ...] = ()) -> None:
        self._store = store
        self.others = others  # (day, dated_by, count) of the other dated files

    @property
    def events(self) -> Iterator[FileEvent]:
        """Instructions and returned work (the files the cadence rule reads), in order."""
        return (record.event() for record in self._store)

    def by_day(self) -> Iterator[tuple[date, Iterator[Record]]]:
        """Each day that has records, with its records as they are read (take them before the next day)."""
        for day, records in groupby(self._store, key=attrgetter("day")):
            yield date.fromordinal(day), records

    def days(self) -> tuple[DaySummary, ...]:
        """Per day: its files, the instruction notes and relay pairs among them, and the work returned that day
        for cuts instructed on an earlier day (other drawings count as files only)."""
        others: dict[date, Counter[str]] = defaultdict(Counter)
        for day, dated_by, count in self.others:
            others[day][dated_by] += count
        instructed_before: set[str] = set()  # the cuts instructed on a day before the one at hand
        summaries = []
        for day, records in _with_days(self.by_day(), sorted(others)):
            dated_by = others.get(day, Counter()).copy()
            files = sum(dated_by.values())
            instruction_files = instruction_notes = relay_pairs = returned_files = 0
            instructed: set[str] = set()
            returned: set[str] = set()
            for record in records:
                files += 1
                dated_by[record.dated_by] += 1
                relay_pairs += record.relay_pairs
                if record.kind == "instruction":
                    instruction_files += 1
                    instruction_notes += record.notes
                    instructed.update(record.cuts)
                elif record.kind == "work" and (earlier := [c for c in record.cuts if c in instructed_before]):
                    returned_files += 1
                    returned.update(earlier)
            summaries.append(
                DaySummary(
                    day=day.isoformat(),
                    files=files,
                    instruction_files=instruction_files,
                    instruction_notes=instruction_notes,
                    relay_pairs=relay_pairs,
                    returned_files=returned_files,
                    cuts_instructed=tuple(sorted(instructed)),
                    cuts_returned=tuple(sorted(returned)),
                    dated_by=dict(sorted(dated_by.items())),
                )
            )
            instructed_before |= instructed
        return tuple(summaries)


def _with_days(
    by_day: Iterator[tuple[date, Iterator[Record]]], days: list[date]
) -> Iterator[tuple[date, Iterable[Record]]]:
    """`by_day`, with an empty day for each of `days` (sorted) it lacks: the days only other files have."""
    pending = next(by_day, None)
    for day in days:
        while pending is not None and pending[0] < day:
            yield pending
            pending = next(by_day, None)
        if pending is not None and pending[0] == day:
            yield pending
            pending = next(by_day, None)
        else:
            yield day, ()
    while pending is not None:
        yield pending
        pending = next(by_day, None)


def _is_work(path: str, member: str | None, place: tuple[str, str] | None = None) -> bool:
    """Returned work by its file type or a folder named for returns (the archive's folders count for a member).
    `place`: file_place(path, member), when the caller has it."""
    suffixes, folders = _returned_work_markers()
    if (member or path).lower().endswith(suffixes):
        return True
    above, name = place or file_place(path, member)
    return name.lower() in folders or _in_work_folder(above)


@lru_cache(maxsize=1024)
def _in_work_folder(folders: str) -> bool:
    """Whether one of a file's folders is named for returned work."""
    return not _returned_work_markers()[1].isdisjoint(map(str.lower, folder_parts(folders)))


def _instruction_cuts(facts: tuple[str, frozenset[str]], notes: Sequence[AnalyzedComment]) -> AbstractSet[str]:
    """The cuts a file instructs: those its name gives, or those its notes name (a sheet for several cuts,
    or a scene folder whose notes say which cuts), qualified by the episode in its path (`facts`: place_facts)."""
    episode, named_by_path = facts
    for cut in named_by_path:
        if not is_scene(cut):
            return named_by_path  # a cut among them (most files: their folder's)
    named = set().union(*(cut_ids(n.comment.text, episode) for n in notes))
    real = {c for c in named if not is_scene(c)}
    return real or named_by_path or named


def _relay_text(pair: Pair) -> RelayText:
    zh, ko = (pair.tgt, pair.src) if pair.src.lang == "ko" else (pair.src, pair.tgt)
    return RelayText(zh.text, ko.text, round(pair.score, 3))


_NO_NOTES: tuple[tuple[str, ...], tuple[AnalyzedComment, ...], tuple[Pair, ...]] = ((), (), ())


def _note_facts(
    comments: list[AnalyzedComment],
) -> tuple[list[str], list[AnalyzedComment], list[Pair]]:
    """What a file's notes tell its record, in one pass: the stamps that may date it (timestamps, then metadata
    texts), its instruction notes (notes holding Chinese or Korean) and its pairs."""
    stamps: list[str] = []
    metadata: list[str] = []
    instruction_notes: list[AnalyzedComment] = []
    pairs: list[Pair] = []
    for analyzed in comments:
        comment = analyzed.comment
        if comment.timestamp:
            stamps.append(comment.timestamp)
        if comment.source == "metadata":
            metadata.append(comment.text)
        elif comment.source in NOTE_SOURCES:
            for segment in analyzed.segments:
                if segment.lang == "zh" or segment.lang == "ko":
                    instruction_notes.append(analyzed)
                    break
        if analyzed.pairs:
            pairs += analyzed.pairs
    return stamps + metadata, instruction_notes, pairs


def file_events(batch: BatchResult) -> tuple[FileEvent, ...]:
    """The timeline's record of each dated file of a batch (made where the batch is analysed)."""
    by_file: dict[tuple[str, str | None], list[AnalyzedComment]] = {}
    for analyzed in batch.comments:
        comment = analyzed.comment
        key = (comment.path, comment.member)
        notes = by_file.get(key)
        if notes is None:
            by_file[key] = [analyzed]
        else:
            notes.append(analyzed)
    events = []
    for row in batch.files:
        path, member = row.path, row.member
        place = file_place(path, member)  # worked out once for the day, the kind and the cuts
        comments = by_file.get((path, member))
        # a file without notes (a drawing): dated by its place or mtime, never an instruction
        stamps, instruction_notes, pairs = _note_facts(comments) if comments else _NO_NOTES
        dated = place_day(*place, stamps, row.mtime)
        if dated is None:
            continue
        if instruction_notes:
            kind, cuts = "instruction", tuple(sorted(_instruction_cuts(place_facts(*place), instruction_notes)))
        else:
            kind = "work" if _is_work(path, member, place) else "other"
            cuts = tuple(sorted(place_facts(*place)[1]))
        events.append(  # by position (path, member, day, dated_by, kind, cuts, notes, relay_pairs, pairs): cheaper
            FileEvent(
                path,
                member,
                dated[0],
                dated[1],
                kind,
                cuts,
                len(instruction_notes),
                len(pairs),
                tuple([_relay_text(p) for p in pairs[:MAX_PAIRS_KEPT]]) if pairs else (),
            )
        )
    return tuple(events)


def redated(events: tuple[FileEvent, ...], mtimes: dict[tuple[str, str | None], float | None]) -> tuple[FileEvent, ...]:
    """The events again with the days of files dated by their mtime taken from `mtimes` (a cached batch whose
    files were touched since: their content, and so everything else about them, is the same)."""
    out = []
    for event in events:
        mtime = mtimes.get((event.path, event.member))
        if event.dated_by == "mtime" and mtime is not None:
            day = mtime_day(mtime)
            if day is None:
                continue  # touched to a time no calendar holds: undated now
            event = replace(event, day=day)
        out.append(event)
    return tuple(out)


class TimelineBuilder:
    """Collects the timeline records of the batches of a scan. Instructions and returned work are kept one
    record per file (the cadence rule names them), in an EventStore rather than in memory; other files only
    count, per day."""

    def __init__(self) -> None:
        self._store = EventStore()
        self._others: Counter[tuple[int, str]] = Counter()  # (day's ordinal, dated_by) of the other files

    def observe(self, batch: BatchResult) -> None:
        rows, others = split_events(batch.events if batch.events is not None else file_events(batch))
        self._store.add_rows(rows)
        counts = self._others
        for other in others:  # (Counter.update first asks whether it was given a Mapping: an ABC check per batch)
            counts[other] += 1

    def finish(self) -> Timeline:
        """The timeline of what was observed; close the builder once it is read."""
        others = sorted(self._others.items())
        return Timeline(self._store, tuple((date.fromordinal(day), how, n) for (day, how), n in others))

    def close(self) -> None:
        """Free the records' store (its temporary file, if it spilled to one)."""
        self._store.close()

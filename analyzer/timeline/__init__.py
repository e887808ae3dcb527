"""A dump over time: each file dated, instruction notes and returned work per day, and their cycles.

Each batch's files get their timeline record (`file_events`) where the batch is analysed, in a worker, and the
record stays with the batch in the scan cache. `TimelineBuilder` collects them as the scan streams batches:
one small record per instruction or returned-work file, a count per day for the rest.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import cache

from analyzer.model import AnalyzedComment, Batch, BatchResult, DaySummary, FileEvent, Pair, RelayText
from analyzer.resources import read_tsv
from analyzer.timeline.cuts import cut_ids, is_scene, path_cut_ids, path_episode
from analyzer.timeline.dating import file_day

__all__ = ["FileEvent", "RelayText", "Timeline", "TimelineBuilder", "file_events", "redated"]

MAX_PAIRS_KEPT = 3  # relay pair texts kept per file, as evidence for the cadence finding


@cache
def _returned_work_markers() -> tuple[tuple[str, ...], frozenset[str]]:
    rows = list(read_tsv("timeline", "returned_work.tsv"))
    suffixes = tuple(value for kind, value in rows if kind == "suffix")
    folders = frozenset(value.lower() for kind, value in rows if kind == "folder")
    return suffixes, folders


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[FileEvent, ...]  # instructions and returned work (the files the cadence rule reads)
    others: tuple[tuple[date, str, int], ...] = ()  # (day, dated_by, count) of the other dated files

    def first_instructed(self) -> dict[str, date]:
        """The first day each cut was instructed."""
        first: dict[str, date] = {}
        for event in self.events:
            if event.kind == "instruction":
                for cut in event.cuts:
                    first[cut] = min(first.get(cut, event.day), event.day)
        return first

    def days(self) -> tuple[DaySummary, ...]:
        """Per day: its files, the instruction notes and relay pairs among them, and the work returned that day
        for cuts instructed on an earlier day (other drawings count as files only)."""
        first = self.first_instructed()
        by_day: dict[date, list[FileEvent]] = defaultdict(list)
        for event in self.events:
            by_day[event.day].append(event)
        others: dict[date, Counter[str]] = defaultdict(Counter)
        for day, dated_by, count in self.others:
            others[day][dated_by] += count
        summaries = []
        for day in sorted(by_day.keys() | others.keys()):
            events = by_day.get(day, [])
            dated_by = Counter(e.dated_by for e in events) + others.get(day, Counter())
            instructions = [e for e in events if e.kind == "instruction"]
            returned = [e for e in events if e.kind == "work" and any(c in first and first[c] < day for c in e.cuts)]
            summaries.append(
                DaySummary(
                    day=day.isoformat(),
                    files=len(events) + sum(others.get(day, Counter()).values()),
                    instruction_files=len(instructions),
                    instruction_notes=sum(e.notes for e in instructions),
                    relay_pairs=sum(e.relay_pairs for e in events),
                    returned_files=len(returned),
                    cuts_instructed=tuple(sorted({c for e in instructions for c in e.cuts})),
                    cuts_returned=tuple(sorted({c for e in returned for c in e.cuts if c in first and first[c] < day})),
                    dated_by=dict(sorted(dated_by.items())),
                )
            )
        return tuple(summaries)


def _is_work(path: str, member: str | None) -> bool:
    """Returned work by its file type or a folder named for returns (the archive's folders count for a member)."""
    suffixes, folders = _returned_work_markers()
    name = (member or path).lower()
    if name.endswith(suffixes):
        return True
    parts = {p.lower() for p in re.split(r"[\\/!]", f"{path}/{member or ''}") if p}
    return bool(parts & folders)


def _instruction_cuts(path: str, member: str | None, notes: list[AnalyzedComment]) -> set[str]:
    """The cuts a file instructs: those its name gives, or those its notes name (a sheet for several cuts,
    or a scene folder whose notes say which cuts), qualified by the episode in its path."""
    cuts = path_cut_ids(path, member)
    if cuts and not all(is_scene(c) for c in cuts):
        return cuts
    episode = path_episode(path, member)
    named = set().union(*(cut_ids(n.comment.text, episode) for n in notes))
    real = {c for c in named if not is_scene(c)}
    return real or cuts or named


def _relay_text(pair: Pair) -> RelayText:
    zh, ko = (pair.tgt, pair.src) if pair.src.lang == "ko" else (pair.src, pair.tgt)
    return RelayText(zh.text, ko.text, round(pair.score, 3))


def file_events(batch: BatchResult) -> tuple[FileEvent, ...]:
    """The timeline's record of each dated file of a batch (made where the batch is analysed)."""
    by_file: dict[tuple[str, str | None], list[AnalyzedComment]] = defaultdict(list)
    for analyzed in batch.comments:
        by_file[(analyzed.comment.path, analyzed.comment.member)].append(analyzed)
    events = []
    for row in batch.files:
        comments = by_file.get((row.path, row.member), [])
        stamps = [c.comment.timestamp for c in comments if c.comment.timestamp]
        stamps += [c.comment.text for c in comments if c.comment.source == "metadata"]
        dated = file_day(row.path, row.member, stamps, row.mtime)
        if dated is None:
            continue
        instruction_notes = [
            c for c in comments if c.comment.source == "note" and any(s.lang in ("zh", "ko") for s in c.segments)
        ]
        if instruction_notes:
            kind, cuts = "instruction", _instruction_cuts(row.path, row.member, instruction_notes)
        elif _is_work(row.path, row.member):
            kind, cuts = "work", path_cut_ids(row.path, row.member)
        else:
            kind, cuts = "other", path_cut_ids(row.path, row.member)
        pairs = [p for c in comments for p in c.pairs]
        events.append(
            FileEvent(
                path=row.path,
                member=row.member,
                day=dated[0],
                dated_by=dated[1],
                kind=kind,
                cuts=tuple(sorted(cuts)),
                notes=len(instruction_notes),
                relay_pairs=len(pairs),
                pairs=tuple(_relay_text(p) for p in pairs[:MAX_PAIRS_KEPT]),
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
            event = replace(event, day=datetime.fromtimestamp(mtime, UTC).date())
        out.append(event)
    return tuple(out)


class TimelineBuilder:
    """Collects the timeline records of the batches of a scan. Instructions and returned work are kept one
    record per file (the cadence rule names them); other files only count, per day."""

    def __init__(self) -> None:
        self._events: list[FileEvent] = []
        self._others: Counter[tuple[date, str]] = Counter()
        self._shared: dict[object, object] = {}  # one object per distinct day and cut list, not one per file

    def observe(self, batch: Batch) -> None:
        shared = self._shared
        for event in batch.events if batch.events is not None else file_events(batch):
            if event.kind == "other":
                self._others[(event.day, event.dated_by)] += 1
            else:
                cuts = shared.get(event.cuts)
                if cuts is None:  # interned once per distinct cut list, not once per file
                    cuts = shared[event.cuts] = tuple(sys.intern(c) for c in event.cuts)
                day = shared.setdefault(event.day, event.day)
                e = event  # built afresh rather than with replace(), which costs 5x as much
                self._events.append(
                    FileEvent(e.path, e.member, day, e.dated_by, e.kind, cuts, e.notes, e.relay_pairs, e.pairs)  # type: ignore[arg-type]
                )

    def observe_all(self, batches: Iterable[Batch]) -> None:
        for batch in batches:
            self.observe(batch)

    def finish(self) -> Timeline:
        events = tuple(sorted(self._events, key=lambda e: (e.day, e.path, e.member or "")))
        return Timeline(events, tuple((day, how, n) for (day, how), n in sorted(self._others.items())))

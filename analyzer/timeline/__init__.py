"""A dump over time: each file dated, instruction notes and returned work per day, and their cycles.

`TimelineBuilder` observes batches as the scan streams them and keeps only a
small record per file, so a million-file dump does not stay in memory.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from analyzer.model import BatchResult, DaySummary
from analyzer.resources import read_tsv
from analyzer.timeline.cuts import cut_ids, path_cut_ids
from analyzer.timeline.dating import file_day

__all__ = ["FileEvent", "Timeline", "TimelineBuilder"]


@cache
def _returned_work_markers() -> tuple[tuple[str, ...], frozenset[str]]:
    rows = read_tsv("timeline", "returned_work.tsv")
    suffixes = tuple(value for kind, value in rows if kind == "suffix")
    folders = frozenset(value.lower() for kind, value in rows if kind == "folder")
    return suffixes, folders


@dataclass(frozen=True, slots=True)
class FileEvent:
    """A file on the timeline: its day, how that was decided, its cuts, and what kind of file it is."""

    path: str
    member: str | None
    day: date
    dated_by: str  # metadata | name | mtime
    kind: str  # instruction | work | other
    cuts: frozenset[str]
    notes: int  # Chinese/Korean instruction notes
    relay_pairs: int


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[FileEvent, ...]

    def days(self) -> tuple[DaySummary, ...]:
        by_day: dict[date, list[FileEvent]] = defaultdict(list)
        for event in self.events:
            by_day[event.day].append(event)
        summaries = []
        for day in sorted(by_day):
            events = by_day[day]
            instructions = [e for e in events if e.kind == "instruction"]
            returned = [e for e in events if e.kind == "work"]
            summaries.append(
                DaySummary(
                    day=day.isoformat(),
                    files=len(events),
                    instruction_files=len(instructions),
                    instruction_notes=sum(e.notes for e in instructions),
                    relay_pairs=sum(e.relay_pairs for e in events),
                    returned_files=len(returned),
                    cuts_instructed=tuple(sorted({c for e in instructions for c in e.cuts})),
                    cuts_returned=tuple(sorted({c for e in returned for c in e.cuts})),
                    dated_by=dict(sorted(Counter(e.dated_by for e in events).items())),
                )
            )
        return tuple(summaries)


def _is_work(path: str, member: str | None) -> bool:
    suffixes, folders = _returned_work_markers()
    name = (member or path).lower()
    if name.endswith(suffixes):
        return True
    parts = {p.lower() for p in os.path.normpath(name).split(os.sep)}
    return bool(parts & folders)


class TimelineBuilder:
    """Accumulates one small FileEvent per file from the batches of a scan."""

    def __init__(self) -> None:
        self._events: list[FileEvent] = []

    def observe(self, batch: BatchResult) -> None:
        by_file: dict[tuple[str, str | None], list] = defaultdict(list)
        for analyzed in batch.comments:
            by_file[(analyzed.comment.path, analyzed.comment.member)].append(analyzed)
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
            cuts = path_cut_ids(row.path, row.member)
            if instruction_notes:
                kind = "instruction"
                if not cuts:  # a sheet for several cuts names them in its notes
                    cuts = set().union(*(cut_ids(c.comment.text) for c in instruction_notes))
            elif _is_work(row.path, row.member):
                kind = "work"
            else:
                kind = "other"
            self._events.append(
                FileEvent(
                    path=row.path,
                    member=row.member,
                    day=dated[0],
                    dated_by=dated[1],
                    kind=kind,
                    cuts=frozenset(cuts),
                    notes=len(instruction_notes),
                    relay_pairs=sum(len(c.pairs) for c in comments),
                )
            )

    def observe_all(self, batches: Iterable[BatchResult]) -> None:
        for batch in batches:
            self.observe(batch)

    def finish(self) -> Timeline:
        return Timeline(tuple(sorted(self._events, key=lambda e: (e.day, e.path, e.member or ""))))

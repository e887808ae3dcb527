"""A dump over time: each file dated, instruction notes and returned work per day, and their cycles.

`TimelineBuilder` observes batches as the scan streams them and keeps only a
small record per file, so a million-file dump does not stay in memory.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from analyzer.model import AnalyzedComment, BatchResult, DaySummary, Pair
from analyzer.resources import read_tsv
from analyzer.timeline.cuts import cut_ids, is_scene, path_cut_ids, path_episode
from analyzer.timeline.dating import file_day

__all__ = ["FileEvent", "RelayText", "Timeline", "TimelineBuilder"]

MAX_PAIRS_KEPT = 3  # relay pair texts kept per file, as evidence for the cadence finding


@cache
def _returned_work_markers() -> tuple[tuple[str, ...], frozenset[str]]:
    rows = read_tsv("timeline", "returned_work.tsv")
    suffixes = tuple(value for kind, value in rows if kind == "suffix")
    folders = frozenset(value.lower() for kind, value in rows if kind == "folder")
    return suffixes, folders


@dataclass(frozen=True, slots=True)
class RelayText:
    """One relay pair of a file, as a reviewer reads it: the Chinese note and its Korean rendering."""

    zh: str
    ko: str
    score: float


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
    pairs: tuple[RelayText, ...] = ()  # the first MAX_PAIRS_KEPT of them

    @property
    def where(self) -> str:
        return f"{self.path}!{self.member}" if self.member else self.path


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[FileEvent, ...]

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
        summaries = []
        for day in sorted(by_day):
            events = by_day[day]
            instructions = [e for e in events if e.kind == "instruction"]
            returned = [e for e in events if e.kind == "work" and any(c in first and first[c] < day for c in e.cuts)]
            summaries.append(
                DaySummary(
                    day=day.isoformat(),
                    files=len(events),
                    instruction_files=len(instructions),
                    instruction_notes=sum(e.notes for e in instructions),
                    relay_pairs=sum(e.relay_pairs for e in events),
                    returned_files=len(returned),
                    cuts_instructed=tuple(sorted({c for e in instructions for c in e.cuts})),
                    cuts_returned=tuple(sorted({c for e in returned for c in e.cuts if c in first and first[c] < day})),
                    dated_by=dict(sorted(Counter(e.dated_by for e in events).items())),
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


class TimelineBuilder:
    """Accumulates one small FileEvent per file from the batches of a scan."""

    def __init__(self) -> None:
        self._events: list[FileEvent] = []

    def observe(self, batch: BatchResult) -> None:
        by_file: dict[tuple[str, str | None], list[AnalyzedComment]] = defaultdict(list)
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
            if instruction_notes:
                kind, cuts = "instruction", _instruction_cuts(row.path, row.member, instruction_notes)
            elif _is_work(row.path, row.member):
                kind, cuts = "work", path_cut_ids(row.path, row.member)
            else:
                kind, cuts = "other", path_cut_ids(row.path, row.member)
            pairs = [p for c in comments for p in c.pairs]
            self._events.append(
                FileEvent(
                    path=row.path,
                    member=row.member,
                    day=dated[0],
                    dated_by=dated[1],
                    kind=kind,
                    cuts=frozenset(cuts),
                    notes=len(instruction_notes),
                    relay_pairs=len(pairs),
                    pairs=tuple(_relay_text(p) for p in pairs[:MAX_PAIRS_KEPT]),
                )
            )

    def observe_all(self, batches: Iterable[BatchResult]) -> None:
        for batch in batches:
            self.observe(batch)

    def finish(self) -> Timeline:
        return Timeline(tuple(sorted(self._events, key=lambda e: (e.day, e.path, e.member or ""))))

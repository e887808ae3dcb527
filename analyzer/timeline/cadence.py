"""Instruction -> return cycles: a cut instructed on day d and returned as finished work on d+1 or d+2.

One cycle is ordinary outsourcing; the same rhythm repeated day after day, with
Chinese instructions carrying Korean translations, is what researchers saw on
the North Korean server in 2024.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from analyzer.timeline import RelayText, Timeline

MIN_LAG_DAYS = 1
MAX_LAG_DAYS = 2


@dataclass(frozen=True, slots=True)
class Cycle:
    cut: str
    instructed: date
    returned: date
    relay_pairs: int  # relay pairs in that day's instructions for the cut
    instruction_paths: tuple[str, ...]
    return_paths: tuple[str, ...]
    pairs: tuple[RelayText, ...] = ()  # some of those relay pairs, as text

    @property
    def lag_days(self) -> int:
        return (self.returned - self.instructed).days


@dataclass(frozen=True, slots=True)
class Cadence:
    cycles: tuple[Cycle, ...]
    instructed_cuts: int  # (cut, day) instructions seen
    cycle_days: tuple[date, ...]  # instruction days that have at least one cycle

    @property
    def return_rate(self) -> float:
        return len(self.cycles) / self.instructed_cuts if self.instructed_cuts else 0.0


def find_cycles(timeline: Timeline, min_lag: int = MIN_LAG_DAYS, max_lag: int = MAX_LAG_DAYS) -> Cadence:
    """Each (cut, instruction day) whose finished work came back `min_lag`..`max_lag` days later (the first return).

    One pass over the days in order finds the cycles: an instruction waits for its cut's work until `max_lag` days
    have gone by, kept as its cut and relay pair count only (a day may hold most of a delivery, all its files dated
    by the mtime of one copy), so memory holds a few days of cut names, not the dump's records. A second pass reads
    the paths and relay texts of the cycles found.
    """
    waiting: dict[date, dict[str, int]] = {}  # instruction day -> cut -> relay pairs of that day's files naming it
    found: list[tuple[str, date, date, int]] = []  # (cut, instructed, returned, relay pairs)
    instructed_cuts = 0
    for day, records in timeline.by_day():
        for old_day in [d for d in waiting if (day - d).days > max_lag]:
            del waiting[old_day]
        open_days = [(d, cuts) for d, cuts in waiting.items() if min_lag <= (day - d).days]
        today: dict[str, int] = {}
        for record in records:
            if record.kind == "work":
                for cut in record.cuts:
                    for instructed_day, cuts in open_days:  # work meets the instructions of earlier days only
                        relay_pairs = cuts.pop(cut, None)
                        if relay_pairs is not None:
                            found.append((cut, instructed_day, day, relay_pairs))
            elif record.kind == "instruction":
                for cut in record.cuts:
                    today[cut] = today.get(cut, 0) + record.relay_pairs
        instructed_cuts += len(today)
        waiting[day] = today
    cycles = _read_cycles(timeline, found) if found else []
    cycles.sort(key=lambda c: (c.cut, c.instructed))
    cycle_days = tuple(sorted({c.instructed for c in cycles}))
    return Cadence(tuple(cycles), instructed_cuts, cycle_days)


def _read_cycles(timeline: Timeline, found: list[tuple[str, date, date, int]]) -> list[Cycle]:
    """The cycles found, with the paths of their instructions and returned work and their instructions' relay texts
    (of the instructed day's files naming the cut, in the store's order), read in a second pass over the days."""
    instructed: dict[tuple[str, date], tuple[list[str], list[RelayText]]] = {}
    returned: dict[tuple[str, date], list[str]] = {}
    for cut, instructed_day, returned_day, _ in found:
        instructed[(cut, instructed_day)] = ([], [])
        returned[(cut, returned_day)] = []
    for day, records in timeline.by_day():
        for record in records:
            if record.kind == "instruction":
                for cut in record.cuts:
                    if (read := instructed.get((cut, day))) is not None:
                        read[0].append(record.where)
                        read[1].extend(record.relay_texts())
            elif record.kind == "work":
                for cut in record.cuts:
                    if (paths := returned.get((cut, day))) is not None:
                        paths.append(record.where)
    return [
        Cycle(
            cut=cut,
            instructed=instructed_day,
            returned=returned_day,
            relay_pairs=relay_pairs,
            instruction_paths=tuple(sorted(set(instructed[(cut, instructed_day)][0]))),
            return_paths=tuple(sorted(returned[(cut, returned_day)])),
            pairs=tuple(instructed[(cut, instructed_day)][1]),
        )
        for cut, instructed_day, returned_day, relay_pairs in found
    ]

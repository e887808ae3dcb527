"""Instruction -> return cycles: a cut instructed on day d and returned as finished work on d+1 or d+2.

One cycle is ordinary outsourcing; the same rhythm repeated day after day, with
Chinese instructions carrying Korean translations, is what researchers saw on
the North Korean server in 2024.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

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


class _Instruction(NamedTuple):
    """What a cycle reads of an instruction file in the first pass: all that is kept of the files instructed in the
    last few days (a day may hold most of a delivery, all its files dated by the mtime of one copy). Their relay
    texts are read again for the cycles found (`_with_relay_texts`)."""

    where: str
    relay_pairs: int


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

    One pass over the days in order: an instruction waits for its cut's work until `max_lag` days have gone by,
    so memory holds a few days of instructions, not the dump's (as their paths; the relay texts of the cycles found
    are read in a second pass).
    """
    waiting: dict[str, dict[date, list[_Instruction]]] = defaultdict(dict)  # cut -> instruction day -> its files
    arrivals: deque[tuple[date, str]] = deque()  # (instruction day, cut) in day order, to drop them when too old
    cycles: list[Cycle] = []
    instructed_cuts = 0
    for day, records in timeline.by_day():
        while arrivals and (day - arrivals[0][0]).days > max_lag:
            old_day, cut = arrivals.popleft()
            waiting[cut].pop(old_day, None)
            if not waiting[cut]:
                del waiting[cut]
        # Today's work, by cut, for the cuts instructed on a day before (only those can close a cycle: a day may hold
        # most of a delivery, all its files dated by the mtime of one copy).
        returned: dict[str, list[str]] = defaultdict(list)
        today: dict[str, list[_Instruction]] = defaultdict(list)  # today's instructions, by cut
        for record in records:
            if record.kind == "work":
                for cut in record.cuts:
                    if cut in waiting:
                        returned[cut].append(record.where)
            elif record.kind == "instruction":
                instruction = _Instruction(record.where, record.relay_pairs)
                for cut in record.cuts:
                    today[cut].append(instruction)
        for cut, paths in returned.items():  # meets the instructions of earlier days only
            for instructed_day, instructions in list(waiting.get(cut, {}).items()):
                if min_lag <= (day - instructed_day).days <= max_lag:
                    cycles.append(_cycle(cut, instructed_day, day, instructions, paths))
                    del waiting[cut][instructed_day]
        instructed_cuts += len(today)
        for cut, instructions in today.items():
            waiting[cut][day] = instructions
            arrivals.append((day, cut))
    if cycles:
        cycles = _with_relay_texts(timeline, cycles)
    cycles.sort(key=lambda c: (c.cut, c.instructed))
    cycle_days = tuple(sorted({c.instructed for c in cycles}))
    return Cadence(tuple(cycles), instructed_cuts, cycle_days)


def _cycle(cut: str, instructed: date, returned: date, instructions: list[_Instruction], returns: list[str]) -> Cycle:
    return Cycle(
        cut=cut,
        instructed=instructed,
        returned=returned,
        relay_pairs=sum(e.relay_pairs for e in instructions),
        instruction_paths=tuple(sorted({e.where for e in instructions})),
        return_paths=tuple(sorted(returns)),
    )


def _with_relay_texts(timeline: Timeline, cycles: list[Cycle]) -> list[Cycle]:
    """The cycles with the relay texts of their instructions (those of the instructed day's files naming the cut, in
    the store's order), read in a second pass over the days for the cycles found only."""
    texts: dict[tuple[str, date], list[RelayText]] = {(c.cut, c.instructed): [] for c in cycles}
    for day, records in timeline.by_day():
        for record in records:
            if record.kind == "instruction" and record.pairs:
                for cut in record.cuts:
                    found = texts.get((cut, day))
                    if found is not None:
                        found.extend(record.relay_texts())
    return [replace(c, pairs=tuple(texts[(c.cut, c.instructed)])) for c in cycles]

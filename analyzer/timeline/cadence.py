"""Instruction -> return cycles: a cut instructed on day d and returned as finished work on d+1 or d+2.

One cycle is ordinary outsourcing; the same rhythm repeated day after day, with
Chinese instructions carrying Korean translations, is what researchers saw on
the North Korean server in 2024.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from analyzer.timeline import FileEvent, RelayText, Timeline

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
    """Each (cut, instruction day) whose finished work came back `min_lag`..`max_lag` days later (the first return)."""
    instructed: dict[tuple[str, date], list[FileEvent]] = defaultdict(list)
    returned: dict[str, dict[date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for event in timeline.events:
        for cut in event.cuts:
            if event.kind == "instruction":
                instructed[(cut, event.day)].append(event)
            elif event.kind == "work":
                returned[cut][event.day].append(event.where)
    cycles: list[Cycle] = []
    for (cut, day), events in sorted(instructed.items()):
        days = sorted(returned.get(cut, {}))
        start = bisect_right(days, day)
        back = next((d for d in days[start:] if min_lag <= (d - day).days <= max_lag), None)
        if back is None:
            continue
        cycles.append(
            Cycle(
                cut=cut,
                instructed=day,
                returned=back,
                relay_pairs=sum(e.relay_pairs for e in events),
                instruction_paths=tuple(sorted({e.where for e in events})),
                return_paths=tuple(sorted(returned[cut][back])),
                pairs=tuple(p for e in events for p in e.pairs),
            )
        )
    cycle_days = tuple(sorted({c.instructed for c in cycles}))
    return Cadence(tuple(cycles), len(instructed), cycle_days)

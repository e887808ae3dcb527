"""Which day a file belongs to: metadata timestamps first, then a date in its path, then its mtime.

Of several metadata dates the latest wins: a file reaches the state it was delivered in at its last dated
change (a drawing made from an old template still carries the template's creation date). A modification time
no calendar holds (year 318857 on tmpfs, NaN) leaves the file undated, as a
file with no date at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import lru_cache

from analyzer.timeline.cuts import file_place, folder_parts

# 2024-01-09, 2024:01:09 (EXIF), 2024/01/09, 2024.01.09, 2024_01_09, 20240109
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([-:/._]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


@lru_cache(maxsize=4096)  # a delivery's stamps repeat (a batch of sidecars written in the same minutes)
def parse_day(text: str) -> date | None:
    """The first plausible calendar date written in `text`, as written (no time-zone shift)."""
    for match in _DATE.finditer(text):
        try:
            return date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        except ValueError:
            continue
    return None


def file_day(path: str, member: str | None, timestamps: Iterable[str], mtime: float | None) -> tuple[date, str] | None:
    """(day, how) for a file: "metadata", "name" or "mtime"; None when nothing dates it."""
    return place_day(*file_place(path, member), timestamps, mtime)


def place_day(folders: str, name: str, timestamps: Iterable[str], mtime: float | None) -> tuple[date, str] | None:
    """`file_day` of the file `file_place` gives as (folders, name), for a caller that has its place already."""
    if timestamps:  # (an empty list: most files)
        days = [d for d in map(parse_day, timestamps) if d]
        if days:
            return max(days), "metadata"
    day = parse_day(name) or _folders_day(folders)  # the part nearest the file that holds a date
    if day:
        return day, "name"
    day = mtime_day(mtime)
    return (day, "mtime") if day is not None else None


@lru_cache(maxsize=1024)
def _folders_day(folders: str) -> date | None:
    """The date written in the nearest of a file's folders that holds one (most paths hold none: one search)."""
    if _DATE.search(folders) is None:
        return None
    return next((day for part in folder_parts(folders) if (day := parse_day(part))), None)


def mtime_day(mtime: float | None) -> date | None:
    """The UTC day of a modification time, or None when there is none or no calendar holds it."""
    if mtime is None:
        return None
    try:
        return datetime.fromtimestamp(mtime, UTC).date()
    except (ValueError, OverflowError, OSError):  # out of range (year 318857), NaN, or beyond the C library
        return None

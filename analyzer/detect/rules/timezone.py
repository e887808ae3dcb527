"""dprk.timezone: timestamps at UTC+08:30 dated 2015-08-15 to 2018-05-04, when that was Pyongyang time.

Read from note timestamps, XMP/EXIF/JSON dates (ISO 8601 or EXIF `YYYY:MM:DD hh:mm:ss`
strings) and EXIF OffsetTime values beside them. +09:00 (Korea and Japan) next to
Chinese notes is reported as weak evidence only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from typing import TypedDict

from analyzer.detect.base import BatchView, EvidenceShape, Rule, finding
from analyzer.detect.korean import files_with_chinese
from analyzer.model import Finding

PYONGYANG_TIME = (date(2015, 8, 15), date(2018, 5, 4))
STAMP = re.compile(
    r"(\d{4})[-:/](\d{2})[-:/](\d{2})[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?(?![\d:])"
)
OFFSET_ONLY = re.compile(r"^\s*([+-]\d{2}:?\d{2})\s*$")


def _stamps(view: BatchView) -> dict[tuple[str, str | None], list[tuple[str, date, str | None]]]:
    """Per file: (locator, date, offset) of every timestamp; an EXIF OffsetTime lends its offset to bare dates."""
    per_file: dict[tuple[str, str | None], list[tuple[str, date, str | None]]] = {}
    offsets: dict[tuple[str, str | None], str] = {}
    for analyzed in view.comments:
        c = analyzed.comment
        key = (c.path, c.member)
        texts = [(c.locator, c.text)] + ([(f"{c.locator} (time)", c.timestamp)] if c.timestamp else [])
        for locator, text in texts:
            offset = OFFSET_ONLY.match(text) if "offset" in locator.lower() else None
            if offset:
                offsets[key] = offset.group(1)
                continue
            if ":" not in text:
                continue  # a stamp has its time, hh:mm (most notes hold none)
            for day, zone in _dates(text):
                stamp = (locator, day, zone)
                if stamp not in per_file.setdefault(key, []):
                    per_file[key].append(stamp)
    for key, offset in offsets.items():
        per_file[key] = [(loc, day, tz or offset) for loc, day, tz in per_file.get(key, [])] or []
    return per_file


@lru_cache(maxsize=4096)  # stamps repeat: the notes of a day share a few
def _dates(text: str) -> tuple[tuple[date, str | None], ...]:
    """(date, offset or None) of each timestamp in `text`, in order."""
    found = []
    for m in STAMP.finditer(text):
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        found.append((day, m.group(4)))
    return tuple(found)


def _normal(offset: str | None) -> str:
    if not offset or offset == "Z":
        return offset or ""
    return offset if ":" in offset else f"{offset[:3]}:{offset[3:]}"


def _verdict(stamps: list[tuple[str, date, str | None]], beside_chinese: bool) -> tuple[str, str, float, str] | None:
    """(locator, message, confidence, severity) for a file's timestamps, or None."""
    pyongyang = [s for s in stamps if _normal(s[2]) == "+08:30"]
    in_window = [s for s in pyongyang if PYONGYANG_TIME[0] <= s[1] <= PYONGYANG_TIME[1]]
    korea = [s for s in stamps if _normal(s[2]) == "+09:00"]
    if in_window:
        message = (
            f"timestamp at UTC+08:30 on {in_window[0][1].isoformat()}: Pyongyang time between 2015-08-15 and "
            "2018-05-04, used nowhere else"
        )
        return in_window[0][0], message, 0.9, "medium"
    if pyongyang:
        message = (
            "timestamp at UTC+08:30 outside 2015-08-15..2018-05-04 (Pyongyang time only then): a clock left on the "
            "old Pyongyang zone, or a coincidence"
        )
        return pyongyang[0][0], message, 0.4, "low"
    if korea and beside_chinese:
        message = (
            "timestamp at UTC+09:00 (Korea or Japan) beside Chinese notes: weak evidence only, South Korea and "
            "Japan share this offset"
        )
        return korea[0][0], message, 0.2, "info"
    return None


def check(view: BatchView) -> Iterator[Finding]:
    chinese: set[tuple[str, str | None]] | None = None  # looked for only beside a +09:00 stamp
    for (path, member), stamps in _stamps(view).items():
        if chinese is None and any(_normal(s[2]) == "+09:00" for s in stamps):
            chinese = files_with_chinese(view)
        verdict = _verdict(stamps, chinese is not None and (path, member) in chinese)
        if verdict is None:
            continue
        locator, message, confidence, severity = verdict
        listed = [{"locator": loc, "date": day.isoformat(), "offset": _normal(tz)} for loc, day, tz in stamps]
        yield finding(
            RULE,
            path=path,
            member=member,
            locator=locator,
            message=message,
            confidence=confidence,
            severity=severity,
            evidence={"timestamps": listed, "window": [d.isoformat() for d in PYONGYANG_TIME]},
        )


class TimezoneEvidence(TypedDict):
    timestamps: list[dict[str, str]]
    window: list[str]


RULE = Rule(
    id="dprk.timezone",
    title="Pyongyang time zone",
    description="Timestamps at UTC+08:30 in 2015-08-15..2018-05-04 (Pyongyang time), or +09:00 beside Chinese notes.",
    severity="medium",
    check=check,
    evidence=EvidenceShape(TimezoneEvidence),
    needs_notes=True,
)

"""Dates as formats write them, turned into ISO 8601: PDF-style `D:20120314093000+03'00'` (PDF 1.7, 7.9.4).

Photoshop annotations, PDF annotations and document info all use the PDF form.
"""

from __future__ import annotations

import re

# D:YYYY[MM[DD[HH[mm[SS]]]]][Z|(+|-)HH['mm[']]]; everything after the year is optional.
_PDF_DATE = re.compile(
    r"^D:(?P<year>\d{4})(?P<month>\d{2})?(?P<day>\d{2})?(?P<hour>\d{2})?(?P<minute>\d{2})?(?P<second>\d{2})?"
    r"(?:(?P<utc>Z)(?:00'?(?:00'?)?)?|(?P<sign>[+-])(?P<zone_hour>\d{2})'?(?:(?P<zone_minute>\d{2})'?)?)?\s*$"
)


def pdf_date_to_iso(text: str) -> str | None:
    """`D:20120314093000+03'00'` -> `2012-03-14T09:30:00+03:00`; None when the text is not a PDF date.

    Missing parts are left out (`D:2012` -> `2012`, `D:201203141230` -> `2012-03-14T12:30`); a date whose
    fields are out of range (month 13, hour 25) is not a date.
    """
    match = _PDF_DATE.match(text.strip())
    if not match:
        return None
    parts = match.groupdict()
    limits = {"month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}
    for name, (low, high) in limits.items():
        if parts[name] is not None and not low <= int(parts[name]) <= high:
            return None
    iso = parts["year"]
    if parts["month"]:
        iso += f"-{parts['month']}"
        if parts["day"]:
            iso += f"-{parts['day']}"
    if parts["hour"] and parts["day"]:
        iso += f"T{parts['hour']}:{parts['minute'] or '00'}"
        if parts["second"]:
            iso += f":{parts['second']}"
        if parts["utc"]:
            iso += "Z"
        elif parts["sign"]:
            iso += f"{parts['sign']}{parts['zone_hour']}:{parts['zone_minute'] or '00'}"
    return iso

"""dprk.juche-date: dates in the Juche calendar (주체113 = 2024; year 1 = 1912), used only in the DPRK."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypedDict

from analyzer.detect.base import BatchView, EvidenceShape, Rule, at, finding
from analyzer.model import Finding

JUCHE_EPOCH = 1911  # Juche year N is Gregorian year N + 1911 (1912, Kim Il Sung's birth, is year 1)
# Not inside a word (운영주체, 사업주체 are 'the party running it'), nor before more digits.
JUCHE_DATE = re.compile(
    r"(?<![가-힣A-Za-z])(주체|主体|主體|Juche)\s*(\d{1,3})(?!\d)(?:\s*[(（]\s*(\d{4})\s*[)）])?(?:\s*(년|年))?", re.I
)
HANGUL = re.compile(r"[가-힣]")
PLAUSIBLE = (80, 150)  # 1991-2061: the years a delivery can carry (the calendar was adopted in 1997)


def juche_years(text: str) -> list[dict[str, object]]:
    """Each Juche date in `text` with its Gregorian year and whether a written Gregorian year agrees."""
    out: list[dict[str, object]] = []
    if "주체" not in text and "主" not in text and "j" not in text and "J" not in text:
        # A date starts with one of these (of all characters, only J and j match j ignoring case); 주 alone is in most
        # Korean requests (주십시오).
        return out
    for m in JUCHE_DATE.finditer(text):
        year = int(m.group(2))
        written = int(m.group(3)) if m.group(3) else None
        if written != year + JUCHE_EPOCH and not PLAUSIBLE[0] <= year <= PLAUSIBLE[1]:
            continue  # 운영 주체 2년 연장: 'the operator, two years', unless a matching Gregorian year says otherwise
        if not m.group(4) and written is None and HANGUL.match(text, m.end(2)):
            continue  # 주체 100명: a count after the word 주체, not a year
        out.append(
            {"text": m.group(), "juche_year": year, "gregorian_year": year + JUCHE_EPOCH, "written_year": written}
        )
    return out


def check(view: BatchView) -> Iterator[Finding]:
    for analyzed in view.comments:
        comment = analyzed.comment
        dates = juche_years(comment.text)
        if not dates:
            continue
        consistent = all(d["written_year"] in (None, d["gregorian_year"]) for d in dates)
        yield finding(
            RULE,
            **at(comment),
            message=f"Juche calendar date {dates[0]['text']} (= {dates[0]['gregorian_year']}): the calendar is "
            "used only in North Korea",
            confidence=0.85 if consistent else 0.6,
            evidence={"dates": dates, "source": comment.source},
        )


class JucheDateEvidence(TypedDict):
    dates: list[dict[str, Any]]
    source: str  # the note's source: note, metadata ...


RULE = Rule(
    id="dprk.juche-date",
    title="Juche calendar date",
    description="A date written in the North Korean Juche calendar (year 1 = 1912).",
    severity="medium",
    check=check,
    evidence=EvidenceShape(JucheDateEvidence, ("source",)),
    needs_notes=True,
)

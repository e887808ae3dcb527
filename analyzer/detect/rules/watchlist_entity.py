"""watchlist.entity: names on the sanctions watchlist (models/watchlist/) in notes, authors and file names.

Fuzzy (rapidfuzz) over Latin, Hangul and Hanja forms; each finding names the
watchlist entry and its source (e.g. OFAC SDN uid 34022, SEK STUDIO).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, TypedDict

from analyzer.detect.base import BatchView, EvidenceShape, Rule, finding
from analyzer.model import Finding

if TYPE_CHECKING:
    from analyzer.watchlist import Match


@cache
def _matcher() -> Callable[[str], tuple[Match, ...]]:
    """analyzer.watchlist.matches, imported once at the first batch (an import statement per batch costs more)."""
    from analyzer.watchlist import matches

    return matches


def check(view: BatchView) -> Iterator[Finding]:
    """Every name-bearing string, in order: each note's text and author, then each file's name."""
    matches = _matcher()
    for analyzed in view.comments:
        c = analyzed.comment
        found = matches(c.text)  # most strings name nothing: no finding to build
        if found:
            yield from _findings(c.path, c.member, c.locator, c.source, c.text, found)
        if c.author:
            found = matches(c.author)
            if found:
                yield from _findings(c.path, c.member, c.locator, "author", c.author, found)
    seen: set[tuple[str, str | None]] = set()
    for row in view.files:
        place = (row.path, row.member)
        if place not in seen:
            seen.add(place)
            name = _shown_name(os.path.basename(row.member or row.path))
            found = matches(name)
            if found:
                yield from _findings(row.path, row.member, None, "file-name", name, found)


@lru_cache(maxsize=4096)  # file names repeat from folder to folder (c001 notes, layout)
def _shown_name(base: str) -> str:
    """A file's name as it is matched: without its suffix, underscores as spaces."""
    return os.path.splitext(base)[0].replace("_", " ")


def _findings(
    path: str, member: str | None, locator: str | None, where: str, text: str, found: tuple[Match, ...]
) -> Iterator[Finding]:
    for m in found:
        yield finding(
            RULE,
            path=path,
            member=member,
            locator=locator,
            message=f"{where} names {m.entry.entity} ({m.entry.source}), matched {m.score:.0f}/100: "
            "check the name against the official list before acting",
            confidence=m.score / 100 * (0.95 if m.score >= 97 else 0.8),
            severity="high" if m.score >= 97 else "medium",
            evidence={
                "entity": m.entry.entity,
                "listed_name": m.entry.name,
                "form": m.entry.form,
                "source": m.entry.source,
                "matched_text": m.matched,
                "where": where,
                "text": text,
                "score": m.score,
            },
        )


class WatchlistEvidence(TypedDict):
    entity: str
    listed_name: str
    form: str
    source: str
    matched_text: str
    where: str
    text: str
    score: float


RULE = Rule(
    id="watchlist.entity",
    title="Watchlisted entity",
    description="A sanctioned studio or front company named in a note, author field or file name.",
    severity="high",
    check=check,
    evidence=EvidenceShape(
        type=WatchlistEvidence,
        texts=("entity", "form", "listed_name", "matched_text", "source", "text", "where"),
    ),
)

"""The sanctions watchlist: names in Latin, Hangul and Hanja from models/watchlist/*.tsv, fuzzy-matched.

Names are normalised (case, punctuation, legal suffixes, spaces) before rapidfuzz
compares them, so "Sek Studio Ltd" and "SEK-STUDIO" meet "SEK STUDIO".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from analyzer.resources import model_path

LEGAL_SUFFIXES = re.compile(
    r"\b(co|company|ltd|limited|llc|pte|inc|corp|corporation|jsc|gmbh|holdings?|development)\b", re.I
)
PUNCT = re.compile(r"[^\w\u3131-\uD7A3\u4E00-\u9FFF]+")
MIN_SCORE = 90.0
MIN_NAME = 6  # shorter normalised names only match exactly
PREFIX = 10  # a long name may be cited by its head ("Nings Cartoon" for NINGS CARTOON STUDIO), never its tail


@dataclass(frozen=True, slots=True)
class WatchName:
    entity: str
    name: str
    form: str
    source: str
    key: str  # normalised


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    text = LEGAL_SUFFIXES.sub(" ", text)
    return PUNCT.sub("", text)


@cache
def names() -> tuple[WatchName, ...]:
    out: list[WatchName] = []
    for path in sorted(model_path("watchlist").glob("*.tsv")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#") or not line.strip():
                    continue
                entity, name, form, source = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
                key = normalise(name)
                if key:
                    out.append(WatchName(entity, name, form, f"{source} ({path.name})", key))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Match:
    entry: WatchName
    matched: str
    score: float


def _prefix_score(name_key: str, key: str) -> tuple[float, str]:
    """Near-exact head of a long name (at least 10 characters and 60% of it), scored a little lower."""
    from rapidfuzz import fuzz

    head = name_key[: max(PREFIX, int(len(name_key) * 0.6))]
    if len(key) < len(head):
        return 0.0, ""
    aligned = fuzz.partial_ratio_alignment(head, key)
    if aligned.score < 95:
        return 0.0, ""
    return round(aligned.score * 0.95, 1), key[aligned.dest_start : aligned.dest_end]


def match(text: str) -> list[Match]:
    """Watchlisted names found in `text`, best per entity."""
    from rapidfuzz import fuzz

    key = normalise(text)
    if not key:
        return []
    best: dict[str, Match] = {}
    for entry in names():
        if len(entry.key) < MIN_NAME:
            score = 100.0 if entry.key in key else 0.0
            matched = entry.name
        elif len(key) < len(entry.key) * 0.85:
            score, matched = fuzz.ratio(entry.key, key), text
        else:
            aligned = fuzz.partial_ratio_alignment(entry.key, key)
            score, matched = aligned.score, key[aligned.dest_start : aligned.dest_end]
        needed = MIN_SCORE if len(entry.key) >= 12 else 96.0  # one letter off in a short name is another name
        if score < needed and len(entry.key) > PREFIX:
            score, matched = _prefix_score(entry.key, key)
        if score >= needed and (entry.entity not in best or score > best[entry.entity].score):
            best[entry.entity] = Match(entry, matched, round(score, 1))
    return list(best.values())

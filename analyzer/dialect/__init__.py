"""How strongly Korean text follows North Korean spelling norms: `dialect_score(text)`.

NK-style spelling is also the norm of ethnic Koreans in China and appears in
older South Korean print; ≪≫ quotes and NK loanwords point more specifically to the DPRK.

May import: text, resources, engines (the Korean tagger), notices. Never align, detect, report or run.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace

from analyzer.dialect import markers as _markers
from analyzer.dialect.markers import STRONG_KINDS, Marker
from analyzer.dialect.score import (
    feature_values,
    file_threshold,
    flag_threshold,
    korean_words,
    note_threshold,
    probability_of,
)
from analyzer.text.normalize import is_normal, normalize

__all__ = [
    "CAVEAT",
    "DialectScore",
    "Marker",
    "STRONG_KINDS",
    "dialect_score",
    "file_threshold",
    "flag_threshold",
    "note_threshold",
    "notes_score",
    "read_ahead",
]

CAVEAT = (
    "North-Korean-style spelling is also the norm of ethnic Koreans in China and appears in older South Korean "
    "print; ≪≫ quotes and North Korean loanwords point more specifically to the DPRK. A lead, not a verdict"
)


@dataclass(frozen=True, slots=True)
class DialectScore:
    """nk_score in [0, 1], the markers behind it, and how often each spacing construction was attached or detached
    (with the content morphemes of the words, which the score weighs too)."""

    nk_score: float
    markers: tuple[Marker, ...]
    spacing: tuple[tuple[str, int], ...] = ()  # ("attached-dependent-noun", 2), ("detached-auxiliary", 1) ...

    def count(self, *kinds: str) -> int:
        table = dict(self.spacing)
        return sum(table.get(kind, 0) for kind in kinds)

    def to_dict(self) -> dict[str, object]:
        return {"nk_score": self.nk_score, "markers": [m.to_dict() for m in self.markers]}


def dialect_score(text: str) -> DialectScore:
    """Score one line or document of Korean text (the JVM starts only if the text has Hangul).

    Invisible characters and decomposed Hangul are read through (analyzer/text/normalize.py); markers'
    offsets point into `text`, their `text` is the normalised form."""
    normalized = None if is_normal(text) else normalize(text)  # nearly every text is: no record to make
    read = text if normalized is None else normalized.text
    tagged = _markers.tagging(read)  # always asked, in turn: the tagger's caches see every text
    known = _scores.get(text)
    if known is not None and known[0] == tagged:  # the same text tagged the same: the same score
        return known[1]
    markers, counts = _markers.markers_from(read, tagged)
    # Without a Korean word there are no norms to follow (the shrunk rates would give the prior's score).
    words = korean_words(read)
    p = round(probability_of(feature_values(read, markers, counts, words=words)), 4) if words else 0.0
    if normalized is not None and normalized.changed:
        markers = [replace(m, **_span(normalized.original_span(m.start, m.end))) for m in markers]
    scored = DialectScore(p, tuple(markers), tuple(sorted(counts.items())))
    if len(_scores) >= SCORES_KEPT:
        with suppress(KeyError):  # another thread (a library caller's) evicting too
            _scores.popitem(last=False)  # the oldest
    _scores[text] = (tagged, scored)
    return scored


# The last texts scored, with what the tagger gave for them (notes repeat from cut to cut). Only a text tagged the same
# way again takes its score from here: Komoran's tags can depend on what it tagged before (markers.read_ahead).
# An OrderedDict drops its oldest at once; a dict's first key is found past the slots of every key deleted before it.
SCORES_KEPT = 1024
_scores: OrderedDict[str, tuple[_markers.Tagging | None, DialectScore]] = OrderedDict()


def notes_score(notes: Sequence[str]) -> DialectScore:
    """The score of several notes read together (a file's Korean notes): one line each."""
    return dialect_score("\n".join(notes))


def read_ahead(texts: Iterable[str]) -> None:
    """Tag now, back to back, the texts that dialect_score will be asked for next, in that order: the same scores,
    for less (markers.read_ahead). A text asked out of order drops what is left of the read-ahead."""
    _markers.read_ahead(text if is_normal(text) else normalize(text).text for text in texts)


def _span(span: tuple[int, int]) -> dict[str, int]:
    return {"start": span[0], "end": span[1]}

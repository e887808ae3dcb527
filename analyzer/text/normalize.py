"""A note's text as the analyzer reads it: NFC, without invisible characters, with offsets back to the original.

A delivery can hide a relay pair from detection with characters that render as nothing (a zero-width space,
a soft hyphen, a variation selector, Unicode TAG characters, a right-to-left override) or by writing Hangul
decomposed (NFD, as macOS writes file content and names). Segments, pairs and rules work on the normalised
text; `NormalizedText` keeps what was removed and where each character came from, for the report.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

# Format characters (general category Cf) and the other default-ignorable code points: variation selectors,
# Hangul fillers, the combining grapheme joiner, Mongolian free variation selectors, Khmer inherent vowels, and
# the unassigned default-ignorable ranges, so a newer Unicode's characters are dropped too. Written out rather
# than built from unicodedata (a pass over 1.1M code points at import); tests/test_normalize.py checks that
# every Cf character of this Python's Unicode database is in it.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_TAGS = range(0xE0000, 0xE0080)  # TAG characters: invisible ASCII (U+E0041 is a hidden "A")
# Characters with canonical combining class 0 that NFC still joins to what precedes them: Hangul vowels and
# final consonants (decomposed syllables) above all; others are caught by the check in _compose.
_JOINS_PREVIOUS = re.compile("[\u1161-\u1175\u11a8-\u11c2]")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """`text` is `original` in NFC without invisible characters; `origin[i]` is where text[i] starts in
    `original` (one entry more, for the end)."""

    text: str
    original: str
    removed: tuple[tuple[str, int], ...] = ()  # (Unicode name, count), most frequent first
    composed: int = 0  # characters NFC joined into others (a decomposed syllable of three jamo counts 2)
    hidden: str = ""  # what TAG characters spell (ASCII smuggled past a reader), if any
    origin: tuple[int, ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def original_offset(self, offset: int) -> int:
        """The offset in `original` of `offset` in `text` (an end offset maps to the end of the last character)."""
        if not self.changed:
            return offset
        return self.origin[max(0, min(offset, len(self.text)))]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` that text[start:end] came from (invisible characters inside it included)."""
        if not self.changed:
            return start, end
        if end <= start:
            return self.original_offset(start), self.original_offset(start)
        return self.origin[start], self._end_of(end - 1)

    def _end_of(self, index: int) -> int:
        """Where the original characters behind text[index] end (before any invisible character after them)."""
        stop = self.origin[index + 1]
        while stop > self.origin[index] + 1 and INVISIBLE.match(self.original, stop - 1):
            stop -= 1
        return stop

    def offsets(self) -> list[list[int]]:
        """[normalised offset, original offset] wherever the distance between the two changes: enough to map
        any offset of the report's text back (between two entries, both advance together)."""
        points: list[list[int]] = []
        shift = None
        for index, at in enumerate(self.origin):
            if at - index != shift:
                points.append([index, at])
                shift = at - index
        return points

    def to_dict(self) -> dict[str, Any]:
        """The `normalized` entry of a comment in reports: the text as extracted and what was changed."""
        out: dict[str, Any] = {
            "original": self.original,
            "removed": dict(self.removed),
            "composed": self.composed,
            "offsets": self.offsets(),
        }
        if self.hidden:
            out["hidden_tag_text"] = self.hidden
        return out


def is_normal(text: str) -> bool:
    """Whether `normalize` leaves `text` as it is (nearly every note), known without building its record."""
    return text.isascii() or (INVISIBLE.search(text) is None and unicodedata.is_normalized("NFC", text))


def normalize(text: str) -> NormalizedText:
    """`text` in NFC without invisible characters, with the map back to `text`."""
    if is_normal(text):
        return NormalizedText(text, text)
    kept: list[str] = []
    positions: list[int] = []
    removed: Counter[str] = Counter()
    hidden: list[str] = []
    last = 0
    for match in INVISIBLE.finditer(text):
        kept.append(text[last : match.start()])
        positions.extend(range(last, match.start()))
        char = match.group()
        if ord(char) in _TAGS:
            removed["TAG CHARACTER"] += 1
            if 0x20 <= ord(char) - 0xE0000 < 0x7F:
                hidden.append(chr(ord(char) - 0xE0000))
        else:
            removed[unicodedata.name(char, f"U+{ord(char):04X}")] += 1
        last = match.end()
    kept.append(text[last:])
    positions.extend(range(last, len(text)))
    visible = "".join(kept)
    composed, origin = _compose(visible, positions)
    return NormalizedText(
        text=composed,
        original=text,
        removed=tuple(sorted(removed.items(), key=lambda item: (-item[1], item[0]))),
        composed=len(visible) - len(composed),
        hidden="".join(hidden),
        origin=(*origin, len(text)),
    )


def _compose(visible: str, positions: list[int]) -> tuple[str, list[int]]:
    """NFC of `visible` and the original position of each resulting character.

    NFC is taken cluster by cluster (a starter and what joins it), so each composed character knows the
    cluster it came from; where NFC would join across two clusters (a rare script's vowel sign), the clusters
    are taken together.
    """
    if unicodedata.is_normalized("NFC", visible):
        return visible, positions
    starts = [
        i
        for i, char in enumerate(visible)
        if i == 0 or (unicodedata.combining(char) == 0 and not _JOINS_PREVIOUS.match(char))
    ]
    clusters: list[tuple[int, int]] = []
    for start, end in zip(starts, [*starts[1:], len(visible)]):
        if clusters:
            prev_start, prev_end = clusters[-1]
            joined = unicodedata.normalize("NFC", visible[prev_start:end])
            apart = unicodedata.normalize("NFC", visible[prev_start:prev_end]) + unicodedata.normalize(
                "NFC", visible[start:end]
            )
            if joined != apart:
                clusters[-1] = (prev_start, end)
                continue
        clusters.append((start, end))
    pieces: list[str] = []
    origin: list[int] = []
    for start, end in clusters:
        piece = unicodedata.normalize("NFC", visible[start:end])
        pieces.append(piece)
        # A cluster that NFC leaves as long as it was keeps its characters' own positions; a shorter one
        # (a composed syllable) starts where its cluster starts.
        if len(piece) == end - start:
            origin.extend(positions[start:end])
        else:
            origin.extend(positions[min(start + i, end - 1)] for i in range(len(piece)))
    text = "".join(pieces)
    if text != unicodedata.normalize("NFC", visible):  # cannot happen with the joins above; stay correct anyway
        text = unicodedata.normalize("NFC", visible)
        origin = [positions[min(i, len(positions) - 1)] for i in range(len(text))]
    return text, origin

"""Chinese -> Korean vocabulary matches (models/glossary/zh-ko.tsv): 眼睛 is rendered 눈, 太高 as 너무 높-."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from analyzer.align.readings import syllable_rate
from analyzer.resources import read_tsv


@dataclass(frozen=True, slots=True)
class Glossary:
    terms: dict[str, tuple[str, ...]]
    longest: int


# A one-syllable form found in more than this share of Korean sentences (이, 가, 선, 위) proves nothing.
MAX_CHANCE_RATE = 0.12


def _too_common(form: str) -> bool:
    return len(form) == 1 and syllable_rate(form) > MAX_CHANCE_RATE


@cache
def glossary() -> Glossary:
    terms: dict[str, tuple[str, ...]] = {}
    for row in read_tsv("glossary", "zh-ko.tsv"):
        forms = tuple(f for f in row[1].split("|") if f and not _too_common(f))
        if forms:
            terms[row[0]] = terms.get(row[0], ()) + forms
    return Glossary(terms, max(map(len, terms), default=1))

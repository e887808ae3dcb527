"""Chinese -> Korean vocabulary matches (models/glossary/zh-ko.tsv): 眼睛 is rendered 눈, 太高 as 너무 높-."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from analyzer.resources import read_tsv


@dataclass(frozen=True, slots=True)
class Glossary:
    terms: dict[str, tuple[str, ...]]
    longest: int


@cache
def glossary() -> Glossary:
    terms: dict[str, tuple[str, ...]] = {}
    for row in read_tsv("glossary", "zh-ko.tsv"):
        forms = tuple(f for f in row[1].split("|") if f)
        terms[row[0]] = terms.get(row[0], ()) + forms
    return Glossary(terms, max(map(len, terms), default=1))


def glossary_matches(chinese: str, korean: str) -> list[tuple[int, int, str, str]]:
    """(start, end, zh term, ko form) for glossary terms in the Chinese whose rendering is in the Korean.

    Longest terms win; a term whose rendering is absent leaves room for shorter ones.
    """
    table = glossary()
    matches: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(chinese):
        for length in range(min(table.longest, len(chinese) - i), 0, -1):
            term = chinese[i : i + length]
            forms = table.terms.get(term)
            form = next((f for f in forms if f in korean), None) if forms else None
            if form:
                matches.append((i, i + length, term, form))
                i += length
                break
        else:
            i += 1
    return matches

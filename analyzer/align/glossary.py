"""Chinese -> Korean vocabulary matches: 眼睛 is rendered 눈, 太高 as 너무 높-, 没有 as 없-.

models/glossary/zh-ko.tsv holds the vocabulary of animation production and editing notes;
zh-ko-general.tsv everyday words whose Korean is not their Sino-Korean reading; zh-ko-conversation.tsv
greetings and set phrases of short spoken sentences (谢谢 -> 고맙다, 不知道 -> 모르다); zh-ko-names.tsv
foreign names in their Chinese and Korean transliterations (汤姆 -> 톰). All count as pair evidence; only
the first says what Korean usage is (the calque signal).
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.align.readings import syllable_rate
from analyzer.resources import read_tsv, table

FILES = ("zh-ko.tsv", "zh-ko-general.tsv", "zh-ko-conversation.tsv", "zh-ko-names.tsv")
# The note vocabulary (너무, 다시, 주십시오) is in nearly every editing note, whatever chance a counted corpus gives
# it: a note term found counts at most this many nats per character, one missing nothing.
NOTE_GLOSS_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Glossary:
    terms: dict[str, tuple[str, ...]]  # every term of FILES -> its Korean forms
    usage: dict[str, tuple[str, ...]]  # terms of zh-ko.tsv only: the renderings a calque is told from
    longest: int
    lengths: dict[str, tuple[int, ...]]  # first character -> the lengths of the terms starting with it, ascending


# A one-syllable form found in more than this share of Korean sentences (이, 가, 선, 위) proves nothing.
MAX_CHANCE_RATE = 0.12


def _too_common(form: str) -> bool:
    return len(form.strip()) == 1 and syllable_rate(form.strip()) > MAX_CHANCE_RATE


def _load(name: str) -> dict[str, tuple[str, ...]]:
    terms: dict[str, tuple[str, ...]] = {}
    for row in read_tsv("glossary", name):
        forms = tuple(f for f in row[1].split("|") if f.strip() and not _too_common(f))
        if forms:
            terms[row[0]] = terms.get(row[0], ()) + forms
    return terms


@table
def glossary() -> Glossary:
    usage = _load(FILES[0])
    terms = dict(usage)
    for name in FILES[1:]:
        for term, forms in _load(name).items():
            terms[term] = terms.get(term, ()) + tuple(f for f in forms if f not in terms.get(term, ()))
    lengths: dict[str, set[int]] = {}
    for term in terms:
        lengths.setdefault(term[0], set()).add(len(term))
    first = {char: tuple(sorted(found)) for char, found in lengths.items()}
    return Glossary(terms, usage, max(map(len, terms), default=1), first)

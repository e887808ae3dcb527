"""Mixed-language lines built from FLORES-200 dev clauses, and their letter accuracy.

A line is a clause of one language, a separator (a space or punctuation: never nothing, since kanji
glued to kana is Japanese by definition), and a clause of another: `头发颜色要统一 / 머리 색을 통일하세요`.
Clauses are FLORES sentences cut at their commas and stops, then cut to note length; the Chinese side
is Simplified or Traditional at random. Seeded, so every run builds the same lines. Lines are built
from even or odd FLORES lines apart: the segmenter's thresholds were chosen on even lines.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

KINDS = (
    ("zh", "ko"),
    ("ko", "zh"),
    ("ja", "zh"),
    ("zh", "ja"),
    ("en", "zh"),
    ("zh", "en"),
    ("ko", "en"),
    ("en", "ko"),
    ("ja", "ko"),
    ("ko", "ja"),
    ("en", "ja"),
    ("ja", "en"),
)
SOURCES = {"zh": ("zho_Hans", "zho_Hant"), "ko": ("kor_Hang",), "ja": ("jpn_Jpan",), "en": ("eng_Latn",)}
# What stands between the two clauses of a note: spaces, full- and half-width punctuation, arrows, slashes.
SEPARATORS = (" ", "  ", "，", "。", "、", ", ", ". ", "! ", "？", " / ", " → ", ": ", " - ", "\u3000", "；", " | ")
_CLAUSE_BREAK = {
    "zh": re.compile(r"[，。、；：！？]"),
    "ja": re.compile(r"[、。；：！？]"),
    "ko": re.compile(r"[,.;:!?](?:\s|$)"),
    "en": re.compile(r"[,.;:!?](?:\s|$)"),
}
_SCRIPT = {
    "zh": re.compile(r"[\u3400-\u9fff]"),
    "ja": re.compile(r"[\u3040-\u30ff]"),  # a Japanese clause has kana: kanji-only clauses need a file's context
    "ko": re.compile(r"[\uac00-\ud7a3]"),
    "en": re.compile(r"[A-Za-z]"),
}
# Letters a clause may hold: its own scripts only, so that every letter of a line has one right answer (FLORES
# clauses quote Latin names, "Sea to Sky", which a reader could assign to either side).
_FOREIGN = {
    "zh": re.compile(r"[^\W\d_\u3400-\u9fff]"),
    "ja": re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\u3005]"),
    "ko": re.compile(r"[^\W\d_\uac00-\ud7a3]"),
    "en": re.compile(r"[^\W\d_A-Za-z]"),
}


@dataclass(frozen=True, slots=True)
class MixedLine:
    kind: str  # "ja+zh": the language of the first clause, then of the second
    text: str
    truth: tuple[str | None, ...]  # per character: the language of its clause, None for the separator


def clauses(line: str, lang: str, rng: random.Random) -> list[str]:
    """The clauses of one FLORES line in its own scripts only, each cut to a note's length (CJK 3-24 characters,
    English 1-10 words)."""
    out = []
    for part in _CLAUSE_BREAK[lang].split(line):
        part = part.strip().strip('"')
        if lang == "en":
            words = part.split()
            part = " ".join(words[: rng.randint(1, 10)])
        else:
            part = part[: rng.randint(3, 24)].strip()
        if part and _SCRIPT[lang].search(part) and not _FOREIGN[lang].search(part):
            out.append(part)
    return out


def build(corpus: dict[str, list[str]], parity: int, per_kind: int, seed: int = 21) -> list[MixedLine]:
    """`per_kind` lines of each kind from the FLORES lines of `parity` (0 even, 1 odd), seeded."""
    rng = random.Random(seed + parity)
    numbers = range(parity, min(len(lines) for lines in corpus.values()), 2)
    lines = []
    for first, second in KINDS:
        for _ in range(per_kind):
            left = _pick(corpus, first, numbers, rng)
            right = _pick(corpus, second, numbers, rng)
            separator = rng.choice(SEPARATORS)
            text = left + separator + right
            truth = (first,) * len(left) + (None,) * len(separator) + (second,) * len(right)
            lines.append(MixedLine(f"{first}+{second}", text, truth))
    return lines


def _pick(corpus: dict[str, list[str]], lang: str, numbers: Sequence[int], rng: random.Random) -> str:
    while True:
        found = clauses(corpus[rng.choice(SOURCES[lang])][rng.choice(numbers)], lang, rng)
        if found:
            return rng.choice(found)


def letter_labels(line: MixedLine, labels: Callable[[str], list[str | None]]) -> tuple[int, int]:
    """(letters labelled with their clause's language, letters) of a line, given a per-character labeller."""
    got = labels(line.text)
    right = total = 0
    for char, truth, label in zip(line.text, line.truth, got):
        if truth is None or not char.isalpha():
            continue
        total += 1
        right += label == truth
    return right, total

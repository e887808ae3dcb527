"""How often each piece of evidence turns up in a real translation, induced from translated sentence pairs.

For a Han character: how often its Sino-Korean reading is found in the Korean translation (的 seldom,
国 mostly). For a glossary term: how often one of its Korean forms is found when the term is in the Chinese
(在 -> 에서 often, 大 -> 크 rarely), and in how many Korean sentences the forms occur at all, which is the
chance of finding them in a Korean text that is no translation. Terms of the general lexicon only: the note
vocabulary of zh-ko.tsv is common in notes whatever a news corpus says. records.py turns these into log-likelihood
ratios. Counts live in models/align/evidence_rates.tsv, counted and written by scripts/induce_pair_rates.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.resources import model_path, table

CHAR_PRIOR = 5.0  # pseudo-translations pulling a character's rate toward the mean rate of all characters
TERM_PRIOR = 3.0  # the same for a glossary term
FILE = ("align", "evidence_rates.tsv")


@dataclass(frozen=True, slots=True)
class EvidenceRates:
    """Counts from translated pairs: character -> (seen, reading found); term -> (seen, form found)."""

    chars: dict[str, tuple[int, int]] = field(default_factory=dict)
    terms: dict[str, tuple[int, int]] = field(default_factory=dict)
    term_sentences: dict[str, int] = field(default_factory=dict)  # Korean sentences holding one of the forms
    sentences: int = 0  # Korean sentences counted for term_sentences
    syllables: float = 1.0  # their mean number of distinct syllables
    char_mean: float = field(init=False)
    term_mean: float = field(init=False)

    def __post_init__(self) -> None:
        seen = sum(s for s, _ in self.chars.values())
        object.__setattr__(self, "char_mean", sum(f for _, f in self.chars.values()) / seen if seen else 0.3)
        seen = sum(s for s, _ in self.terms.values())
        object.__setattr__(self, "term_mean", sum(f for _, f in self.terms.values()) / seen if seen else 0.3)

    def char_rate(self, char: str) -> float:
        """P(the character's reading is in the translation), smoothed toward the mean."""
        seen, found = self.chars.get(char, (0, 0))
        return (found + CHAR_PRIOR * self.char_mean) / (seen + CHAR_PRIOR)

    def term_rate(self, term: str) -> float:
        """P(one of the term's Korean forms is in the translation), smoothed toward the mean."""
        seen, found = self.terms.get(term, (0, 0))
        return (found + TERM_PRIOR * self.term_mean) / (seen + TERM_PRIOR)

    def term_hazard(self, term: str) -> float | None:
        """Chance per Korean syllable of meeting one of the term's forms: P(in a text of n syllables) is
        1 - exp(-hazard * n). None when the term was not counted (then the caller estimates it)."""
        if term not in self.term_sentences or not self.sentences:
            return None
        share = (self.term_sentences[term] + 0.5) / (self.sentences + 1)
        return -math.log(1.0 - share) / self.syllables


def read(path: Path) -> EvidenceRates:
    chars, terms, term_sentences = {}, {}, {}
    sentences, syllables = 0, 1.0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = line.rstrip("\n").split("\t")
            if row[0] == "#sentences":
                sentences = int(row[1])
            elif row[0] == "#syllables":
                syllables = float(row[1])
            elif row[0] == "char":
                chars[row[1]] = (int(row[2]), int(row[3]))
            elif row[0] == "term":
                if int(row[2]):
                    terms[row[1]] = (int(row[2]), int(row[3]))
                term_sentences[row[1]] = int(row[4])
    return EvidenceRates(chars, terms, term_sentences, sentences, syllables)


@table
def evidence_rates() -> EvidenceRates:
    """The shipped counts (models/align/evidence_rates.tsv); without the file, every rate is a default prior."""
    path = model_path(*FILE)
    return read(path) if path.exists() else EvidenceRates()

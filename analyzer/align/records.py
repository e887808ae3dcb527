"""Everything about one sentence that the pair features need, computed once: the Chinese side's readings,
glossary terms, name parts, numbers and chance curves, the Korean side's syllables and tokens.

The alignment DP scores many pairs per sentence, so all that depends on one side only is
precomputed here; a pair then costs a few set intersections (matching.py, features.py).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import field
from functools import cache, lru_cache, partial
from operator import itemgetter

from analyzer.align import numerals
from analyzer.align.chance import CEILING, CHANCE_POINTS, NOTHING, char_curves, llr_curves, note_curves, sum_curves
from analyzer.align.glossary import NOTE_GLOSS_WEIGHT, glossary
from analyzer.align.rates import EvidenceRates, evidence_rates
from analyzer.align.readings import (
    char_forms,
    char_log_miss,
    char_weight,
    form_weight,
    mean_syllables,
    read_through,
    southern_spelling,
    syllable_weight,
    to_simplified,
    to_traditional,
    transliteration,
    word_length_at,
    zh_word_prefixes,
    zh_words,
)
from analyzer.align.sounds import latin_names
from analyzer.model import record
from analyzer.text.scripts import HANGUL_SYLLABLES

# Punctuation classes compared across the two sides (after NFKC, so ？ is ? and （ is ().
_PUNCT_CLASSES = ("?", "!", "\"“”「」『』‘’'", "()[]【】《》〈〉", ":", "%", ";", "/", "…")
_HANGUL_RUN = re.compile(f"[{HANGUL_SYLLABLES}]+")


_PUNCT_CLASS_OF = {mark: index for index, marks in enumerate(_PUNCT_CLASSES) for mark in marks}


_PUNCT_MARK = re.compile("[" + re.escape("".join(_PUNCT_CLASS_OF)) + "]")
_NO_PUNCT = (0,) * len(_PUNCT_CLASSES)


def _punct(text: str) -> tuple[int, ...]:
    """How many marks of each class the text holds (the regex finds the few marks; most text has none)."""
    marks = _PUNCT_MARK.findall(text)
    if not marks:
        return _NO_PUNCT
    counts = [0] * len(_PUNCT_CLASSES)
    for mark in marks:
        counts[_PUNCT_CLASS_OF[mark]] += 1
    return tuple(counts)


@record
class ZhSide:
    text: str
    weights: tuple[float, ...]  # informativeness of each character's reading; 0 when it has none
    # Per character with a reading, in order: its reading weight matched by chance in Korean of g grid steps
    # (chance.py) followed by the LLR of missing it (chance.char_curves); summed at a grid point when a pair reads it.
    char_curves: tuple[tuple[float, ...], ...]
    total_weight: float
    by_form: dict[str, tuple[int, ...]]  # reading syllable -> character offsets read that way
    by_bigram: dict[str, tuple[int, ...]]  # reading of two adjacent characters -> start offsets
    translit: tuple[tuple[int, tuple[str, ...]], ...]  # two transliteration characters: start, Hangul renderings
    gloss: tuple[tuple[int, int, str, tuple[str, ...]], ...]  # glossary terms present: start, end, term, ko forms
    tokens: frozenset[str]
    latin_names: tuple[tuple[str, str], ...]  # Latin words and their sound skeletons (Hastings -> STNS)
    numerals: frozenset[str]  # values of Chinese numerals: they count when the Korean has the digits, never against
    punct: tuple[int, ...]
    length: int  # letters, digits and Han characters
    # Naive-Bayes log-likelihood ratios (translation vs unrelated Korean), tabled like `chance`: the sum when
    # nothing is found (`read_miss`, `gloss_miss`), and per reading character / glossary hit what finding it adds
    # (rates.py has the rates).
    read_gain: dict[int, tuple[float, ...]]  # character offset -> gain
    gloss_curves: tuple[tuple[float, ...], ...]  # the glossary terms' miss curves summed into `gloss_miss`
    gloss_gain: tuple[tuple[float, ...], ...]  # one per entry of `gloss`
    simple: str = ""  # the text in simplified characters (OpenCC t2s), what glossary and word lookups read
    # grid point -> (chance, read_miss, gloss_miss) there: a pair reads two points of the curves (features.py), so
    # a record sums the points its pairs read, not all of them.
    points: dict[int, tuple[float, float, float]] = field(default_factory=dict, compare=False, repr=False)
    found_word_starts: frozenset[int] | None = field(default=None, compare=False, repr=False)  # word_starts, once read

    @property
    def word_starts(self) -> frozenset[int]:
        """Offsets i where text[i:i+2] lies inside a dictionary word (调整, 科学家): read only where a reading
        bigram of the sentence is found in the Korean (matching.py), about half the sentences; found on first use."""
        found = self.found_word_starts
        if found is None:
            found = _word_starts(self.text, self.simple)
            object.__setattr__(self, "found_word_starts", found)  # a cache on a frozen record, as __init__ sets it
        return found

    def at_point(self, point: int) -> tuple[float, float, float]:
        """`chance`, `read_miss` and `gloss_miss` at a grid point: the same sums, in the same order."""
        found = self.points.get(point)
        if found is None:
            curves, gloss = self.char_curves, self.gloss_curves
            found = self.points[point] = (
                sum(map(itemgetter(point), curves)) if curves else 0.0,
                sum(map(itemgetter(CHANCE_POINTS + point), curves)) if curves else 0.0,
                sum(map(itemgetter(point), gloss)) if gloss else 0.0,
            )
        return found

    @property
    def chance(self) -> tuple[float, ...]:
        """Reading weight matched by chance in Korean of g grid steps (chance.py)."""
        return sum_curves(list(self.char_curves), 2 * CHANCE_POINTS)[:CHANCE_POINTS]

    @property
    def read_miss(self) -> tuple[float, ...]:
        return sum_curves(list(self.char_curves), 2 * CHANCE_POINTS)[CHANCE_POINTS:]

    @property
    def gloss_miss(self) -> tuple[float, ...]:
        return sum_curves(list(self.gloss_curves))


@record
class KoSide:
    text: str
    syllables: frozenset[str]
    hangul: str  # the runs of Hangul syllables, one space between runs
    bigrams: frozenset[str]
    weights: dict[str, float]  # syllable -> informativeness summed over its occurrences
    bigram_weights: dict[str, float]
    total_weight: float
    tokens: frozenset[str]
    punct: tuple[int, ...]
    length: int
    southern: str = ""  # the text with word-initial ㄹ/ㄴ in South Korean spelling, when that differs
    numerals: frozenset[str] = frozenset()  # values of native Korean numbers (두 개 -> 2): for a pair, never against


@cache
def _translit_runs() -> re.Pattern[str]:
    """Two or more transliteration characters in a row (most sentences have none: one regex scan tells)."""
    return re.compile(f"[{''.join(map(re.escape, transliteration()))}]{{2,}}")


def _translit_pairs(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    pairs = []
    for run in _translit_runs().finditer(text):
        sounds = list(map(transliteration().__getitem__, run.group()))
        for i, (first, second) in enumerate(zip(sounds, sounds[1:]), run.start()):
            pairs.append((i, tuple(a + b for a in first for b in second)))
    return tuple(pairs)


_Reading = tuple[frozenset[str], float, tuple[tuple[float, ...], tuple[float, ...]] | None]


def _reading(original: str, simple: str, traditional: str, rates: EvidenceRates) -> _Reading:
    """A character's reading forms (those of its traditional form, else its simplified, else its own), their
    weight, and its chance curves (chance.char_curves; None when it has no reading)."""
    forms = char_forms(traditional) or char_forms(simple) or char_forms(original)
    weight = char_weight(forms)
    curves = char_curves(weight, char_log_miss(forms), rates.char_rate(original)) if weight else None
    return forms, weight, curves


@lru_cache(maxsize=16384)  # a few thousand characters cover most text: a small table, computed once per character
def _shipped_reading(original: str, simple: str, traditional: str) -> _Reading:
    """`_reading` with the shipped evidence rates."""
    return _reading(original, simple, traditional, evidence_rates())


class _CharReadings(dict[str, _Reading]):
    """A character -> `_shipped_reading` of it in a simplified text read through (readings.read_through: its reading
    depends on the character alone). Asked only for the characters of such a text, which all read through."""

    def __missing__(self, char: str) -> _Reading:
        if len(self) >= _CHARS_KEPT:  # a hostile text of every code point: kept bounded
            self.clear()
        through = read_through(char)
        if through is None:
            raise ValueError(f"{char!r} does not read through: ask _shipped_reading")
        found = self[char] = _shipped_reading(char, char, through)
        return found


_CHARS_KEPT = 65536
_CHAR_READINGS = _CharReadings()


def _term_log_miss(term: str, forms: tuple[str, ...], rates: EvidenceRates) -> float:
    """log P(none of the term's forms in a typical Korean sentence), counted or else estimated from syllables."""
    hazard = rates.term_hazard(term)
    if hazard is not None:
        return -hazard * mean_syllables()
    share = max(math.exp(-form_weight(f)) for f in forms)
    return math.log(1.0 - min(share, CEILING))


def _term_curves(term: str, rates: EvidenceRates) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """A glossary term's log-likelihood ratio of missing it and what finding it adds, along the chance grid.
    The note vocabulary counts at most NOTE_GLOSS_WEIGHT per character found, nothing when missing (glossary.py)."""
    table = glossary()
    if term in table.usage:
        return note_curves(len(term), NOTE_GLOSS_WEIGHT)
    return llr_curves(_term_log_miss(term, table.terms[term], rates), rates.term_rate(term))


@lru_cache(maxsize=8192)  # at most one entry per glossary term
def _shipped_term_curves(term: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """`_term_curves` with the shipped evidence rates."""
    return _term_curves(term, evidence_rates())


@lru_cache(maxsize=16384)  # pairs of adjacent characters' readings: common words come back sentence after sentence
def _bigrams(first: frozenset[str], second: frozenset[str]) -> tuple[str, ...]:
    """The readings of two adjacent characters, each form of the first followed by each form of the second."""
    return tuple(a + b for a in first for b in second)


def _word_starts(text: str, simple: str) -> frozenset[int]:
    """ZhSide.word_starts of a text and its simplified form."""
    words, word_prefixes = zh_words(), zh_word_prefixes()
    word_starts: set[int] = set()
    for start in range(len(text) - 1):
        # Most offsets start no word: told by the prefix test word_length_at begins with, without the call.
        length = simple[start : start + 2] in word_prefixes and word_length_at(simple, start, words, word_prefixes)
        if length:
            word_starts.update(range(start, start + length - 1))
    return frozenset(word_starts)


def zh_side(text: str, rates: EvidenceRates | None = None) -> ZhSide:
    """Everything about a Chinese sentence that the pair features need; `rates` default to the shipped ones."""
    shipped = evidence_rates()
    rates = rates if rates is not None else shipped
    normal = unicodedata.normalize("NFKC", text)
    simple = to_simplified(text)  # Traditional Chinese is looked up in the (simplified) glossaries and word list
    through = read_through(simple)  # what the readings see of to_traditional(simple), without OpenCC
    if through is not None and rates is shipped and simple == text:  # each character's reading is its own
        readings = map(_CHAR_READINGS.__getitem__, text)
    else:
        reading = _shipped_reading if rates is shipped else partial(_reading, rates=rates)
        readings = map(reading, text, simple, to_traditional(simple) if through is None else through)
    weights: list[float] = []
    chance_curves: list[tuple[float, ...]] = []  # of the characters with a reading, in order: summed in that order
    read_gain: dict[int, tuple[float, ...]] = {}
    # Offsets kept in tuples grown by one (a form is seldom read twice in a sentence): no list made and then copied.
    by_form: dict[str, tuple[int, ...]] = {}
    by_bigram: dict[str, tuple[int, ...]] = {}
    form_at, bigram_at = by_form.get, by_bigram.get
    previous: frozenset[str] = frozenset()  # the reading forms of the character before
    for i, (forms, weight, curves) in enumerate(readings):
        weights.append(weight)
        if curves is not None:
            chance_curves.append(curves[0])
            read_gain[i] = curves[1]
        if forms:
            for form in forms:
                by_form[form] = form_at(form, ()) + (i,)
            if previous:
                for bigram in _bigrams(previous, forms):
                    by_bigram[bigram] = bigram_at(bigram, ()) + (i - 1,)
        previous = forms
    tokens = numerals.tokens(numerals.DECADES.sub(" ", normal) if "世纪" in normal else normal)
    table = glossary()
    term_curves = _shipped_term_curves if rates is shipped else partial(_term_curves, rates=rates)
    gloss = []
    gloss_misses: list[tuple[float, ...]] = []  # a note term's is all zeros: left out, as + 0.0 leaves a sum as it is
    gloss_gains: list[tuple[float, ...]] = []
    terms, size = table.terms, len(text)
    for start, lengths in enumerate(map(table.lengths.get, simple)):  # the lengths of terms starting with the char
        if lengths is None:
            continue
        for length in lengths:
            if length > size - start:
                break
            term = simple[start : start + length]
            forms = terms.get(term)
            if forms is not None:
                gloss.append((start, start + length, term, forms))
                miss, gain = term_curves(term)
                if miss is not NOTHING:
                    gloss_misses.append(miss)
                gloss_gains.append(gain)
    return ZhSide(
        text,
        tuple(weights),
        tuple(chance_curves),
        sum(weights),
        by_form,
        by_bigram,
        _translit_pairs(simple),
        tuple(gloss),
        tokens,
        latin_names(normal),
        (numerals.chinese_numbers(simple) | numerals.decades(normal)) - tokens,
        _punct(normal),
        sum(map(str.isalnum, text)),  # Han characters count: str.isalnum() is true for them
        read_gain,
        tuple(gloss_misses),
        tuple(gloss_gains),
        simple,
    )


class _SyllableWeights(dict[str, float]):
    """`syllable_weight` of each Hangul syllable met (at most 11,172): a subscript costs less than a cached call, and
    ko_side asks three times a syllable."""

    def __missing__(self, syllable: str) -> float:
        weight = self[syllable] = syllable_weight(syllable)
        return weight


_SYLLABLE_WEIGHTS = _SyllableWeights()


def ko_side(text: str) -> KoSide:
    normal = unicodedata.normalize("NFKC", text)
    runs = _HANGUL_RUN.findall(text)  # a Sino-Korean word is written without a space or a mark inside
    syllables = "".join(runs)  # every Hangul syllable of the text, in order
    weights: dict[str, float] = {}
    weight_of, weight = weights.get, _SYLLABLE_WEIGHTS
    for syllable in syllables:
        weights[syllable] = weight_of(syllable, 0.0) + weight[syllable]
    bigram_weights: dict[str, float] = {}
    bigram_weight = bigram_weights.get
    for run in runs:
        for a, b in zip(run, run[1:]):
            pair = a + b
            bigram_weights[pair] = bigram_weight(pair, 0.0) + weight[a] + weight[b]
    return KoSide(
        text,
        frozenset(syllables),
        " ".join(runs),
        frozenset(bigram_weights),
        weights,
        bigram_weights,
        sum(weights.values()),
        numerals.tokens(normal),
        _punct(normal),
        sum(map(str.isalnum, normal)),
        southern if (southern := southern_spelling(text)) != text else "",
        numerals.korean_numbers(text),
    )

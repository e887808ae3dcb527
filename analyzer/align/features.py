"""Evidence computed once per sentence (readings, glossary candidates, tokens, punctuation, length), and the
features of a Chinese-Korean pair built cheaply from two such records.

The alignment DP scores many pairs per sentence, so everything that depends on one
side only is precomputed here; a pair then costs a few set intersections.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from analyzer.align.glossary import glossary
from analyzer.align.readings import char_forms, char_weight, syllable_weight, to_traditional

_TOKEN = re.compile(r"[A-Za-z]+[0-9]*|[0-9]+")
# Punctuation classes compared across the two sides (after NFKC, so ？ is ? and （ is ().
_PUNCT_CLASSES = ("?", "!", "\"“”「」『』‘’'", "()[]【】《》〈〉", ":", "%", ";", "/", "…")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def _tokens(text: str) -> frozenset[str]:
    """Numbers, Latin words and cut/scene IDs (C012, S3), case-folded; leading zeros dropped from numbers."""
    found = set()
    for token in _TOKEN.findall(text):
        found.add(str(int(token)) if token.isdigit() else token.lower())
    return frozenset(found)


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile("[零一二两三四五六七八九十百千]+")


def _chinese_numbers(text: str) -> frozenset[str]:
    """Values of Chinese numerals (四 -> 4, 二十五 -> 25), which a Korean translation may write in digits."""
    values = set()
    for run in _CN_NUMBER.findall(text):
        total, digit = 0, 0
        for ch in run:
            if ch in _CN_DIGITS:
                digit = _CN_DIGITS[ch]
            else:
                total += max(digit, 1) * {"十": 10, "百": 100, "千": 1000}[ch]
                digit = 0
        values.add(str(total + digit))
    return frozenset(values)


def _punct(text: str) -> tuple[int, ...]:
    return tuple(sum(text.count(mark) for mark in marks) for marks in _PUNCT_CLASSES)


@dataclass(frozen=True, slots=True)
class ZhSide:
    text: str
    weights: tuple[float, ...]  # informativeness of each character's reading; 0 when it has none
    total_weight: float
    by_form: dict[str, tuple[int, ...]]  # reading syllable -> character offsets read that way
    by_bigram: dict[str, tuple[int, ...]]  # reading of two adjacent characters -> start offsets
    gloss: tuple[tuple[int, int, str, tuple[str, ...]], ...]  # glossary terms present: start, end, term, ko forms
    tokens: frozenset[str]
    numerals: frozenset[str]  # values of Chinese numerals: they count when the Korean has the digits, never against
    punct: tuple[int, ...]
    length: int  # letters, digits and Han characters


@dataclass(frozen=True, slots=True)
class KoSide:
    text: str
    syllables: frozenset[str]
    bigrams: frozenset[str]
    weights: dict[str, float]  # syllable -> informativeness summed over its occurrences
    bigram_weights: dict[str, float]
    total_weight: float
    tokens: frozenset[str]
    punct: tuple[int, ...]
    length: int


def zh_side(text: str) -> ZhSide:
    normal = unicodedata.normalize("NFKC", text)
    trad = to_traditional(text)
    forms = [char_forms(t) or char_forms(s) for s, t in zip(text, trad)]
    weights = tuple(char_weight(f) for f in forms)
    by_form: dict[str, list[int]] = {}
    by_bigram: dict[str, list[int]] = {}
    for i, char_readings in enumerate(forms):
        for form in char_readings:
            by_form.setdefault(form, []).append(i)
        if i and forms[i - 1] and char_readings:
            for a in forms[i - 1]:
                for b in char_readings:
                    by_bigram.setdefault(a + b, []).append(i - 1)
    table = glossary()
    gloss = []
    for start in range(len(text)):
        for length in range(1, min(table.longest, len(text) - start) + 1):
            term = text[start : start + length]
            if term in table.terms:
                gloss.append((start, start + length, term, table.terms[term]))
    return ZhSide(
        text,
        weights,
        sum(weights),
        {k: tuple(v) for k, v in by_form.items()},
        {k: tuple(v) for k, v in by_bigram.items()},
        tuple(gloss),
        _tokens(normal),
        _chinese_numbers(text) - _tokens(normal),
        _punct(normal),
        sum(1 for ch in text if ch.isalnum() or _is_han(ch)),
    )


def ko_side(text: str) -> KoSide:
    normal = unicodedata.normalize("NFKC", text)
    syllables = _HANGUL.findall(text)
    weights: dict[str, float] = {}
    for syllable in syllables:
        weights[syllable] = weights.get(syllable, 0.0) + syllable_weight(syllable)
    bigram_weights: dict[str, float] = {}
    for a, b in zip(syllables, syllables[1:]):
        bigram_weights[a + b] = bigram_weights.get(a + b, 0.0) + syllable_weight(a) + syllable_weight(b)
    return KoSide(
        text,
        frozenset(syllables),
        frozenset(bigram_weights),
        weights,
        bigram_weights,
        sum(weights.values()),
        _tokens(normal),
        _punct(normal),
        sum(1 for ch in normal if ch.isalnum()),
    )


@dataclass(frozen=True, slots=True)
class LengthModel:
    """Gale-Church: Korean length ~ Normal(ratio * zh length, variance * zh length)."""

    ratio: float
    variance: float

    def cost(self, zh_length: int, ko_length: int) -> float:
        """-log P(|delta| >= observed), the Gale-Church match cost; grows like delta^2 / 2."""
        zh_length = max(zh_length, 1)
        delta = (ko_length - self.ratio * zh_length) / math.sqrt(self.variance * zh_length)
        return min(-math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)), 20.0)


@dataclass(frozen=True, slots=True)
class Match:
    """Which parts of the Chinese are read or glossed in the Korean."""

    chars: frozenset[int]  # offsets of Chinese characters whose reading occurs in the Korean
    words: frozenset[int]  # offsets inside a matched two-character reading
    glossed: frozenset[int]  # offsets inside a glossary term whose Korean form occurs
    bigrams: tuple[str, ...]  # matched readings of two characters (Korean side)
    gloss: tuple[tuple[int, int, str, str], ...]  # glossary hits: start, end, term, Korean form


def match(z: ZhSide, k: KoSide) -> Match:
    chars: set[int] = set()
    for form in z.by_form.keys() & k.syllables:
        chars.update(z.by_form[form])
    words: set[int] = set()
    bigrams = tuple(z.by_bigram.keys() & k.bigrams)
    for bigram in bigrams:
        for start in z.by_bigram[bigram]:
            words.update((start, start + 1))
    gloss = []
    glossed: set[int] = set()
    for start, end, term, forms in z.gloss:
        form = next((f for f in forms if f in k.text), None)
        if form:
            gloss.append((start, end, term, form))
            glossed.update(range(start, end))
    return Match(frozenset(chars), frozenset(words), frozenset(glossed), bigrams, tuple(gloss))


GLOSS_WEIGHT = 0.5  # nats per Chinese character explained by the glossary alone


def _form_weight(form: str) -> float:
    return sum(syllable_weight(ch) for ch in form if "\uac00" <= ch <= "\ud7a3")


FEATURES = (
    "char_cov",
    "word_cov",
    "ko_word_cov",
    "words",
    "num_match",
    "num_miss",
    "latin_match",
    "latin_miss",
    "punct_same",
    "punct_diff",
    "length_cost",
)


def features(z: ZhSide, k: KoSide, length: LengthModel, found: Match | None = None) -> dict[str, float]:
    found = found or match(z, k)
    read = found.chars | found.words
    # A glossary rendering (너무 for 太) is common in notes whatever the Chinese says: it counts at most
    # GLOSS_WEIGHT per character, on both sides of the ratio, so a fully explained note still scores 1.
    glossed_only = found.glossed - read
    discount = sum(max(z.weights[i] - GLOSS_WEIGHT, 0.0) for i in glossed_only)
    gloss_mass = sum(min(z.weights[i], GLOSS_WEIGHT) for i in glossed_only)
    zw = (z.total_weight - discount) or 1.0
    kw = k.total_weight or 1.0
    ko_words = sum(k.bigram_weights[b] for b in found.bigrams)
    ko_gloss = sum(min(GLOSS_WEIGHT * (end - start), _form_weight(form)) for start, end, _, form in found.gloss)
    numerals = z.numerals & k.tokens
    shared = z.tokens & k.tokens | numerals
    unshared = (z.tokens ^ k.tokens) - numerals
    shared_numbers = sum(1 for t in shared if t.isdigit())
    unshared_numbers = sum(1 for t in unshared if t.isdigit())
    same = sum(1 for a, b in zip(z.punct, k.punct) if a and a == b)
    diff = sum(abs(a - b) for a, b in zip(z.punct, k.punct))
    return {
        "char_cov": (sum(z.weights[i] for i in read) + gloss_mass) / zw,
        "word_cov": (sum(z.weights[i] for i in found.words) + gloss_mass) / zw,
        "ko_word_cov": min((ko_words + ko_gloss) / kw, 1.0),
        "words": math.log1p(len(found.bigrams)),
        "num_match": math.log1p(shared_numbers),
        "num_miss": math.log1p(unshared_numbers),
        # Latin names are often transliterated into Hangul, so a Latin word on one side only is weak evidence.
        "latin_match": math.log1p(len(shared) - shared_numbers),
        "latin_miss": math.log1p(len(unshared) - unshared_numbers),
        "punct_same": float(min(same, 3)),
        "punct_diff": math.log1p(diff),
        "length_cost": length.cost(z.length, k.length),
    }

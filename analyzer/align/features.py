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
from functools import lru_cache

from analyzer.align.glossary import glossary
from analyzer.align.rates import EvidenceRates, evidence_rates
from analyzer.align.readings import (
    char_forms,
    char_log_miss,
    char_weight,
    mean_syllables,
    southern_spelling,
    syllable_weight,
    to_traditional,
    transliteration,
    zh_words,
)
from analyzer.align.sounds import hangul_words, latin_names
from analyzer.text.scripts import HANGUL_SYLLABLES, is_hangul_syllable

_TOKEN = re.compile(r"[A-Za-z]+[0-9]*|[0-9]+")
# Punctuation classes compared across the two sides (after NFKC, so ？ is ? and （ is ().
_PUNCT_CLASSES = ("?", "!", "\"“”「」『』‘’'", "()[]【】《》〈〉", ":", "%", ";", "/", "…")
_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")
_HANGUL_RUN = re.compile(f"[{HANGUL_SYLLABLES}]+")


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A number with units: 9천, 280 万, 3.4 亿, 2백만, 5천4백만 (千 before 米/克/瓦 is "kilo": 160 千米 is 160 km).
_UNIT = r"(?:[십백천만억조百万亿]|千(?![米克瓦卡]))"
_SCALED = re.compile(rf"(\d+(?:\.\d+)?)\s?({_UNIT}+)")
_SMALL_UNITS = {"십": 10, "백": 100, "百": 100, "천": 1000, "千": 1000}
_LARGE_UNITS = {"만": 10**4, "万": 10**4, "억": 10**8, "亿": 10**8, "조": 10**12}
# 20 世纪 70 年代 is the 1970s; a Korean translation writes 1970년대 (or keeps 20세기 70년대).
_DECADES = re.compile(r"(\d{1,2})\s?世纪\s?(\d0)\s?年代")


def _scaled_values(text: str) -> tuple[set[str], str]:
    """Values of the numbers with units in `text`, and the text with them blanked out.

    Groups written together or one space apart form one number when each has units (3억 4천만 is 340000000,
    5천4백만 is 54000000): a small unit (십 백 천) scales its digits, a large one (만 억 조) the section so far.
    """
    values: set[str] = set()
    groups = list(_SCALED.finditer(text))
    k = 0
    while k < len(groups):
        run = [groups[k]]
        while k + 1 < len(groups) and groups[k + 1].start() - run[-1].end() <= 1:
            if text[run[-1].end() : groups[k + 1].start()] not in ("", " "):
                break
            k += 1
            run.append(groups[k])
        total, section = 0.0, 0.0
        for group in run:
            value = float(group.group(1))
            for unit in group.group(2):
                if unit in _SMALL_UNITS:
                    value *= _SMALL_UNITS[unit]
                else:
                    total += (section + value) * _LARGE_UNITS[unit]
                    section = value = 0.0
            section += value
        values.add(str(round(total + section)))
        k += 1
    return values, _SCALED.sub(" ", text)


def _tokens(text: str) -> frozenset[str]:
    """Numbers, Latin words and cut/scene IDs (C012, S3), case-folded; leading zeros dropped from numbers.

    1,300 is read as 1300, and a number with units as its value (9천 as 9000, 280 万 and 280만 as 2800000,
    3억 4천만 as 340000000).
    """
    found, rest = _scaled_values(_THOUSANDS.sub("", text))
    for token in _TOKEN.findall(rest):
        found.add(str(int(token)) if token.isdigit() else token.lower())
    return frozenset(found)


def _decades(text: str) -> frozenset[str]:
    """20 世纪 70 年代 -> 1970, 20 and 70: any of them in the Korean counts as a match, none against."""
    values: set[str] = set()
    for century, decade in _DECADES.findall(text):
        values.update({str((int(century) - 1) * 100 + int(decade)), str(int(century)), str(int(decade))})
    return frozenset(values)


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMBER = re.compile("[零〇一二两三四五六七八九十百千]+")
_CN_RANGE = re.compile("[一二三四五六七八九]{2}(?=[十百千])")  # 二三十: twenty or thirty


def _chinese_value(run: str) -> int:
    if not any(ch in "十百千" for ch in run):  # 二〇〇八 is written digit by digit
        return int("".join(str(_CN_DIGITS[ch]) for ch in run))
    total, digit = 0, 0
    for ch in run:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += max(digit, 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            digit = 0
    return total + digit


def _chinese_numbers(text: str) -> frozenset[str]:
    """Values of Chinese numerals (四 -> 4, 二十五 -> 25, 二〇〇八 -> 2008, 二三十 -> 20 and 30), which a Korean
    translation may write in digits."""
    values = set()
    for run in _CN_NUMBER.findall(text):
        spans = [m.span() for m in _CN_RANGE.finditer(run)]
        variants = {run[: a + i] + run[a + i + 1 :] for a, _ in spans[:1] for i in (0, 1)} or {run}
        values.update(str(_chinese_value(v)) for v in variants)
    return frozenset(values)


def _punct(text: str) -> tuple[int, ...]:
    return tuple(sum(text.count(mark) for mark in marks) for marks in _PUNCT_CLASSES)


@dataclass(frozen=True, slots=True)
class ZhSide:
    text: str
    weights: tuple[float, ...]  # informativeness of each character's reading; 0 when it has none
    chance: tuple[float, ...]  # reading weight matched by chance in Korean of CHANCE_STEP * g typical sentences
    total_weight: float
    by_form: dict[str, tuple[int, ...]]  # reading syllable -> character offsets read that way
    by_bigram: dict[str, tuple[int, ...]]  # reading of two adjacent characters -> start offsets
    word_starts: frozenset[int]  # offsets i where text[i:i+2] lies inside a dictionary word (调整, 科学家)
    translit: tuple[tuple[int, tuple[str, ...]], ...]  # two transliteration characters: start, Hangul renderings
    gloss: tuple[tuple[int, int, str, tuple[str, ...]], ...]  # glossary terms present: start, end, term, ko forms
    tokens: frozenset[str]
    latin_names: tuple[tuple[str, str], ...]  # Latin words and their sound skeletons (Hastings -> STNS)
    numerals: frozenset[str]  # values of Chinese numerals: they count when the Korean has the digits, never against
    punct: tuple[int, ...]
    length: int  # letters, digits and Han characters
    # Naive-Bayes log-likelihood ratios (translation vs unrelated Korean), tabled like `chance`: the sum when
    # nothing is found, and per reading character / glossary hit what finding it adds (rates.py has the rates).
    read_miss: tuple[float, ...]
    read_gain: dict[int, tuple[float, ...]]  # character offset -> gain
    gloss_miss: tuple[float, ...]
    gloss_gain: tuple[tuple[float, ...], ...]  # one per entry of `gloss`


@dataclass(frozen=True, slots=True)
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


def _translit_pairs(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    table = transliteration()
    pairs = []
    for i in range(len(text) - 1):
        first, second = table.get(text[i]), table.get(text[i + 1])
        if first and second:
            pairs.append((i, tuple(a + b for a in first for b in second)))
    return tuple(pairs)


CHANCE_STEP, CHANCE_POINTS = 0.25, 17  # chance coverage tabled for Korean of 0 to 4 typical sentences


def _chance(z: ZhSide, syllables: int) -> float:
    """Reading weight of the Chinese expected to match by chance a Korean text with this many distinct syllables."""
    at = min(syllables / mean_syllables() / CHANCE_STEP, CHANCE_POINTS - 1.0)
    low = int(at)
    if low == CHANCE_POINTS - 1:
        return z.chance[low]
    return z.chance[low] + (at - low) * (z.chance[low + 1] - z.chance[low])


_FLOOR, _CEILING = 1e-4, 0.999  # probabilities kept inside these so that no single match decides


@lru_cache(maxsize=65536)
def _miss_curve(log_miss: float) -> tuple[float, ...]:
    """P(no match by chance) in Korean of 0, CHANCE_STEP, 2 * CHANCE_STEP ... typical sentences."""
    return tuple(math.exp(log_miss * g * CHANCE_STEP) for g in range(CHANCE_POINTS))


@lru_cache(maxsize=65536)
def _llr_curves(log_miss: float, rate: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Log-likelihood ratio of missing a piece of evidence, and what finding it adds instead, along the grid:
    found with probability `rate` in a translation, 1 - exp(log_miss * g) in unrelated Korean of g sentences."""
    miss, gain = [], []
    for no_match in _miss_curve(log_miss):
        chance = min(max(1.0 - no_match, _FLOOR), _CEILING)
        found = min(max(rate, chance), _CEILING)  # a translation never makes the evidence rarer than chance
        miss.append(math.log((1.0 - found) / (1.0 - chance)))
        gain.append(math.log(found / chance) - miss[-1])
    return tuple(miss), tuple(gain)


@lru_cache(maxsize=16)
def _note_curves(length: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    return (0.0,) * CHANCE_POINTS, (0.0,) + (NOTE_GLOSS_WEIGHT * length,) * (CHANCE_POINTS - 1)


@lru_cache(maxsize=65536)
def _char_curves(weight: float, log_miss: float, rate: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """For a character with a reading: its reading weight expected by chance followed by the LLR of missing it
    (2 * CHANCE_POINTS values, summed over a sentence in one pass), and what finding it adds."""
    miss, gain = _llr_curves(log_miss, rate)
    return tuple(weight * (1.0 - e) for e in _miss_curve(log_miss)) + miss, gain


def _sum_curves(curves: list[tuple[float, ...]], points: int = CHANCE_POINTS) -> tuple[float, ...]:
    return tuple(map(sum, zip(*curves))) if curves else (0.0,) * points


def _term_log_miss(term: str, forms: tuple[str, ...], rates: EvidenceRates) -> float:
    """log P(none of the term's forms in a typical Korean sentence), counted or else estimated from syllables."""
    hazard = rates.term_hazard(term)
    if hazard is not None:
        return -hazard * mean_syllables()
    share = max(math.exp(-_form_weight(f)) for f in forms)
    return math.log(1.0 - min(share, _CEILING))


def zh_side(text: str, rates: EvidenceRates | None = None) -> ZhSide:
    """Everything about a Chinese sentence that the pair features need; `rates` default to the shipped ones."""
    rates = rates if rates is not None else evidence_rates()
    normal = unicodedata.normalize("NFKC", text)
    trad = to_traditional(text)
    forms = [char_forms(t) or char_forms(s) for s, t in zip(text, trad)]
    weights = tuple(char_weight(f) for f in forms)
    read_curves = {
        i: _char_curves(w, char_log_miss(f), rates.char_rate(ch))
        for i, (ch, f, w) in enumerate(zip(text, forms, weights))
        if w
    }
    chance_and_miss = _sum_curves([curves for curves, _ in read_curves.values()], 2 * CHANCE_POINTS)
    by_form: dict[str, list[int]] = {}
    by_bigram: dict[str, list[int]] = {}
    for i, char_readings in enumerate(forms):
        for form in char_readings:
            by_form.setdefault(form, []).append(i)
        if i and forms[i - 1] and char_readings:
            for a in forms[i - 1]:
                for b in char_readings:
                    by_bigram.setdefault(a + b, []).append(i - 1)
    tokens = _tokens(_DECADES.sub(" ", normal))
    table = glossary()
    words = zh_words()
    word_starts: set[int] = set()
    for start in range(len(text) - 1):
        for length in (4, 3, 2):
            if text[start : start + length] in words:
                word_starts.update(range(start, start + length - 1))
                break
    gloss = []
    for start in range(len(text)):
        for length in range(1, min(table.longest, len(text) - start) + 1):
            term = text[start : start + length]
            if term in table.terms:
                gloss.append((start, start + length, term, table.terms[term]))
    # The note vocabulary (너무, 다시, 주십시오) is in nearly every editing note, whatever chance the counted
    # corpus gives it: a note term found counts at most NOTE_GLOSS_WEIGHT per character, one missing nothing.
    gloss_curves = [
        _note_curves(end - start) if t in table.usage else _llr_curves(_term_log_miss(t, f, rates), rates.term_rate(t))
        for start, end, t, f in gloss
    ]
    return ZhSide(
        text,
        weights,
        chance_and_miss[:CHANCE_POINTS],
        sum(weights),
        {k: tuple(v) for k, v in by_form.items()},
        {k: tuple(v) for k, v in by_bigram.items()},
        frozenset(word_starts),
        _translit_pairs(text),
        tuple(gloss),
        tokens,
        latin_names(normal),
        (_chinese_numbers(text) | _decades(normal)) - tokens,
        _punct(normal),
        sum(1 for ch in text if ch.isalnum() or _is_han(ch)),
        chance_and_miss[CHANCE_POINTS:],
        {i: gain for i, (_, gain) in read_curves.items()},
        _sum_curves([miss for miss, _ in gloss_curves]),
        tuple(gain for _, gain in gloss_curves),
    )


def ko_side(text: str) -> KoSide:
    normal = unicodedata.normalize("NFKC", text)
    syllables = _HANGUL.findall(text)
    weights: dict[str, float] = {}
    for syllable in syllables:
        weights[syllable] = weights.get(syllable, 0.0) + syllable_weight(syllable)
    bigram_weights: dict[str, float] = {}
    runs = _HANGUL_RUN.findall(text)  # a Sino-Korean word is written without a space or a mark inside
    for run in runs:
        for a, b in zip(run, run[1:]):
            bigram_weights[a + b] = bigram_weights.get(a + b, 0.0) + syllable_weight(a) + syllable_weight(b)
    return KoSide(
        text,
        frozenset(syllables),
        " ".join(runs),
        frozenset(bigram_weights),
        weights,
        bigram_weights,
        sum(weights.values()),
        _tokens(normal),
        _punct(normal),
        sum(1 for ch in normal if ch.isalnum()),
        southern if (southern := southern_spelling(text)) != text else "",
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
    words: frozenset[int]  # offsets inside a matched two-character reading of a dictionary word
    loose: frozenset[int]  # offsets inside a matched two-character reading across a word boundary
    translit: tuple[tuple[int, str], ...]  # transliterated name parts found in the Korean: start, Hangul
    spelled: tuple[str, ...]  # Latin words of the Chinese found spelled in Hangul in the Korean (Lenz: 렌즈)
    glossed: frozenset[int]  # offsets inside a glossary term whose Korean form occurs
    bigrams: tuple[str, ...]  # matched readings of two characters (Korean side)
    word_bigrams: tuple[str, ...]  # those read from a dictionary word somewhere in the Chinese
    gloss: tuple[tuple[int, int, str, str], ...]  # glossary hits: start, end, term, Korean form
    gloss_hits: tuple[int, ...]  # their indices in ZhSide.gloss


def match(z: ZhSide, k: KoSide) -> Match:
    chars: set[int] = set()
    for form in z.by_form.keys() & k.syllables:
        chars.update(z.by_form[form])
    words: set[int] = set()
    loose: set[int] = set()
    bigrams = tuple(z.by_bigram.keys() & k.bigrams)
    word_bigrams = []
    for bigram in bigrams:
        in_word = False
        for start in z.by_bigram[bigram]:
            if start in z.word_starts:
                words.update((start, start + 1))
                in_word = True
            else:
                loose.update((start, start + 1))
        if in_word:
            word_bigrams.append(bigram)
    gloss = []
    gloss_hits = []
    glossed: set[int] = set()
    for index, (start, end, term, forms) in enumerate(z.gloss):
        form = next((f for f in forms if f in k.text), None)
        if form is None and k.southern:  # written the North Korean way: report the text as written (래일)
            spot = next(((k.southern.find(f), len(f)) for f in forms if f in k.southern), None)
            form = k.text[spot[0] : spot[0] + spot[1]] if spot else None
        if form:
            gloss.append((start, end, term, form))
            gloss_hits.append(index)
            glossed.update(range(start, end))
    translit = []
    for start, renderings in z.translit:
        found = next((r for r in renderings if r in k.hangul), None)
        if found:
            translit.append((start, found))
    spelled = tuple(
        word
        for word, skeleton in z.latin_names
        if word not in k.tokens and any(s.startswith(skeleton) for s in hangul_words(k.text))
    )
    return Match(
        frozenset(chars),
        frozenset(words),
        frozenset(loose),
        tuple(translit),
        spelled,
        frozenset(glossed),
        bigrams,
        tuple(word_bigrams),
        tuple(gloss),
        tuple(gloss_hits),
    )


GLOSS_WEIGHT = 2.0  # nats per Chinese character explained by the general lexicon alone, at most
NOTE_GLOSS_WEIGHT = 0.5  # the same for the note vocabulary of zh-ko.tsv
FORM_CHANCE = 2.0  # nats of a Korean form's weight that chance alone explains


def _form_weight(form: str) -> float:
    return sum(syllable_weight(ch) for ch in form if is_hangul_syllable(ch))


FEATURES = (
    "char_cov",
    "char_excess",
    "word_cov",
    "ko_word_cov",
    "words",
    "loose_words",
    "translit",
    "num_match",
    "num_miss",
    "latin_match",
    "latin_miss",
    "latin_spelled",
    "punct_same",
    "punct_diff",
    "length_cost",
    "read_llr",
    "gloss_llr",
)


def _grid(syllables: int) -> tuple[int, float]:
    """Where a Korean text of this many distinct syllables falls on the chance grid: lower point, fraction."""
    at = min(syllables / mean_syllables() / CHANCE_STEP, CHANCE_POINTS - 1.0)
    low = min(int(at), CHANCE_POINTS - 2)
    return low, at - low


def _at(curve: tuple[float, ...], low: int, frac: float) -> float:
    return curve[low] + frac * (curve[low + 1] - curve[low])


def features(z: ZhSide, k: KoSide, length: LengthModel, found: Match | None = None) -> dict[str, float]:
    found = found or match(z, k)
    read = found.chars | found.words | found.loose
    # A glossary rendering counts by how unlikely its Korean form is by chance: 에서 (for 在) occurs in many
    # sentences whatever the Chinese says, 아파트 (for 公寓) in few. The note vocabulary (zh-ko.tsv) counts at
    # most NOTE_GLOSS_WEIGHT per character, since 너무 or 다시 occur in any editing note though rarely in the
    # corpora the weights come from. A glossed character counts at most its credit, on both sides of the
    # ratio, so a fully explained note still scores 1.
    credit: dict[int, float] = {}
    ko_gloss = 0.0
    note_terms = glossary().usage
    for start, end, term, form in found.gloss:
        cap = NOTE_GLOSS_WEIGHT if term in note_terms else GLOSS_WEIGHT
        value = max(_form_weight(form) - FORM_CHANCE, 0.0)
        ko_gloss += min(value, cap * (end - start))
        for i in range(start, end):
            credit[i] = max(credit.get(i, 0.0), min(value / (end - start), cap))
    glossed_only = found.glossed - read
    discount = sum(max(z.weights[i] - credit[i], 0.0) for i in glossed_only)
    gloss_mass = sum(min(z.weights[i], credit[i]) for i in glossed_only)
    zw = (z.total_weight - discount) or 1.0
    kw = k.total_weight or 1.0
    ko_words = sum(k.bigram_weights[b] for b in found.word_bigrams)
    numerals = z.numerals & k.tokens
    shared = z.tokens & k.tokens | numerals
    unshared = (z.tokens ^ k.tokens) - numerals - set(found.spelled)
    shared_numbers = sum(1 for t in shared if t.isdigit())
    unshared_numbers = sum(1 for t in unshared if t.isdigit())
    same = sum(1 for a, b in zip(z.punct, k.punct) if a and a == b)
    diff = sum(abs(a - b) for a, b in zip(z.punct, k.punct))
    expected = _chance(z, len(k.syllables)) / zw
    char_cov = (sum(z.weights[i] for i in read) + gloss_mass) / zw
    low, frac = _grid(len(k.syllables))
    read_llr = _at(z.read_miss, low, frac) + sum(_at(z.read_gain[i], low, frac) for i in read if i in z.read_gain)
    gloss_llr = _at(z.gloss_miss, low, frac) + sum(_at(z.gloss_gain[i], low, frac) for i in found.gloss_hits)
    return {
        "char_cov": char_cov,
        "char_excess": char_cov - expected,
        "word_cov": (sum(z.weights[i] for i in found.words) + gloss_mass) / zw,
        "ko_word_cov": min((ko_words + ko_gloss) / kw, 1.0),
        "words": math.log1p(len(found.word_bigrams)),
        "loose_words": math.log1p(len(found.bigrams) - len(found.word_bigrams)),
        "translit": math.log1p(len(found.translit)),
        "num_match": math.log1p(shared_numbers),
        "num_miss": math.log1p(unshared_numbers),
        # Latin names are often transliterated into Hangul, so a Latin word on one side only is weak evidence.
        "latin_match": math.log1p(len(shared) - shared_numbers),
        "latin_miss": math.log1p(len(unshared) - unshared_numbers),
        "latin_spelled": math.log1p(len(found.spelled)),
        "punct_same": float(min(same, 3)),
        "punct_diff": math.log1p(diff),
        "length_cost": length.cost(z.length, k.length),
        # Each Chinese character with a reading, and each glossary term, found or not in the Korean: how much
        # likelier that is in a translation than in unrelated Korean of this length (naive Bayes, in nats).
        "read_llr": read_llr,
        "gloss_llr": gloss_llr,
    }

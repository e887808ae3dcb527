"""The features of a Chinese-Korean pair, built cheaply from two sentence records and what they share (a Match).

Each is something a reviewer can read: how much of the Chinese is read or glossed in the
Korean (beyond chance), shared numbers and names, punctuation, length, and two naive-Bayes
log-likelihood ratios; score.py weighs them with the fitted pair model.
"""

from __future__ import annotations

import math
from functools import lru_cache

from analyzer.align.chance import grid
from analyzer.align.glossary import NOTE_GLOSS_WEIGHT, glossary
from analyzer.align.length import LengthModel
from analyzer.align.matching import Match, match
from analyzer.align.readings import form_weight
from analyzer.align.records import KoSide, ZhSide

GLOSS_WEIGHT = 2.0  # nats per Chinese character explained by the general lexicon alone, at most
FORM_CHANCE = 2.0  # nats of a Korean form's weight that chance alone explains
_NONE: frozenset[str] = frozenset()

FEATURES = (  # feature_values gives them in this order
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


@lru_cache(maxsize=16384)  # at most one entry per glossary rendering
def _gloss_credit(term: str, form: str) -> tuple[float, float]:
    """What a glossary hit adds to the Korean side's glossed weight, and each of its characters' credit."""
    cap = NOTE_GLOSS_WEIGHT if term in glossary().usage else GLOSS_WEIGHT
    value = max(form_weight(form) - FORM_CHANCE, 0.0)
    return min(value, cap * len(term)), min(value / len(term), cap)


def features(z: ZhSide, k: KoSide, length: LengthModel, found: Match | None = None) -> dict[str, float]:
    """The pair's features by name, in FEATURES order."""
    return dict(zip(FEATURES, feature_values(z, k, length, found)))


def feature_values(z: ZhSide, k: KoSide, length: LengthModel, found: Match | None = None) -> tuple[float, ...]:
    """The pair's features in FEATURES order: what the DP weighs for every bead it scores (no names needed)."""
    found = found or match(z, k)
    read = found.chars | found.words | found.loose
    # A glossary rendering counts by how unlikely its Korean form is by chance: 에서 (for 在) occurs in many
    # sentences whatever the Chinese says, 아파트 (for 公寓) in few. The note vocabulary (zh-ko.tsv) counts at
    # most NOTE_GLOSS_WEIGHT per character, since 너무 or 다시 occur in any editing note though rarely in the
    # corpora the weights come from. A glossed character counts at most its credit, on both sides of the
    # ratio, so a fully explained note still scores 1.
    credit: dict[int, float] = {}
    credit_of = credit.get
    ko_gloss = 0.0
    for start, end, term, form in found.gloss:
        counted, share = _gloss_credit(term, form)
        ko_gloss += counted
        for i in range(start, end):  # credit[i] = max(credit.get(i, 0.0), share), without the call
            if credit_of(i, -1.0) < share:
                credit[i] = share
    glossed_only = found.glossed - read
    discount = gloss_mass = 0  # what sum() gives for no glossed-only character
    if glossed_only:
        discount = gloss_mass = 0.0  # then summed in one pass, in the order sum() takes
        weights = z.weights
        for i in glossed_only:
            weight, most = weights[i], credit[i]
            over = weight - most
            discount += 0.0 if over < 0.0 else over  # max(over, 0.0)
            gloss_mass += most if most < weight else weight  # min(weight, most)
    zw = (z.total_weight - discount) or 1.0
    kw = k.total_weight or 1.0
    ko_words = sum(map(k.bigram_weights.__getitem__, found.word_bigrams))
    numerals = z.numerals & (k.tokens | k.numerals) | z.tokens & k.numerals if z.numerals or k.numerals else _NONE
    shared = z.tokens & k.tokens | numerals  # 两个 = 2개 = 두 개, 2个 = 두 개
    unshared = (z.tokens ^ k.tokens) - numerals
    if found.spelled:
        unshared -= set(found.spelled)
    shared_numbers = sum(map(str.isdigit, shared)) if shared else 0
    unshared_numbers = sum(map(str.isdigit, unshared)) if unshared else 0
    if z.punct == k.punct:  # the usual case (often no marks at all): nothing differs
        same, diff = len(z.punct) - z.punct.count(0), 0
    else:
        same = sum(1 for a, b in zip(z.punct, k.punct) if a and a == b)
        diff = sum(abs(a - b) for a, b in zip(z.punct, k.punct))
    low, frac = grid(len(k.syllables))
    chance, read_miss, gloss_miss = z.at_point(low)
    chance_next, read_miss_next, gloss_miss_next = z.at_point(low + 1)
    expected = (chance + frac * (chance_next - chance)) / zw  # at(z.chance, low, frac)
    char_cov = (sum(map(z.weights.__getitem__, read)) + gloss_mass) / zw
    read_gain, gloss_gain = z.read_gain, z.gloss_gain
    # at(curve, low, frac) written out: one term per character read and per glossary hit of every bead scored.
    high = low + 1
    read_llr = 0  # the sums sum() took, term by term in the same order
    for g in map(read_gain.get, read):
        if g is not None:
            read_llr += g[low] + frac * (g[high] - g[low])
    read_llr = read_miss + frac * (read_miss_next - read_miss) + read_llr  # at(z.read_miss, low, frac) + ...
    gloss_llr = 0
    for g in map(gloss_gain.__getitem__, found.gloss_hits):
        gloss_llr += g[low] + frac * (g[high] - g[low])
    gloss_llr = gloss_miss + frac * (gloss_miss_next - gloss_miss) + gloss_llr
    return (
        char_cov,
        char_cov - expected,  # char_excess
        (sum(map(z.weights.__getitem__, found.words)) + gloss_mass) / zw,  # word_cov
        min((ko_words + ko_gloss) / kw, 1.0),  # ko_word_cov
        math.log1p(len(found.word_bigrams)),  # words
        math.log1p(len(found.bigrams) - len(found.word_bigrams)),  # loose_words
        math.log1p(len(found.translit)),  # translit
        math.log1p(shared_numbers),  # num_match
        math.log1p(unshared_numbers),  # num_miss
        # Latin names are often transliterated into Hangul, so a Latin word on one side only is weak evidence.
        math.log1p(len(shared) - shared_numbers),  # latin_match
        math.log1p(len(unshared) - unshared_numbers),  # latin_miss
        math.log1p(len(found.spelled)),  # latin_spelled
        float(min(same, 3)),  # punct_same
        math.log1p(diff),  # punct_diff
        length.cost(z.length, k.length),  # length_cost
        # Each Chinese character with a reading, and each glossary term, found or not in the Korean: how much
        # likelier that is in a translation than in unrelated Korean of this length (naive Bayes, in nats).
        read_llr,
        gloss_llr,
    )

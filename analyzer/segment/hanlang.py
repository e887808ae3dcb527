"""Chinese or Japanese for Han-only text: a character-bigram likelihood ratio from word frequencies.

The table (models/langid/han_zh_ja.tsv) is built from wordfreq's Chinese and Japanese
word lists by scripts/build_han_langid.py. Loaded once, only when a Han-only run needs it.
"""

from __future__ import annotations

import math

from analyzer.resources import read_tsv, table

UNSEEN = 1e-8  # probability of a character never seen in a language's word list
BIGRAM_WEIGHT = 0.7  # interpolation weight of the bigram estimate against the unigram one


@table
def _table() -> dict[str, complex]:
    """Key (character or bigram) -> P in Chinese + P in Japanese * 1j; 0.0 when unseen.

    Both probabilities in one complex number: a 32-byte object in place of a tuple of two floats (104
    bytes), which keeps 12 MB of the 174k keys' table out of every worker."""
    table = {}
    for key, zh, ja in read_tsv("langid", "han_zh_ja.tsv"):
        table[key] = complex(10.0 ** float(zh) if zh else 0.0, 10.0 ** float(ja) if ja else 0.0)
    return table


def japanese_odds(han: str) -> float:
    """log10 P(han | Japanese) - log10 P(han | Chinese) over the Han characters of `han`."""
    get = _table().get
    weight, rest = BIGRAM_WEIGHT, 1.0 - BIGRAM_WEIGHT
    odds = 0.0
    prev_zh = prev_ja = 0.0
    prev = ""
    for char in han:
        probabilities = get(char, 0j)
        zh, ja = probabilities.real, probabilities.imag
        p_zh, p_ja = zh or UNSEEN, ja or UNSEEN
        if prev:
            joint = get(prev + char, 0j)
            joint_zh, joint_ja = joint.real, joint.imag
            if prev_zh:
                p_zh = weight * joint_zh / prev_zh + rest * p_zh
            if prev_ja:
                p_ja = weight * joint_ja / prev_ja + rest * p_ja
        odds += math.log10(p_ja / p_zh)
        prev, prev_zh, prev_ja = char, zh, ja
    return odds

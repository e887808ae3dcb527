"""Chinese or Japanese for Han-only text: a character-bigram likelihood ratio from word frequencies.

The table (models/langid/han_zh_ja.tsv, 174k characters and bigrams, rows sorted by key) is built from
wordfreq's Chinese and Japanese word lists by scripts/build_langid_tables.py. Parsing all of it is a large share
of a pre-commit hook's time (BENCHMARKS.md), so keys are first looked up by bisection in the file's bytes, and the
whole table is parsed only once a process has asked for many keys (a scan).
"""

from __future__ import annotations

import math
from functools import cache

from analyzer.resources import model_path, read_tsv

UNSEEN = 1e-8  # probability of a character never seen in a language's word list
BIGRAM_WEIGHT = 0.7  # interpolation weight of the bigram estimate against the unigram one
LOOKUPS_BEFORE_PARSING = 4096  # distinct keys bisected before the whole table is parsed
TABLE = ("langid", "han_zh_ja.tsv")


def _probabilities(zh: str, ja: str) -> complex:
    """Both probabilities in one complex number: a 32-byte object in place of a tuple of two floats (104 bytes),
    which keeps 12 MB of the table out of every worker."""
    return complex(10.0 ** float(zh) if zh else 0.0, 10.0 ** float(ja) if ja else 0.0)


class _Table:
    """Key (character or bigram) -> P in Chinese + P in Japanese * 1j; 0j when unseen."""

    def __init__(self) -> None:
        self._known: dict[str, complex] = {}
        self._data: bytes | None = None
        self._first_row = 0
        self._parsed = False

    def get(self, key: str, default: complex = 0j) -> complex:
        found = self._known.get(key)
        if found is not None:
            return found
        if self._parsed:
            return default
        if len(self._known) >= LOOKUPS_BEFORE_PARSING:
            self._parse_all()
            return self._known.get(key, default)
        found = self._bisect(key)
        self._known[key] = default if found is None else found
        return self._known[key]

    def _parse_all(self) -> None:
        self._known = {key: _probabilities(zh, ja) for key, zh, ja in read_tsv(*TABLE)}
        self._parsed, self._data = True, None

    def _bisect(self, key: str) -> complex | None:
        data = self._data
        if data is None:
            data = self._data = model_path(*TABLE).read_bytes()
            while data.startswith(b"#", self._first_row):  # the comment lines at the top
                self._first_row = data.index(b"\n", self._first_row) + 1
        wanted = key.encode("utf-8")
        low, high = self._first_row, len(data)  # a row starting in [low, high) may hold the key
        while low < high:
            middle = (low + high) // 2
            start = data.rfind(b"\n", low, middle) + 1 or low  # the row around the middle
            tab = data.index(b"\t", start)
            here = data[start:tab]
            if here == wanted:
                end = data.index(b"\n", tab)
                zh, ja = data[tab + 1 : end].decode("ascii").split("\t")
                return _probabilities(zh, ja)
            if here < wanted:
                low = data.index(b"\n", tab) + 1
            else:
                high = start
        return None


@cache
def _table() -> _Table:
    return _Table()


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

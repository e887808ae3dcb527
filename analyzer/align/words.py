"""Chinese word boundaries: jieba's segmentation where a rule compares words (the relay chain's first hop), and a
longest match over jieba's dictionary words where every reported pair needs them (the words a report highlights).

jieba is slow to load its dictionary (BENCHMARKS.md), so it is started lazily, once per process, and only by a
caller that has words to compare; the dictionary match reads models/align/zh_words.txt, which the pair features
load anyway.
"""

from __future__ import annotations

from collections.abc import Set
from functools import lru_cache

from analyzer.align.readings import word_length_at, zh_word_prefixes, zh_words
from analyzer.engines.chinese import tokenizer


@lru_cache(maxsize=2048)
def jieba_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each jieba word of the text (HMM off: only dictionary words and single characters)."""
    return tuple((start, end) for _, start, end in tokenizer().tokenize(text, HMM=False))


@lru_cache(maxsize=1024)  # once per reported pair: the same sentences are reported again and again in a delivery
def dictionary_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each word by longest match over jieba's two- to four-character words, else one character."""
    words, prefixes = zh_words(), zh_word_prefixes()
    spans: list[tuple[int, int]] = []
    start, size = 0, len(text)
    while start < size:
        # Most offsets start no word: told by the prefix test word_length_at begins with, without the call.
        in_word = text[start : start + 2] in prefixes and word_length_at(text, start, words, prefixes)
        end = start + (in_word or 1)
        spans.append((start, end))
        start = end
    return tuple(spans)


def words_covering(text: str, offsets: Set[int]) -> list[tuple[int, int]]:
    """The whole words (dictionary_spans) of the text that hold at least one of the offsets, in order."""
    covering: list[tuple[int, int]] = []
    if not offsets:
        return covering
    # dictionary_spans' walk, stopped after the last offset: its words run in order and touch, and a reported pair's
    # text is seldom met again (its spans are not looked up in, nor added to, that cache).
    words, prefixes = zh_words(), zh_word_prefixes()
    marks, k = sorted(offsets), 0
    start, last, size = 0, marks[-1], len(text)
    while start <= last and start < size:
        in_word = text[start : start + 2] in prefixes and word_length_at(text, start, words, prefixes)
        end = start + (in_word or 1)
        while marks[k] < start:  # the last mark is at or after start: k stays in range
            k += 1
        if marks[k] < end:
            covering.append((start, end))
        start = end
    return covering

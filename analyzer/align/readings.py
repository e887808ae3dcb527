"""Sino-Korean reading overlap: do the Han characters of a Chinese text reappear, read in Hangul, in the Korean?

调整 reads 조정 (via 調整); 位置 reads 위치. A matched two-character word is
strong evidence; a single matched syllable is weak (이, 하, 지 are everywhere).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from analyzer.resources import hangul_readings

_HANGUL_BASE = 0xAC00
_JUNG_COUNT, _JONG_COUNT = 21, 28
_RIEUL, _NIEUN, _IEUNG = 5, 2, 11  # choseong indices
_Y_VOWELS = frozenset({2, 3, 6, 7, 12, 17, 20})  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ


def _with_initial(syllable: str, choseong: int) -> str:
    code = ord(syllable) - _HANGUL_BASE
    return chr(_HANGUL_BASE + choseong * _JUNG_COUNT * _JONG_COUNT + code % (_JUNG_COUNT * _JONG_COUNT))


@cache
def syllable_forms(syllable: str) -> frozenset[str]:
    """A reading and its word-initial forms under the South Korean initial-sound rule (력→역, 로→노)."""
    code = ord(syllable) - _HANGUL_BASE
    if not 0 <= code < 11172:
        return frozenset({syllable})
    initial = code // (_JUNG_COUNT * _JONG_COUNT)
    vowel = (code // _JONG_COUNT) % _JUNG_COUNT
    forms = {syllable}
    if initial == _RIEUL:
        forms.add(_with_initial(syllable, _IEUNG if vowel in _Y_VOWELS else _NIEUN))
    elif initial == _NIEUN and vowel in _Y_VOWELS:
        forms.add(_with_initial(syllable, _IEUNG))
    return frozenset(forms)


@lru_cache(maxsize=65536)
def char_forms(char: str) -> frozenset[str]:
    forms: set[str] = set()
    for reading in hangul_readings().get(char, ()):
        forms |= syllable_forms(reading)
    return frozenset(forms)


@dataclass(frozen=True, slots=True)
class ReadingOverlap:
    han_chars: int  # Han characters that have a Sino-Korean reading
    matched_chars: int  # of those, how many are read somewhere in the Korean
    word_positions: frozenset[int]  # offsets of Han characters inside a matched 2+ character word
    words: tuple[tuple[str, str], ...]  # matched words, e.g. ("调整", "조정")


def reading_overlap(chinese: str, korean: str) -> ReadingOverlap:
    syllables = [ch for ch in korean if 0xAC00 <= ord(ch) <= 0xD7A3]
    present = set(syllables)
    bigrams = {a + b for a, b in zip(syllables, syllables[1:])}
    han = [(ch, char_forms(ch)) for ch in chinese]
    han_chars = sum(1 for _, forms in han if forms)
    matched = sum(1 for _, forms in han if forms & present)
    in_word = [False] * len(han)
    words: list[tuple[str, str]] = []
    for i in range(len(han) - 1):
        hit = next((a + b for a in han[i][1] for b in han[i + 1][1] if a + b in bigrams), None)
        if hit:
            in_word[i] = in_word[i + 1] = True
            words.append((han[i][0] + han[i + 1][0], hit))
    positions = frozenset(i for i, hit in enumerate(in_word) if hit)
    return ReadingOverlap(han_chars, matched, positions, tuple(words))

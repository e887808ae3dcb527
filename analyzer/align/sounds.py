"""Does a Latin name in the Chinese reappear spelled in Hangul in the Korean (Lenz -> 렌즈, Hastings -> 헤이스팅스)?

Both sides are reduced to a consonant skeleton in a few sound classes (P: b p f v, T: d t,
K: c g k q, S: s th, J: j z ch ㅈ ㅊ, L: l r, M, N: n ng); vowels, h, w and y are dropped,
so is an r that no vowel follows (Stark -> 스타크), and repeats are merged. A Latin word
matches a Korean word whose skeleton starts with its own, so a particle after the name
(렌즈는) does not matter.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzer.text.hangul import syllable_parts

MIN_CONSONANTS = 3  # two classes in a row turn up by chance in many Korean words
_DIGRAPHS = (("sch", "S"), ("ch", "J"), ("sh", "S"), ("th", "S"), ("ph", "P"), ("ck", "K"), ("ng", "N"), ("qu", "K"))
_LETTERS = {
    **dict.fromkeys("bpfv", "P"),
    **dict.fromkeys("dt", "T"),
    **dict.fromkeys("gkqc", "K"),
    **dict.fromkeys("s", "S"),
    **dict.fromkeys("jz", "J"),
    **dict.fromkeys("lr", "L"),
    "m": "M",
    "n": "N",
    "x": "KS",
}
# Hangul initial consonants (choseong order ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ) and finals (jongseong order).
_INITIAL = ("K", "K", "N", "T", "T", "L", "M", "P", "P", "S", "S", "", "J", "J", "J", "K", "T", "P", "")
_FINAL = ("", "K", "K", "K", "N", "N", "N", "T", "L", "L", "L", "L", "L", "L", "L", "L", "M", "P", "P", "S", "S")
_FINAL += ("N", "J", "J", "K", "T", "P", "")
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def _merge(classes: str) -> str:
    return re.sub(r"(.)\1+", r"\1", classes)


@lru_cache(maxsize=16384)
def latin_skeleton(word: str) -> str:
    """Sound-class skeleton of a Latin word: Hastings -> STNS, Lenz -> LNJ."""
    text = word.lower()
    text = re.sub(r"c(?=[eiy])", "s", text)
    text = re.sub(r"^x", "s", text)
    text = re.sub(r"r(?![aeiouy])", "", text)  # English r before a consonant or at the end is not written: 스타크
    for digraph, cls in _DIGRAPHS:
        text = text.replace(digraph, cls)
    return _merge("".join(ch if ch.isupper() else _LETTERS.get(ch, "") for ch in text))


def hangul_skeleton(word: str) -> str:
    """Sound-class skeleton of a Hangul word: 헤이스팅스 -> STNS, 렌즈는 -> LNJN."""
    out = []
    for ch in word:
        parts = syllable_parts(ch)
        if parts is not None:
            out.append(_INITIAL[parts[0]] + _FINAL[parts[2]])
    return _merge("".join(out))


def latin_names(text: str) -> tuple[tuple[str, str], ...]:
    """(lower-cased word, skeleton) of each Latin word long enough to compare by sound."""
    found = {}
    for word in _LATIN_WORD.findall(text):
        skeleton = latin_skeleton(word)
        if len(skeleton) >= MIN_CONSONANTS:
            found[word.lower()] = skeleton
    return tuple(found.items())


@lru_cache(maxsize=8192)
def hangul_words(text: str) -> tuple[str, ...]:
    """Skeletons of the Hangul words of a text, long enough to hold a transliterated name."""
    skeletons = {hangul_skeleton(word) for word in text.split()}
    return tuple(s for s in skeletons if len(s) >= MIN_CONSONANTS)

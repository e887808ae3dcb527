"""Sino-Korean reading overlap: do the Han characters of a Chinese text reappear, read in Hangul, in the Korean?

调整 reads 조정 (via 調整); 位置 reads 위치. A matched two-character word is
strong evidence; a single matched syllable is weak (이, 하, 지 are everywhere).
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache

from analyzer.resources import hangul_readings, model_path, prepared, read_tsv, table
from analyzer.text.hangul import compose_syllable, syllable_parts
from analyzer.text.scripts import HANGUL_SYLLABLES, is_hangul_syllable

_RIEUL, _NIEUN, _IEUNG = 5, 2, 11  # choseong indices
_Y_VOWELS = frozenset({2, 3, 6, 7, 12, 17, 20})  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ


def _with_initial(syllable: str, choseong: int) -> str:
    parts = syllable_parts(syllable)
    assert parts is not None
    return compose_syllable(choseong, parts[1], parts[2])


@cache
def syllable_forms(syllable: str) -> frozenset[str]:
    """A reading and its word-initial forms under the South Korean initial-sound rule (력→역, 로→노)."""
    parts = syllable_parts(syllable)
    if parts is None:
        return frozenset({syllable})
    initial, vowel, _ = parts
    forms = {syllable}
    if initial == _RIEUL:
        forms.add(_with_initial(syllable, _IEUNG if vowel in _Y_VOWELS else _NIEUN))
    elif initial == _NIEUN and vowel in _Y_VOWELS:
        forms.add(_with_initial(syllable, _IEUNG))
    return frozenset(forms)


_BLOCK = 21 * 28  # syllables per initial consonant in the Hangul syllable block


def _initial_range(choseong: int, vowel: int | None = None) -> str:
    """A character-class range of the syllables with this initial (and this vowel, when given)."""
    first = 0xAC00 + choseong * _BLOCK + (vowel or 0) * 28
    return f"{chr(first)}-{chr(first + (28 if vowel is not None else _BLOCK) - 1)}"


# The syllables the initial-sound rule rewrites: initial ㄹ, and initial ㄴ before a y-vowel (syllable_forms).
_RULED = f"[{_initial_range(_RIEUL)}{''.join(_initial_range(_NIEUN, v) for v in sorted(_Y_VOWELS))}]"
# Such a syllable first in its word: the only place the rule rewrites it (프레임's 레 stays).
_RULED_START = re.compile(rf"(?<![{HANGUL_SYLLABLES}]){_RULED}")


def southern_spelling(text: str) -> str:
    """Korean text with each word's first syllable in its South Korean form (래일 → 내일, 녀자 → 여자).

    North Korean norms keep an initial ㄹ/ㄴ that South Korean drops; lexicon renderings are written the
    South Korean way, so a relayed note in North Korean spelling is matched against both spellings.
    """
    if _RULED_START.search(text) is None:  # no word starts with a syllable the rule rewrites: left as it is
        return text
    return _RULED_START.sub(lambda m: _southern_initial(m.group()), text)  # any other first syllable stays


@cache
def _southern_initial(syllable: str) -> str:
    """A word's first syllable in its South Korean form (one of at most 11,172 syllables)."""
    return min(syllable_forms(syllable) - {syllable} or {syllable})


@lru_cache(maxsize=65536)
def char_forms(char: str) -> frozenset[str]:
    forms: set[str] = set()
    for reading in hangul_readings().get(char, ()):
        forms |= syllable_forms(reading)
    return frozenset(forms)


@table
def _syllable_table() -> tuple[dict[str, int], int]:
    counts: dict[str, int] = {}
    sentences = 1
    with open(model_path("align", "syllables.tsv"), encoding="utf-8") as handle:
        for line in handle:
            name, _, value = line.rstrip("\n").partition("\t")
            if name == "#sentences":
                sentences = int(value)
            elif not name.startswith("#") and value:
                counts[name] = int(value)
    return counts, sentences


@cache
def mean_syllables() -> float:
    """Distinct syllables in an average sentence of the syllable table (rates are for sentences of that size)."""
    counts, sentences = _syllable_table()
    return sum(counts.values()) / sentences


@lru_cache(maxsize=16384)
def syllable_rate(syllable: str) -> float:
    """Share of Korean sentences containing this syllable (add-one smoothed)."""
    counts, sentences = _syllable_table()
    return (counts.get(syllable, 0) + 1) / (sentences + 2)


@lru_cache(maxsize=16384)
def syllable_weight(syllable: str) -> float:
    """Informativeness of finding this syllable: -log of how often a sentence has it by chance."""
    return -math.log(syllable_rate(syllable))


@lru_cache(maxsize=16384)  # glossary forms, met again in every pair they are found in
def form_weight(form: str) -> float:
    """Informativeness of a Korean form (a glossary rendering) turning up: its syllables' weights summed."""
    return sum(syllable_weight(ch) for ch in form if is_hangul_syllable(ch))


@lru_cache(maxsize=65536)
def char_weight(forms: frozenset[str]) -> float:
    """Informativeness of a Han character's reading turning up: -log P(any of its forms by chance)."""
    if not forms:
        return 0.0
    miss = 1.0
    for form in forms:
        miss *= 1.0 - syllable_rate(form)
    return -math.log(max(1.0 - miss, 1e-9))


@lru_cache(maxsize=65536)
def char_log_miss(forms: frozenset[str]) -> float:
    """log P(none of a character's reading forms in a Korean sentence of typical length), by chance."""
    return sum(math.log(1.0 - syllable_rate(form)) for form in forms)


@cache
def _converter(config: str) -> object | None:
    try:
        import opencc  # lazy: only when Chinese text is aligned
    except ImportError:
        return None
    if config == "s2t":
        from analyzer.engines.opencc_s2t import s2t_converter

        return s2t_converter()  # the same conversion, from one dictionary instead of three
    return opencc.OpenCC(config)


def _convert(text: str, config: str) -> str:
    converter = _converter(config)
    if converter is None:
        return text
    converted = converter.convert(text)  # type: ignore[attr-defined]
    return converted if len(converted) == len(text) else text  # offsets must still point at the same characters


@lru_cache(maxsize=4096)  # a sentence's record is made again once the records' own cache has let it go (score.py)
def to_traditional(text: str) -> str:
    """OpenCC simplified -> traditional (phrase-aware: 头发 -> 頭髮, 干部 -> 幹部); unchanged if unavailable."""
    return _convert(text, "s2t")


_CONVERT = "\x00"  # what `_ReadThrough` gives a character whose readings depend on its conversion
_READ_THROUGH_SIZE = 65536  # characters kept (a few thousand cover most text)


class _ReadThrough(dict[int, str]):
    """Code point -> a character `s2t` can turn it into, whose readings (`char_forms` of it, else of the character
    itself, as records._reading reads them) are those of every character it can become; `_CONVERT` when they
    differ, or when the character is unsafe (s2t_targets.py). Found for each character when first met."""

    def __init__(self, targets: dict[str, str], unsafe: frozenset[str]) -> None:
        super().__init__()
        self.targets, self.unsafe = targets, unsafe

    def __missing__(self, code: int) -> str:
        if len(self) >= _READ_THROUGH_SIZE:  # a hostile text of every code point: kept bounded
            self.clear()
        char = chr(code)
        becomes = self.targets.get(char, char)
        if char in self.unsafe or char == _CONVERT:
            found = _CONVERT
        elif len({char_forms(target) or char_forms(char) for target in becomes}) == 1:
            found = becomes[0]
        else:
            found = _CONVERT
        self[code] = found
        return found


@cache
def _read_through() -> _ReadThrough | None:
    from analyzer.align.s2t_targets import targets  # lazy: only when Chinese text is aligned

    found = targets()  # None without OpenCC, as to_traditional then converts nothing
    return None if found is None else _ReadThrough(*found)


def read_through(simple: str) -> str | None:
    """A text whose characters have the readings (records._reading) of `to_traditional(simple)`'s, told without
    OpenCC; None when some character's readings depend on what the phrase-aware conversion turns it into (most
    notes have none: 另 or 这 read the same whatever they become)."""
    table = _read_through()
    if table is None:
        return None
    read = simple.translate(table)
    return None if _CONVERT in read else read


def to_simplified(text: str) -> str:
    """OpenCC traditional -> simplified (為甚麼 -> 为什么): the glossaries and the word list are written simplified.

    A text holding no character t2s converts at (most notes: they are simplified already) is its own conversion,
    told without OpenCC (engines/opencc_t2s.py)."""
    changed_at = _t2s_keys()
    if changed_at is not None and changed_at.isdisjoint(text):
        return text
    return _convert(text, "t2s")


@cache
def _t2s_keys() -> frozenset[str] | None:
    from analyzer.engines.opencc_t2s import key_characters  # lazy: only when Chinese text is aligned

    return key_characters()


@table
@prepared(("align", "zh_words.txt"))
def zh_words() -> frozenset[str]:
    """Chinese words of two to four characters (models/align/zh_words.txt, from jieba's dictionary)."""
    with open(model_path("align", "zh_words.txt"), encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))


@cache
@prepared(("align", "zh_words.txt"))
def zh_word_prefixes() -> frozenset[str]:
    """The first two characters of each word of `zh_words`: where none starts, no word does."""
    return frozenset(word[:2] for word in zh_words())


def word_length_at(text: str, start: int, words: frozenset[str], prefixes: frozenset[str]) -> int:
    """How many characters (4, 3 or 2) the longest of `words` starting at `start` in `text` spans, 0 when none does.
    `prefixes` are the words' first two characters (zh_words, zh_word_prefixes: passed, as callers ask per offset):
    most offsets start no word, and are told so without three lookups. Near the end of the text a slice is shorter
    than the length tried, and that length is returned."""
    if text[start : start + 2] not in prefixes:
        return 0
    for length in (4, 3, 2):
        if text[start : start + length] in words:
            return length
    return 0


@table
def transliteration() -> dict[str, tuple[str, ...]]:
    """Han character used in foreign names -> Hangul renderings of its sound (models/align/transliteration.tsv)."""
    return {row[0]: tuple(row[1].split("|")) for row in read_tsv("align", "transliteration.tsv")}

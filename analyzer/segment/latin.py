"""Language of non-CJK runs: a script of one language, a quick English check, then seeded langdetect,
`und` when too short.

Scripts written for one language (Thai, Greek, Georgian, ...) come from models/langid/scripts.tsv.
English words come from models/langid/en_words.txt: common English words with how much
more English uses them than other Latin-script languages, so a note of a few English
words is told without the (slow, statistical) detector.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from array import array
from bisect import bisect_right
from functools import cache, lru_cache
from typing import Any

from analyzer.resources import prepared, read_tsv, table

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
MIN_LETTERS_FOR_DETECTOR = 12  # below this langdetect mostly guesses (names: "Peter Costello" -> no); say `und`
# Notes in a Latin script are English far more often than not in deliveries: "In April", "I am"
# are English unless their words are on average clearly more common elsewhere ("la", "est").
ENGLISH_PRIOR = 1.0
_LANGDETECT_CODES = {"zh-cn": "zh", "zh-tw": "zh"}


NOTE_WORD_EVIDENCE = 1.0  # log10 odds of a word of models/langid/en_note_words.txt (redraw, wip, inbetween)


@table
@prepared(("langid", "en_words.txt"), ("langid", "en_note_words.txt"))
def english_words() -> dict[str, float]:
    """Common English word -> log10 of how much more often English uses it than other Latin languages; words
    of editing notes (models/langid/en_note_words.txt) count as English however rare or ambiguous elsewhere."""
    words = {word: float(ratio) for word, ratio in read_tsv("langid", "en_words.txt")}
    for (word,) in read_tsv("langid", "en_note_words.txt"):
        words[word] = max(words.get(word, NOTE_WORD_EVIDENCE), NOTE_WORD_EVIDENCE)
    return words


@cache
def _script_blocks() -> tuple[list[int], list[tuple[int, str]]]:
    """Sorted block starts, and (block end, language) for each, from models/langid/scripts.tsv."""
    rows = sorted((int(first, 16), int(last, 16), lang) for first, last, lang, _ in read_tsv("langid", "scripts.tsv"))
    return [first for first, _, _ in rows], [(last, lang) for _, last, lang in rows]


def script_language(text: str) -> str | None:
    """The language of a one-language script (ไทย -> th, ქართული -> ka) when every letter of `text` is in it."""
    starts, blocks = _script_blocks()
    found = None
    for char in text:
        if not char.isalpha():
            continue  # digits, punctuation, combining vowel signs
        index = bisect_right(starts, ord(char)) - 1
        if index < 0 or ord(char) > blocks[index][0] or found not in (None, blocks[index][1]):
            return None
        found = blocks[index][1]
    return found


@cache
def _detector_factory() -> Any:
    """langdetect's detector factory with its 55 language profiles, each n-gram's probabilities in a float32
    array rather than a list of Python floats.

    langdetect's own loader (init_factory) keeps 61 MB in each process that needs it; this one 38 MB, in
    half the time, and the detector gives the same answers (tests/test_segment.py compares them on many notes).
    """
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    factory = DetectorFactory()
    names = sorted(name for name in os.listdir(PROFILES_DIRECTORY) if not name.startswith("."))
    no_prob = array("f", bytes(4 * len(names)))
    by_ngram = factory.word_lang_prob_map
    for index, name in enumerate(names):  # as DetectorFactory.add_profile, one profile in memory at a time
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as handle:
            profile = json.load(handle)
        factory.langlist.append(profile["name"])
        n_words = profile["n_words"]
        for ngram, count in profile["freq"].items():
            probs = by_ngram.get(ngram)
            if probs is None:
                probs = by_ngram[ngram] = array("f", no_prob)
            if 1 <= len(ngram) <= 3:
                probs[index] = count / n_words[len(ngram) - 1]
    return factory


@lru_cache(maxsize=8192)
def langdetect_best(text: str) -> tuple[str, float]:
    """langdetect's best (ISO 639-1 code, probability), seeded; ("und", 0.0) when it has no features.

    Cached: langdetect takes tens of milliseconds and dumps repeat the same names and terms.
    """
    detector = _detector_factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except Exception:  # langdetect raises on text without features
        return "und", 0.0
    return _LANGDETECT_CODES.get(best.lang, best.lang.split("-")[0]), round(float(best.prob), 3)


def detect_latin(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) for a run of Latin, Cyrillic or other-script letters."""
    if not text.isascii():
        script = script_language(text)
        if script is not None:
            return script, 0.95
        text = unicodedata.normalize("NFKC", text)  # full-width Ｃｕｔ reads as Cut
    words = [w.lower().replace("’", "'").removesuffix("'s") for w in _WORD.findall(text)]
    if not words:
        return "und", 0.0
    known = english_words()
    common = 0
    evidence = 0.0
    for word in words:
        if word in known:
            common += 1
            evidence += known[word]
    # Mostly common English words (names and cut-off words aside), on average not clearly foreign.
    if common * 2 >= len(words) and evidence / max(common, 1) + ENGLISH_PRIOR > 0:
        return "en", round(max(0.5, min(0.99, 0.6 + 0.1 * evidence)), 3)
    if sum(len(w) for w in words) < MIN_LETTERS_FOR_DETECTOR:
        return "und", 0.0
    return langdetect_best(text)

"""The sanctions watchlist: names in Latin, Hangul and Hanja from models/watchlist/*.tsv, fuzzy-matched.

Names are normalised (case, punctuation, legal suffixes, spaces) before rapidfuzz
compares them, so "Sek Studio Ltd" and "SEK-STUDIO" meet "SEK STUDIO".

May import: resources, text. Never a pipeline stage.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType

from analyzer.resources import model_path
from analyzer.text.normalize import INVISIBLE

LEGAL_SUFFIXES = re.compile(
    r"\b(co|company|ltd|limited|llc|pte|inc|corp|corporation|jsc|gmbh|holdings?|development)\b", re.I
)
PUNCT = re.compile(r"[\W_]+")  # everything but letters and digits (Hangul and Han are letters); _ too
MIN_SCORE = 90.0
HEAD_SCORE = 95.0  # a long name's head must match this closely to cite the name
MIN_NAME = 6  # shorter normalised names only match exactly
PREFIX = 10  # a long name may be cited by its head ("Nings Cartoon" for NINGS CARTOON STUDIO), never its tail
HEAD_SHARE = 0.6  # the head: the first two or more whole words, at least PREFIX letters and 60% of the name


@dataclass(frozen=True, slots=True)
class WatchName:
    entity: str
    name: str
    form: str
    source: str
    key: str  # normalised
    head: str = ""  # normalised head of a name of three or more words, or ""


def _folded(name: str) -> str:
    """The name NFKC, without invisible characters, case folded, "&" read "and", legal suffixes blanked: its words
    are what PUNCT splits this into."""
    if name.isascii():  # NFKC already, no invisible character, and its casefold is lower (most file names)
        return _ASCII_LEGAL_SUFFIXES.sub(" ", name.lower().replace("&", " and "))
    # The full-width comma (the commonest character of Chinese notes that NFKC changes) written as the comma it
    # decomposes to: the same NFKD, so the same NFKC, and most such texts then pass NFKC's quick check instead of
    # being composed again (tests/test_watchlist.py).
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", name).replace("，", ",")).casefold().replace("&", " and ")
    # each suffix holds a letter that only A-Z or a-z match ignoring case (only i and s match others: ı, İ, ſ)
    return LEGAL_SUFFIXES.sub(" ", text) if _LATIN_LETTER.search(text) else text


# LEGAL_SUFFIXES on lowercase ASCII, quicker: the pattern without ignoring case finds the same there (no capitals,
# and none of the non-ASCII letters that match i and s ignoring case)
_ASCII_LEGAL_SUFFIXES = re.compile(LEGAL_SUFFIXES.pattern)
_LATIN_LETTER = re.compile("[A-Za-z]")
_ASCII_PUNCT = bytes(code for code in range(128) if PUNCT.fullmatch(chr(code)))  # what PUNCT drops of ASCII


def _words(name: str) -> list[str]:
    return [w for w in PUNCT.split(_folded(name)) if w]


def normalise(name: str) -> str:
    """The name's words (_words) joined: what is compared."""
    folded = _folded(name)
    if folded.isascii():
        return folded.encode("ascii").translate(None, _ASCII_PUNCT).decode("ascii")
    return PUNCT.sub("", folded)  # the words joined: what lies between them dropped


def head_of(name: str) -> str:
    """The leading whole words a name may be cited by: "ningscartoon" for NINGS CARTOON STUDIO; "" for short names
    ("Everlasting Love" must not meet EVERLASTING EMPIRE)."""
    words = _words(name)
    total = sum(map(len, words))
    for size in range(2, len(words)):
        head = "".join(words[:size])
        if len(head) >= max(PREFIX, HEAD_SHARE * total):
            return head
    return ""


@cache
def names() -> tuple[WatchName, ...]:
    out: list[WatchName] = []
    for path in sorted(model_path("watchlist").glob("*.tsv")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#") or not line.strip():
                    continue
                entity, name, form, source = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
                key = normalise(name)
                if key:
                    out.append(WatchName(entity, name, form, f"{source} ({path.name})", key, head_of(name)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Match:
    entry: WatchName
    matched: str
    score: float


@cache
def _fuzz() -> ModuleType:
    """rapidfuzz.fuzz, imported at the first text worth scoring (an import statement per text costs more)."""
    from rapidfuzz import fuzz

    return fuzz


def _head_score(head: str, key: str) -> tuple[float, str]:
    """Near-exact head of a long name, scored a little lower than the whole name."""
    fuzz = _fuzz()
    if not head or len(key) < len(head):
        return 0.0, ""
    aligned = fuzz.partial_ratio_alignment(head, key)
    if aligned.score < HEAD_SCORE:
        return 0.0, ""
    return round(aligned.score * 0.95, 1), key[aligned.dest_start : aligned.dest_end]


def _score_needed(entry: WatchName) -> float:
    """The score a name must reach: one letter off in a short name is another name."""
    return MIN_SCORE if len(entry.key) >= 12 else 96.0


def _bigrams(key: str) -> set[str]:
    return set(map(operator.add, key, key[1:]))  # key[i] + key[i + 1], pair by pair, in C


def _pairs_needed(length: int, score: float) -> int:
    """Letter pairs a text must share with a name of `length` letters to reach `score` against it.

    A score s allows at most (1 - s/100) * 2 * length single-letter edits (rapidfuzz's indel ratio over two
    strings of about that length); each edit breaks at most two of the name's pairs, and the pairs left may
    repeat, so half of what survives is a safe lower bound on the distinct pairs shared.
    """
    edits = (1 - score / 100) * 2 * length
    return max(1, int((length - 1 - 2 * edits) / 2))


@cache
def _candidates() -> tuple[tuple[WatchName, frozenset[str], int, frozenset[str], int], ...]:
    """Each long name with its letter pairs and how many a match needs, for its whole key and its head."""
    out = []
    for entry in names():
        if len(entry.key) >= MIN_NAME:
            head = frozenset(_bigrams(entry.head)) if entry.head else frozenset()
            head_needed = _pairs_needed(len(entry.head), HEAD_SCORE) if entry.head else 0
            needed = _pairs_needed(len(entry.key), _score_needed(entry))
            out.append((entry, frozenset(_bigrams(entry.key)), needed, head, head_needed))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _PairCounts:
    """How many letter pairs a text shares with each name, counted for all names at once: each candidate has a field
    of `width` bits in one integer, and a letter pair maps to the integer with 1 in the field of each candidate whose
    key (`in_key`) or head (`in_head`) holds it, so the sum over a text's distinct pairs holds every candidate's count.
    The biases add `top - needed` to each field, so that a field's top bit (`tops`) is set exactly when its count
    reaches what the candidate needs; counts stay below `top`, so no field carries into the next. Both maps hold
    every pair of the names (0 for a candidate without it)."""

    in_key: dict[str, int]
    in_head: dict[str, int]
    key_bias: int
    head_bias: int
    tops: int
    width: int


@cache
def _pair_counts() -> _PairCounts:
    candidates = _candidates()
    most = max((len(grams | head) for _, grams, _, head, _ in candidates), default=0)
    width = most.bit_length() + 1
    top = 1 << (width - 1)  # above any count; count + top - needed < 2 * top
    in_key: dict[str, int] = {}
    in_head: dict[str, int] = {}
    key_bias = head_bias = tops = 0
    for number, (_, grams, needed, head, head_needed) in enumerate(candidates):
        field = width * number
        for pair in grams | head:
            in_key[pair] = in_key.get(pair, 0) + ((pair in grams) << field)
            in_head[pair] = in_head.get(pair, 0) + ((pair in head) << field)
        key_bias += (top - needed) << field  # needed >= 1: a name sharing no pair is never chosen
        if head:  # without a head the field stays 0, below its top bit
            head_bias += (top - head_needed) << field
        tops += top << field
    return _PairCounts(in_key, in_head, key_bias, head_bias, tops, width)


@cache
def _first_letters() -> frozenset[str]:
    """The letters the names' letter pairs start with: a text holding none shares no pair with any name."""
    return frozenset(pair[0] for pair in _pair_counts().in_key)


@cache
def _short_names() -> tuple[WatchName, ...]:
    """The names too short for fuzzy matching, which match only as a whole."""
    return tuple(e for e in names() if len(e.key) < MIN_NAME)


def _worth_scoring(key: str) -> set[str]:
    """Entities whose names could match `key`: most notes share too few letter pairs with every name, and
    skip the fuzzy matcher altogether."""
    chosen = {e.entity for e in _short_names() if e.key in key}
    if _first_letters().isdisjoint(key):
        return chosen  # shares no pair with any name (many texts hold no letter a name's pair starts with)
    counts = _pair_counts()
    # a text's pairs no name holds count for none (its pairs looked up as they are made: no set of them first)
    shared = counts.in_key.keys() & map(operator.add, key, key[1:])
    if not shared:
        return chosen
    in_key = sum(map(counts.in_key.__getitem__, shared)) + counts.key_bias
    in_head = sum(map(counts.in_head.__getitem__, shared)) + counts.head_bias
    reached = (in_key | in_head) & counts.tops
    candidates = _candidates()
    while reached:  # the candidates whose key or head shares enough pairs: each set bit, lowest first
        lowest = reached & -reached
        chosen.add(candidates[(lowest.bit_length() - 1) // counts.width][0].entity)
        reached ^= lowest
    return chosen


def match(text: str) -> list[Match]:
    """Watchlisted names found in `text`, best per entity."""
    return list(matches(text))


@lru_cache(maxsize=4096)  # file names repeat from folder to folder (c001 notes, layout): most calls are one
def matches(text: str) -> tuple[Match, ...]:
    """`match` as a tuple, the same for each call with the same text (a rule reads it for every note and name)."""
    key = normalise(text)
    if not key:
        return ()
    entities = _worth_scoring(key)
    if not entities:
        return ()
    fuzz = _fuzz()
    best: dict[str, Match] = {}
    for entry in names():
        if entry.entity not in entities:
            continue
        if len(entry.key) < MIN_NAME:
            score = 100.0 if entry.key in key else 0.0
            matched = entry.name
        elif len(key) < len(entry.key) * 0.85:
            score, matched = fuzz.ratio(entry.key, key), text
        else:
            aligned = fuzz.partial_ratio_alignment(entry.key, key)
            score, matched = aligned.score, key[aligned.dest_start : aligned.dest_end]
        needed = _score_needed(entry)
        if score < needed and entry.head:
            score, matched = _head_score(entry.head, key)
        if score >= needed and (entry.entity not in best or score > best[entry.entity].score):
            best[entry.entity] = Match(entry, matched, round(score, 1))
    return tuple(best.values())

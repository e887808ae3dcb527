"""nk_score: a logistic model over marker rates, with weights fitted by scripts/fit_dialect.py.

The weights, the shrinkage prior and the thresholds live in models/dprk/dialect-model.json (a few fitted
numbers; no calibration text is shipped). Rates are shrunk towards what an average sentence shows, as if
every text had `prior_words` more average words: a note of one to three words shows too little spacing to
read its norms from, so its score stays near the prior instead of swinging on one long loanword.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import repeat
from typing import Any

from analyzer.dialect.markers import STRONG_KINDS, Marker
from analyzer.resources import model_path
from analyzer.text.odds import sigmoid
from analyzer.text.scripts import HANGUL_SYLLABLES

SPACING = ("dependent-noun", "auxiliary", "auxiliary-loose", "unit", "compound", "position", "counter")
STRICT = SPACING[:2]  # South Korean norms always space these
FEATURES = (
    *(f"attached-{k}" for k in SPACING),
    *(f"detached-{k}" for k in SPACING),
    "detached-particle",
    "attached-share",
    "syllables-per-word",
    "content-per-word",
    "multi-content-share",
    "strong",
    "no-saisiot",
)
_RATES = FEATURES[: 2 * len(SPACING) + 1]
_ATTACHED_STRICT = tuple(f"attached-{kind}" for kind in STRICT)
_DETACHED_STRICT = tuple(f"detached-{kind}" for kind in STRICT)
_NONE = (0,) * len(STRICT)  # the count of a kind the text does not show
_NO_RATES = (0,) * len(_RATES)


# A WORD holding a Hangul syllable, in one search: from a WORD's start, its letters before the first syllable, the
# syllable, and the rest of the WORD (a WORD without a syllable matches from none of its letters).
_KOREAN_WORD = re.compile(f"[0-9A-Za-z]*[{HANGUL_SYLLABLES}][0-9A-Za-z{HANGUL_SYLLABLES}]*")


def korean_words(text: str) -> list[str]:
    """The WORDs of `text` holding a Hangul syllable (tests/test_dialect.py holds the two definitions equal)."""
    return _KOREAN_WORD.findall(text)


def syllable_count(words: Sequence[str]) -> int:
    """The Hangul syllables of korean_words, whose letters are ASCII or syllables: UTF-8 writes an ASCII letter in
    one byte and a syllable in three, so their count follows from the encoded length, without a string per syllable
    a findall of syllables would make (tests/test_dialect.py holds the two equal)."""
    joined = "".join(words)
    return (len(joined.encode("utf-8")) - len(joined)) // 2


def features(
    text: str,
    markers: Sequence[Marker],
    counts: dict[str, int],
    prior: dict[str, float] | None = None,
    words: list[str] | None = None,
) -> dict[str, float]:
    """Spacing rates per Korean word, the share of attached constructions, how much a word holds, strong markers.
    `prior` (the model's by default): {"words", "syllables-per-word", "content-per-word"}; `words`: the text's
    korean_words, when the caller has them already."""
    return dict(zip(FEATURES, feature_values(text, markers, counts, prior, words)))


def feature_values(
    text: str,
    markers: Sequence[Marker],
    counts: dict[str, int],
    prior: dict[str, float] | None = None,
    words: list[str] | None = None,
) -> list[float]:
    """The values of `features` in FEATURES' order, without their names (what the score weighs, once a text)."""
    prior = prior or model()["prior"]
    words = korean_words(text) if words is None else words
    size = len(words) + prior["words"]  # shrinkage: `prior["words"]` average words more
    values = list(map(operator.truediv, map(counts.get, _RATES, _NO_RATES), repeat(size)))  # count / size each
    attached = sum(map(counts.get, _ATTACHED_STRICT, _NONE))
    detached = sum(map(counts.get, _DETACHED_STRICT, _NONE))
    syllables = syllable_count(words)
    content = counts.get("content-morphemes", 0) + prior["words"] * prior["content-per-word"]
    strong = no_saisiot = 0
    for marker in markers:
        if marker.kind in STRONG_KINDS:
            strong += 1
        elif marker.kind == "no-saisiot":
            no_saisiot += 1
    values += (
        (attached - detached) / (attached + detached + 1),  # attached-share
        math.log(max((syllables + prior["words"] * prior["syllables-per-word"]) / size, 1.0)),  # syllables-per-word
        math.log(max(content / size, 1.0)),  # content-per-word
        counts.get("multi-content-words", 0) / size,  # multi-content-share
        min(strong, 3),  # strong
        min(no_saisiot, 2),  # no-saisiot
    )
    return values


@cache
def model() -> dict[str, Any]:
    with open(model_path("dprk", "dialect-model.json"), encoding="utf-8") as handle:
        return json.load(handle)


def log_odds(values: dict[str, float]) -> float:
    # The same products summed in the same order as over model()["weights"] by name: the same float.
    _, names, absent = _weights()
    return _ordered_log_odds(map(values.get, names, absent))


def _ordered_log_odds(values: Iterable[float]) -> float:
    """log_odds of the features' values in FEATURES' order."""
    return model()["bias"] + sum(map(operator.mul, _weights()[0], values))


@cache
def _weights() -> tuple[tuple[float, ...], tuple[str, ...], tuple[float, ...]]:
    """The weights in FEATURES' order, the names, and 0.0 for each (a feature absent from the values)."""
    weights = model()["weights"]
    return tuple(weights[name] for name in FEATURES), FEATURES, (0.0,) * len(FEATURES)


def probability(values: dict[str, float]) -> float:
    return sigmoid(log_odds(values))


def probability_of(values: Sequence[float]) -> float:
    """probability of feature_values (the values in FEATURES' order)."""
    return sigmoid(_ordered_log_odds(values))


def flag_threshold() -> float:
    """The nk_score above which a sentence reads as North Korean (at most 0.2% of South Korean sentences)."""
    return float(model()["flag_threshold"])


def note_threshold() -> float:
    """The nk_score above which a note of four words or more reads as North Korean (at most 1% of South Korean
    note-length clauses of that size; scripts/fit_dialect.py)."""
    return float(model()["note_threshold"])


def file_threshold() -> float:
    """The nk_score of a file's Korean notes taken together above which the file reads as North Korean (at most
    1% of generated South Korean files; scripts/fit_dialect.py)."""
    return float(model()["file_threshold"])

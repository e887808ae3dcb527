"""nk_score: a logistic model over marker rates, with weights fitted by scripts/fit_dialect.py.

The weights and the flag threshold live in models/dprk/dialect-model.json (a few
fitted numbers; no calibration text is shipped).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any

from analyzer.dialect.markers import STRONG_KINDS, WORD, Marker
from analyzer.resources import model_path
from analyzer.text.odds import sigmoid

SPACING = ("dependent-noun", "auxiliary", "auxiliary-loose", "unit", "compound")
FEATURES = (
    *(f"attached-{k}" for k in SPACING),
    *(f"detached-{k}" for k in SPACING),
    "detached-particle",
    "attached-share",
    "syllables-per-word",
    "strong",
    "no-saisiot",
)


def features(text: str, markers: Sequence[Marker], counts: dict[str, int]) -> dict[str, float]:
    """Spacing rates per Korean word, the share of attached constructions, mean word length, strong markers."""
    words = [w.group() for w in WORD.finditer(text) if any("가" <= ch <= "힣" for ch in w.group())]
    count = max(len(words), 1)
    out = {name: counts.get(name, 0) / count for name in FEATURES[:11]}
    attached = sum(counts.get(f"attached-{k}", 0) for k in SPACING[:2])
    detached = sum(counts.get(f"detached-{k}", 0) for k in SPACING[:2])
    out["attached-share"] = (attached - detached) / (attached + detached + 1)
    syllables = sum(sum(1 for ch in w if "가" <= ch <= "힣") for w in words)
    out["syllables-per-word"] = math.log(max(syllables / count, 1.0))
    kinds = Counter(m.kind for m in markers)
    out["strong"] = min(sum(kinds[k] for k in STRONG_KINDS), 3)
    out["no-saisiot"] = min(kinds["no-saisiot"], 2)
    return out


@cache
def model() -> dict[str, Any]:
    with open(model_path("dprk", "dialect-model.json"), encoding="utf-8") as handle:
        return json.load(handle)


def probability(values: dict[str, float]) -> float:
    fitted = model()
    z = fitted["bias"] + sum(fitted["weights"][name] * values.get(name, 0.0) for name in FEATURES)
    return sigmoid(z)


def flag_threshold() -> float:
    return float(model()["flag_threshold"])

"""Optional pair features that join the score when their resource is installed (e.g. translation similarity).

Registry: one `OptionalFeature` per line in `OPTIONAL_FEATURES`. A feature counts in score.py (the pair
score and the DP's beads) only when `available()` is true and models/align/pair_model.json holds a fitted
weight for it under "optional" (fit it with bench/calibrate_pairs.py once the resource is installed).

`mt_shift` is already in log-odds (analyzer/align/translation.py, fitted by bench/translation_similarity.py
into models/translate/similarity.json), so its pair_model.json entry is {"weight": 1.0, "bias": 0.0}. Until
that entry exists, score.with_translation_similarity adds the same shift to each reported pair itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analyzer.align import translation


@dataclass(frozen=True, slots=True)
class OptionalFeature:
    name: str
    available: Callable[[], bool]  # cheap check, called once per process
    compute: Callable[[str, str], float]  # (chinese, korean) -> feature value


def _translation_installed() -> bool:
    return translation.mt.enabled()  # lists the package folder; imports no translation engine


OPTIONAL_FEATURES: tuple[OptionalFeature, ...] = (
    OptionalFeature(translation.FEATURE, _translation_installed, translation.mt_shift),
)

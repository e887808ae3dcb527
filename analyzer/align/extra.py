"""Optional pair features that join the score when their resource is installed (e.g. translation similarity).

Registry: one `OptionalFeature` per line in `OPTIONAL_FEATURES`. A feature counts only when
`available()` is true and models/align/pair_model.json holds a fitted weight for it under
"optional" (fit it with bench/calibrate_pairs.py once the resource is installed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OptionalFeature:
    name: str
    available: Callable[[], bool]  # cheap check, called once per process
    compute: Callable[[str, str], float]  # (chinese, korean) -> feature value


OPTIONAL_FEATURES: tuple[OptionalFeature, ...] = ()

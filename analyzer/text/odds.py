"""Probabilities and log-odds: the one logistic function the calibrated scores share."""

from __future__ import annotations

import math

_CLAMP = 40.0  # exp(40) is far beyond any probability worth telling apart from 1; keeps exp() from overflowing


def sigmoid(z: float) -> float:
    """The probability whose log-odds is z."""
    z = max(min(z, _CLAMP), -_CLAMP)
    return 1.0 / (1.0 + math.exp(-z))


def logit(p: float) -> float:
    """The log-odds of probability p (clamped away from 0 and 1)."""
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return math.log(p / (1.0 - p))

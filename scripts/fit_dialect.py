"""Fit models/dprk/dialect-model.json: logistic weights over marker rates, and the flag threshold.

Fits on sentences 0-499 of nk-sk-news-dev (both norms), nk-speeches (NK) and FLORES-200
Korean (SK); only the fitted numbers are written. The threshold keeps ≤ 0.2% of the
South Korean fit sentences above it (target ≤ 1% held out).
Run: python scripts/fit_dialect.py (needs numpy and ../shared/data).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from dialect_data import SPLIT, flores_korean, news, speech_sentences  # noqa: E402

from analyzer.dialect.markers import find_markers  # noqa: E402
from analyzer.dialect.score import FEATURES, features  # noqa: E402

OUT = ROOT / "models" / "dprk" / "dialect-model.json"


def matrix(texts: list[str]) -> np.ndarray:
    rows = []
    for text in texts:
        values = features(text, *find_markers(text))
        rows.append([values[name] for name in FEATURES])
    return np.array(rows, dtype=float)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> tuple[np.ndarray, float]:
    """Newton steps on the L2-penalised log-loss (bias unpenalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.eye(xb.shape[1]) * l2
    penalty[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + penalty @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + penalty
        w -= np.linalg.solve(hess, grad)
    return w[:-1], float(w[-1])


def main() -> None:
    south, north = news("ko")[:SPLIT] + flores_korean(), news("nk")[:SPLIT]
    speeches = speech_sentences()
    x = np.vstack([matrix(south), matrix(north), matrix(speeches)])
    y = np.array([0] * len(south) + [1] * (len(north) + len(speeches)), dtype=float)
    weights, bias = fit(x, y)
    z_south = x[: len(south)] @ weights + bias  # the threshold comes from SK fit sentences only
    p_south = 1.0 / (1.0 + np.exp(-z_south))
    threshold = max(float(np.quantile(p_south, 0.998)) + 1e-4, 0.5)
    model = {
        "about": "nk_score = sigmoid(bias + sum(weights * features)); fitted by scripts/fit_dialect.py on "
        "nk-sk-news-dev sentences 0-499 (CC BY-NC-ND, not shipped), nk-speeches (CC0), FLORES-200 dev Korean",
        "bias": round(bias, 5),
        "weights": {name: round(float(w), 5) for name, w in zip(FEATURES, weights)},
        "flag_threshold": round(threshold, 4),
    }
    OUT.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(model, indent=2))


if __name__ == "__main__":
    main()

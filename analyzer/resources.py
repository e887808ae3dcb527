"""Where the data in models/ lives, and loaders that read each table once per process."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

MODELS_ENV = "ANALYZER_MODELS_DIR"


@cache
def models_dir() -> Path:
    """The models folder: $ANALYZER_MODELS_DIR, the checkout's models/, or the installed copy."""
    override = os.environ.get(MODELS_ENV)
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parent.parent / "models"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "_models"


def model_path(*parts: str) -> Path:
    return models_dir().joinpath(*parts)


def read_tsv(*parts: str) -> list[list[str]]:
    """Rows of a tab-separated table in models/, without comments and blank lines."""
    rows = []
    with open(model_path(*parts), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


@cache
def hangul_readings() -> dict[str, tuple[str, ...]]:
    """Han character -> its Sino-Korean readings in Hangul (simplified forms included)."""
    return {row[0]: tuple(row[1].split()) for row in read_tsv("han", "readings.tsv")}


@cache
def han_variants() -> dict[str, str]:
    """Han character -> "S" if only a simplified form, "T" if only a traditional form."""
    return {row[0]: row[1] for row in read_tsv("han", "variants.tsv")}


@cache
def hangul_syllable_counts() -> dict[str, int]:
    """Hangul syllable -> how often it occurs in a Korean corpus (models/extract/hangul_common.tsv)."""
    return {row[0]: int(row[1]) for row in read_tsv("extract", "hangul_common.tsv")}

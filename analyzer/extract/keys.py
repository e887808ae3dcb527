"""Which structured keys and columns hold notes, times and authors (table in models/extract/)."""

from __future__ import annotations

import re
from functools import cache

from analyzer.resources import read_tsv

_FOLD = re.compile(r"[\s_\-.:]+")


def fold_key(key: str) -> str:
    return _FOLD.sub("", key).lower()


@cache
def key_kinds() -> dict[str, str]:
    return {fold_key(row[0]): row[1] for row in read_tsv("extract", "note_keys.tsv")}


def key_kind(key: str) -> str | None:
    """ "note", "time", "author" or None for a JSON key or column header."""
    return key_kinds().get(fold_key(key))

"""What a scan had to go without in this process, so the report can say so instead of quietly seeing less.

Without Java, Korean morphology is unavailable: North Korean spelling markers that need it vanish and relay
pairs are not raised to high. The stage that falls back records it here; every unit analysed afterwards in the
process carries it (BatchResult.missing), and the report's summary and stderr name it.
"""

from __future__ import annotations

_MISSING: dict[str, str] = {}

EFFECTS = {
    "korean-morphology": "North Korean spelling evidence that needs Komoran (initial ㄹ/ㄴ, -여 forms, spacing) is "
    "not looked for, so relay pairs are not raised to high by it"
}


def missing(capability: str, reason: str) -> None:
    """Record that `capability` is unavailable in this process, and why (the first reason is kept)."""
    _MISSING.setdefault(capability, reason)


def current() -> tuple[tuple[str, str], ...]:
    """The capabilities missing so far in this process, with their reasons."""
    return tuple(sorted(_MISSING.items()))

"""A Hangul syllable as its initial, vowel and final jamo indices, and back (Unicode's arithmetic)."""

from __future__ import annotations

SYLLABLE_BASE = 0xAC00
VOWELS, FINALS = 21, 28  # jungseong and jongseong counts (the final count includes "no final")
SYLLABLE_COUNT = 19 * VOWELS * FINALS  # 11,172 precomposed syllables


def syllable_parts(syllable: str) -> tuple[int, int, int] | None:
    """(initial, vowel, final) indices of a precomposed syllable, None for any other character."""
    code = ord(syllable) - SYLLABLE_BASE
    if not 0 <= code < SYLLABLE_COUNT:
        return None
    return code // (VOWELS * FINALS), (code // FINALS) % VOWELS, code % FINALS


def compose_syllable(initial: int, vowel: int, final: int = 0) -> str:
    return chr(SYLLABLE_BASE + (initial * VOWELS + vowel) * FINALS + final)

"""Cut a run of text into sentences (line breaks and sentence-final punctuation), keeping offsets.

Shared by alignment, the relay-chain rule and machine translation, which all work sentence by sentence.
"""

from __future__ import annotations

import re

# A sentence ends at a line break, or after 。！？!? or a "." not inside a number.
_SENTENCE_END = re.compile(r"\n+|(?<=[。！？!?；;])|(?<=\.)(?!\d)")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence inside text[start:end]."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        _append(text, cursor, match.start(), spans)
        cursor = match.end()
    _append(text, cursor, end, spans)
    return spans


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if any(map(str.isalpha, stripped)):
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))

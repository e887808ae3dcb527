"""A sentence of a note as alignment sees it: where it sits, its language, and its note's place in its file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    comment_id: str
    lang: str
    start: int  # offsets in the comment text
    end: int
    text: str
    note_index: int  # position of the comment among the notes of its file
    file_key: str  # path and archive member of the file

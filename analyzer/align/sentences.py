"""A sentence of a note as alignment sees it: where it sits, its language, and its note's place in its file."""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.model import quick_init


# Each sentence is made once per unit (align/__init__.py), so it is its own identity: sets of sentences hash by
# object, not by its seven fields.
@quick_init
@dataclass(frozen=True, slots=True, eq=False)
class Sentence:
    comment_id: str
    lang: str
    start: int  # offsets in the comment text
    end: int
    text: str
    note_index: int  # position of the comment among the notes of its file
    file_key: str  # path and archive member of the file

"""What the evidence rules share: the Korean runs of a note, the caveat to state."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from analyzer.detect.base import BatchView
from analyzer.dialect import CAVEAT
from analyzer.model import AnalyzedComment, Segment

__all__ = ["CAVEAT", "files_with_chinese", "korean_notes", "korean_runs", "segment_runs"]


def korean_runs(analyzed: AnalyzedComment) -> Iterator[tuple[int, str]]:
    """(offset, text) of each Korean segment of a note."""
    return segment_runs(analyzed.comment.text, analyzed.segments)


KoreanNotes = list[tuple[AnalyzedComment, list[tuple[int, str]]]]


def korean_notes(comments: Sequence[AnalyzedComment]) -> KoreanNotes:
    """Each note holding a Korean segment, with its Korean runs as korean_runs gives them: a rule reading Korean
    passes over the others (most notes) without a generator each. Read only: the three rules reading Korean ask in
    turn for the same batch's notes (the same tuple), whose list is made once."""
    global _last
    last = _last
    if last[0] is comments:
        return last[1]
    found: KoreanNotes = []
    for analyzed in comments:
        for seg in analyzed.segments:
            if seg.lang == "ko":
                text = analyzed.comment.text
                runs = [(s.start, text[s.start : s.end]) for s in analyzed.segments if s.lang == "ko"]
                found.append((analyzed, runs))
                break
    if type(comments) is tuple:  # (a list could change before the next rule asks)
        _last = (comments, found)  # its tuple kept alive here: no other batch's can be this object
    return found


_last: tuple[Sequence[AnalyzedComment], KoreanNotes] = ((), [])


def segment_runs(text: str, segments: Sequence[Segment]) -> Iterator[tuple[int, str]]:
    """(offset, text) of each Korean segment of `text`."""
    for seg in segments:
        if seg.lang == "ko":
            yield seg.start, text[seg.start : seg.end]


def files_with_chinese(view: BatchView) -> set[tuple[str, str | None]]:
    return {(c.comment.path, c.comment.member) for c in view.comments if any(s.lang == "zh" for s in c.segments)}

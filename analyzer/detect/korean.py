"""What the evidence rules share: the Korean runs of a note, the caveat to state."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from analyzer.detect.base import BatchView
from analyzer.dialect import CAVEAT
from analyzer.model import AnalyzedComment, Segment

__all__ = ["CAVEAT", "files_with_chinese", "korean_runs", "segment_runs"]


def korean_runs(analyzed: AnalyzedComment) -> Iterator[tuple[int, str]]:
    """(offset, text) of each Korean segment of a note."""
    return segment_runs(analyzed.comment.text, analyzed.segments)


def segment_runs(text: str, segments: Sequence[Segment]) -> Iterator[tuple[int, str]]:
    """(offset, text) of each Korean segment of `text`."""
    for seg in segments:
        if seg.lang == "ko":
            yield seg.start, text[seg.start : seg.end]


def files_with_chinese(view: BatchView) -> set[tuple[str, str | None]]:
    return {(c.comment.path, c.comment.member) for c in view.comments if any(s.lang == "zh" for s in c.segments)}

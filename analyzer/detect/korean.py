"""What the North Korean evidence rules share: the Korean runs of a note and the caveat they must state."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.detect.base import BatchView
from analyzer.model import AnalyzedComment

CAVEAT = (
    "North-Korean-style spelling is also the norm of ethnic Koreans in China and appears in older South Korean "
    "print; ≪≫ quotes and North Korean loanwords point more specifically to the DPRK. A lead, not a verdict"
)


def korean_runs(analyzed: AnalyzedComment) -> Iterator[tuple[int, str]]:
    """(offset, text) of each Korean segment of a note."""
    text = analyzed.comment.text
    for seg in analyzed.segments:
        if seg.lang == "ko":
            yield seg.start, text[seg.start : seg.end]


def files_with_chinese(view: BatchView) -> set[tuple[str, str | None]]:
    return {(c.comment.path, c.comment.member) for c in view.comments if any(s.lang == "zh" for s in c.segments)}

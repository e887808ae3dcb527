"""What the evidence rules share: the Korean runs of a note, the sketch a file belongs to, the caveat to state."""

from __future__ import annotations

import os
import re
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


# Trailing name parts that say a sidecar's language or role, not which sketch it belongs to.
SIDECAR_WORDS = frozenset(
    [
        "zh",
        "cn",
        "chs",
        "cht",
        "ko",
        "kr",
        "kor",
        "ja",
        "jp",
        "en",
        "notes",
        "note",
        "memo",
        "comments",
        "comment",
        "retakes",
        "retake",
    ]
)


def sketch_of(path: str, member: str | None) -> str:
    """c010.png, c010_ko.xmp and c010-notes.json belong to the sketch "folder/c010"; cut_001 and cut_002 do not meet."""
    name = member or path
    words = re.split(r"[_\- ]", os.path.basename(name).split(".")[0].lower())
    while len(words) > 1 and words[-1] in SIDECAR_WORDS:
        words.pop()
    return os.path.join(os.path.dirname(name), "_".join(words))

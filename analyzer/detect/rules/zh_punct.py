"""translationese.zh-punct: Chinese full-width punctuation (、，。：；) inside Korean text.

Korean is written with ASCII punctuation; a Korean sentence carrying Chinese
marks was typed on a Chinese input method or pasted from Chinese: direction evidence.
Curly quotes “” count only beside another Chinese mark (South Korean typography uses them too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypedDict

from analyzer.detect.base import BatchView, EvidenceShape, Rule, at, finding
from analyzer.model import Finding

CHINESE_MARKS = re.compile(r"[、，。：；]")
CURLY_QUOTES = re.compile(r"[“”]")
HANGUL = re.compile(r"[가-힣]")


def _inside_korean(text: str, index: int) -> bool:
    """A mark counts after Korean, when Korean follows it or it ends the sentence (not before a Chinese run)."""
    after = text[index + 1 : index + 5]
    ends = not after.strip() or after[:1].isspace() and not after.strip()[:1].isalpha()
    return bool(HANGUL.search(text[max(0, index - 4) : index])) and (bool(HANGUL.search(after)) or ends)


def check(view: BatchView) -> Iterator[Finding]:
    for analyzed, runs in view.korean_notes():
        comment = analyzed.comment
        marks: list[dict[str, object]] = []
        for offset, run in runs:
            if CHINESE_MARKS.search(run) is None:
                continue  # most Korean runs hold no Chinese mark: no list to make
            strong = [m for m in CHINESE_MARKS.finditer(run) if _inside_korean(run, m.start())]
            if strong:
                quotes = list(CURLY_QUOTES.finditer(run))
                marks += [{"mark": m.group(), "offset": offset + m.start(), "korean": run} for m in strong + quotes]
        if not marks:
            continue
        kinds = sorted({str(m["mark"]) for m in marks})
        yield finding(
            RULE,
            **at(comment),
            message=f"Chinese punctuation {' '.join(kinds)} inside Korean text: typed or pasted from Chinese "
            "(direction evidence for a Chinese-to-Korean relay, not a verdict)",
            confidence=min(0.5 + 0.1 * len(marks), 0.9),
            evidence={"marks": marks},
        )


class ZhPunctEvidence(TypedDict):
    marks: list[dict[str, Any]]


RULE = Rule(
    id="translationese.zh-punct",
    title="Chinese punctuation in Korean text",
    description="Full-width Chinese punctuation inside Korean sentences, as direction evidence.",
    severity="low",
    check=check,
    evidence=EvidenceShape(ZhPunctEvidence),
    needs_notes=True,
)

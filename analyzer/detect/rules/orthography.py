"""dprk.orthography: North Korean spelling norms in Korean notes.

Initial ㄹ/ㄴ kept (로동, 녀자), -여/-였 after ㅣ ㅐ ㅔ ㅚ ㅟ ㅢ (되였다), no 사이시옷
(나무잎), dependent nouns and auxiliaries attached (할수 있다, 하고있다), ≪≫ quotes,
NK loanwords (콤퓨터). Low on spelling alone (ethnic Koreans in China write the same);
medium with ≪≫ or an NK loanword, which point more specifically to the DPRK. Spacing alone
counts when two or more dependent nouns/auxiliaries are attached and none is spaced, or when
the dialect score flags a note of a sentence or more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypedDict

from analyzer.detect.base import BatchView, EvidenceShape, Rule, at, finding
from analyzer.detect.korean import CAVEAT, korean_runs
from analyzer.model import Finding

SPECIFIC = frozenset({"nk-quotes", "nk-loanword"})
SPELLING = frozenset({"initial-rl", "yeo-ending", "no-saisiot"})
SPACING = frozenset({"attached-dependent-noun", "attached-auxiliary"})
REPORTED = SPECIFIC | SPELLING | SPACING | {"angle-quotes"}  # 《》 is shown beside other evidence only
STRICT_SPACING = ("dependent-noun", "auxiliary")
SHORT_NOTE_WORDS = 4  # the score is calibrated on sentences; 보고있어요 alone is casual South Korean too
KOREAN_WORD = re.compile(r"\S*[가-힣]\S*")


def check(view: BatchView) -> Iterator[Finding]:
    from analyzer.dialect import dialect_score

    for analyzed in view.comments:
        comment = analyzed.comment
        markers: list[dict[str, object]] = []
        best, words, attached, detached = 0.0, 0, 0, 0
        for offset, run in korean_runs(analyzed):
            scored = dialect_score(run)
            best = max(best, scored.nk_score)
            words += len(KOREAN_WORD.findall(run))
            attached += scored.count(*(f"attached-{k}" for k in STRICT_SPACING))
            detached += scored.count(*(f"detached-{k}" for k in STRICT_SPACING))
            for m in scored.markers:
                if m.kind in REPORTED:
                    markers.append({**m.to_dict(), "start": offset + m.start, "end": offset + m.end})
        kinds = {str(m["kind"]) for m in markers}
        specific, spelling = kinds & SPECIFIC, kinds & SPELLING
        # South Korean norms space these always: two attached and none spaced is rare in SK prose (0 of 2,000
        # news and FLORES sentences, 8% of NK ones); the calibrated score covers notes of a sentence or more.
        by_spacing = (attached >= 2 and not detached) or (best >= _threshold() and words >= SHORT_NOTE_WORDS)
        if not (specific or spelling or by_spacing):
            continue  # spacing alone in a short note is too common in casual South Korean writing
        confidence = max(best, 0.85 if specific else 0.5 + 0.1 * min(len(markers), 3))
        shown = ", ".join(sorted({str(m["text"]) for m in markers})[:6])
        yield finding(
            RULE,
            **at(comment),
            message=f"North Korean spelling norms ({', '.join(sorted(kinds))}: {shown}). {CAVEAT}",
            confidence=min(confidence, 0.95),
            severity="medium" if specific or len(spelling) >= 2 else "low",
            evidence={"markers": markers, "nk_score": best, "caveat": CAVEAT},
        )


def _threshold() -> float:
    from analyzer.dialect import flag_threshold

    return flag_threshold()


class OrthographyEvidence(TypedDict):
    markers: list[dict[str, Any]]
    nk_score: float
    caveat: str


RULE = Rule(
    id="dprk.orthography",
    title="North Korean spelling norms",
    description="Korean text written to North Korean orthography (initial ㄹ, -여, spacing, ≪≫, loanwords).",
    severity="low",
    check=check,
    evidence=EvidenceShape(OrthographyEvidence, ("caveat",)),
)

"""dprk.lexicon: North Korean vocabulary (일없다, 인차, 곽밥, 닭알 ...) and DPRK institution names.

Words come from models/dprk/words.tsv (documented pairs with sources) and
models/dprk/nk-handic.tsv (built from NK-HanDic, BSD-3-Clause). Needs no tagger.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypedDict

from analyzer.detect.base import BatchView, EvidenceShape, Rule, at, finding
from analyzer.detect.korean import CAVEAT
from analyzer.dialect.markers import surface_markers
from analyzer.dialect.vocabulary import entries
from analyzer.model import Finding

KINDS = frozenset({"nk-word", "nk-institution"})


def check(view: BatchView) -> Iterator[Finding]:
    table = entries()
    for analyzed, runs in view.korean_notes():
        comment = analyzed.comment
        words: list[dict[str, object]] = []
        for offset, run in runs:
            for m in surface_markers(run):
                if m.kind in KINDS:
                    entry = table[m.text]
                    words.append(
                        {
                            "kind": m.kind,
                            "text": m.text,
                            "start": offset + m.start,
                            "end": offset + m.end,
                            "south_korean": entry.sk_form,
                            "meaning": entry.meaning,
                            "source": entry.source,
                        }
                    )
        if not words:
            continue
        institution = any(w["kind"] == "nk-institution" for w in words)
        distinct = {str(w["text"]) for w in words}
        yield finding(
            RULE,
            **at(comment),
            message=f"North Korean vocabulary: {', '.join(sorted(distinct))}. {CAVEAT}",
            confidence=min(0.55 + 0.15 * len(distinct) + (0.2 if institution else 0.0), 0.95),
            severity="medium" if institution or len(distinct) >= 2 else "low",
            evidence={"words": words, "caveat": CAVEAT},
        )


class LexiconEvidence(TypedDict):
    words: list[dict[str, Any]]
    caveat: str


RULE = Rule(
    id="dprk.lexicon",
    title="North Korean vocabulary",
    description="Words used in North Korea (with their South Korean equivalent and source) and DPRK institutions.",
    severity="low",
    check=check,
    evidence=EvidenceShape(LexiconEvidence, ("caveat",)),
    needs_notes=True,
)

"""relay.zh-ko-pair: a Chinese editing note together with its Korean translation.

That pair is the mark of a go-between in China relaying work to Korean-speaking
animators. Medium on its own; high when the same file or sketch also carries
North Korean evidence (spelling, vocabulary, time zone, watchlisted names).
"""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.detect.base import BatchView, Rule, finding
from analyzer.model import SEVERITY_RANK, Finding
from analyzer.sketch import sketch_of

NORTH_KOREAN_EVIDENCE_PREFIXES = ("dprk.", "watchlist.")
SCOPE_WORDS = {"note": "in the same note", "adjacent": "in the next note", "sidecar": "in a sidecar of the same sketch"}


def _sketch_paths(view: BatchView) -> set[str]:
    """Sketches (folder + stem) with North Korean evidence in any of their files."""
    return {
        sketch_of(f.path, f.member)
        for f in view.findings
        if f.rule.startswith(NORTH_KOREAN_EVIDENCE_PREFIXES) and SEVERITY_RANK[f.severity] >= SEVERITY_RANK["medium"]
    }  # weak leads (NK-style spacing alone, +09:00) do not raise a pair to high


def check(view: BatchView) -> Iterator[Finding]:
    flagged_files = _sketch_paths(view)
    for pair in view.pairs:
        src = view.comment(pair.src.comment_id).comment
        tgt = view.comment(pair.tgt.comment_id).comment
        corroborated = (
            sketch_of(src.path, src.member) in flagged_files or sketch_of(tgt.path, tgt.member) in flagged_files
        )
        where = SCOPE_WORDS
        message = (
            f"Chinese note with its Korean translation {where.get(pair.scope, '')} (p={pair.score:.2f}): "
            "a lead for a China-to-Korea relay, not a verdict"
        )
        if corroborated:
            message += "; the same sketch (its notes, sidecars or metadata) also carries North Korean evidence"
        yield finding(
            RULE,
            path=src.path,
            member=src.member,
            locator=src.locator,
            line=src.line,
            message=message,
            confidence=pair.score,
            severity="high" if corroborated else None,
            evidence={
                "zh": pair.src.text,
                "ko": pair.tgt.text,
                "score": pair.score,
                "scope": pair.scope,
                "ko_path": tgt.path,
                "ko_member": tgt.member,
                "ko_locator": tgt.locator,
                "readings": pair.evidence.get("readings", []),
                "glossary": pair.evidence.get("glossary", []),
                "direction": pair.evidence.get("direction", {}),
                # machine-translation similarity and its log-odds shift, when translation packages are installed
                **({"translation": pair.evidence["translation"]} if pair.evidence.get("translation") else {}),
            },
        )


RULE = Rule(
    id="relay.zh-ko-pair",
    title="Chinese note relayed into Korean",
    description="A Chinese editing instruction accompanied by its Korean translation.",
    severity="medium",
    check=check,
)

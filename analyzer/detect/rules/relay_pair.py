"""relay.zh-ko-pair: a Chinese editing note together with its Korean translation.

That pair is the mark of a go-between in China relaying work to Korean-speaking
animators. Medium on its own; high when the same file or sketch also carries
North Korean evidence (spelling, vocabulary, time zone, watchlisted names).
A pair read from an image's pixels (OCR) says so, and is only as sure as its reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypedDict

from analyzer.detect.base import BatchView, EvidenceShape, Rule, finding
from analyzer.model import SEVERITY_RANK, Comment, Finding
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


def recognition_confidence(*sides: Comment) -> float | None:
    """How sure the recogniser was of a pair read from pixels: its less sure side; None when no side is OCR."""
    read = [side.confidence for side in sides if side.source == "ocr" and side.confidence is not None]
    return min(read) if read else None


def read_pair_confidence(pair_score: float, recognition: float | None) -> float:
    """A pair's confidence: its translation probability, times the recognition confidence when it was read from
    pixels (a misread character can make or break a pair)."""
    return pair_score if recognition is None else pair_score * recognition


def _read_from_pixels(recognition: float) -> str:
    from analyzer.ocr.reader import UNSURE_BELOW

    sure = "unsure, check the image" if recognition < UNSURE_BELOW else "check the image"
    return f"; read from the image's pixels (OCR, recognition confidence {recognition:.2f}: {sure})"


def check(view: BatchView) -> Iterator[Finding]:
    flagged_files = _sketch_paths(view)
    for pair in view.pairs:
        src = view.comment(pair.src.comment_id).comment
        tgt = view.comment(pair.tgt.comment_id).comment
        corroborated = bool(flagged_files) and (
            sketch_of(src.path, src.member) in flagged_files or sketch_of(tgt.path, tgt.member) in flagged_files
        )
        where = SCOPE_WORDS
        message = (
            f"Chinese note with its Korean translation {where.get(pair.scope, '')} (p={pair.score:.2f}): "
            "a lead for a China-to-Korea relay, not a verdict"
        )
        if corroborated:
            message += "; the same sketch (its notes, sidecars or metadata) also carries North Korean evidence"
        recognition = recognition_confidence(src, tgt)
        if recognition is not None:
            message += _read_from_pixels(recognition)
        yield finding(
            RULE,
            path=src.path,
            member=src.member,
            locator=src.locator,
            line=src.line,
            message=message,
            confidence=read_pair_confidence(pair.score, recognition),
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
                # whole Chinese words with matched evidence, offsets into `zh` (for highlighting)
                "zh_words": pair.evidence.get("zh_words", []),
                # the sentence encoder's cosine, when the lexical evidence alone left the pair unsure
                **({"encoder": pair.evidence["encoder"]} if pair.evidence.get("encoder") else {}),
                # machine-translation similarity and its log-odds shift, when translation packages are installed
                **({"translation": pair.evidence["translation"]} if pair.evidence.get("translation") else {}),
                # text recognised on an image: where it was read from and how sure the recogniser was
                **({"read_from": "ocr", "ocr_confidence": round(recognition, 4)} if recognition is not None else {}),
            },
        )


class RelayPairEvidence(TypedDict, total=False):
    """The evidence of a relay pair: both texts, both places, and what tied them."""

    zh: str
    ko: str
    score: float
    scope: str
    ko_path: str
    ko_member: str | None
    ko_locator: str
    readings: list[dict[str, str]]
    glossary: list[dict[str, str]]
    direction: dict[str, Any]
    zh_words: list[dict[str, Any]]
    encoder: dict[str, float]
    translation: dict[str, Any]
    read_from: str  # "ocr" for text recognised on an image
    ocr_confidence: float


RULE = Rule(
    id="relay.zh-ko-pair",
    title="Chinese note relayed into Korean",
    description="A Chinese editing instruction accompanied by its Korean translation.",
    severity="medium",
    check=check,
    evidence=EvidenceShape(
        type=RelayPairEvidence,
        texts=("ko", "read_from", "zh"),
        second_place=("ko_path", "ko_member", "ko_locator"),
        sides=("zh", "ko"),
    ),
    needs_notes=True,
)

"""What a rule is, what it sees, and the one helper that builds a finding."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analyzer.model import AnalyzedComment, Comment, FileRow, Finding, Pair, Segment, Severity, record
from analyzer.timeline import Timeline

SegmentedNotes = Sequence[tuple[Comment, Sequence[Segment]]]  # one unit's notes, segmented


KoreanNotes = list[tuple[AnalyzedComment, list[tuple[int, str]]]]  # notes with their Korean runs (offset, text)


class BatchShared:
    """What the views of one batch work out at the first rule that asks, for the rules after it."""

    __slots__ = ("by_id", "korean")

    def __init__(self) -> None:
        self.by_id: dict[str, AnalyzedComment] = {}
        self.korean: KoreanNotes | None = None


@record  # a view per batch, and one more per rule that found something: made often
class BatchView:
    """What rules see of one batch. `findings` holds those of the rules registered earlier; `_shared` is shared by
    the views of one batch."""

    files: tuple[FileRow, ...]
    comments: tuple[AnalyzedComment, ...]
    pairs: tuple[Pair, ...]
    findings: tuple[Finding, ...] = ()
    _shared: BatchShared = field(default_factory=BatchShared, repr=False, compare=False)

    def comment(self, comment_id: str) -> AnalyzedComment:
        by_id = self._shared.by_id
        if not by_id:  # filled at the first look-up: only the relay rules look notes up, in batches with pairs
            by_id.update((c.comment.id, c) for c in self.comments)
        return by_id[comment_id]

    def korean_notes(self) -> KoreanNotes:
        """Each note holding a Korean segment, with its Korean runs: a rule reading Korean passes over the others
        (most notes) without a generator each. Made once a batch for the three rules that read Korean; read only."""
        shared = self._shared
        if shared.korean is None:
            shared.korean = []
            for analyzed in self.comments:
                for seg in analyzed.segments:
                    if seg.lang == "ko":
                        text = analyzed.comment.text
                        runs = [(s.start, text[s.start : s.end]) for s in analyzed.segments if s.lang == "ko"]
                        shared.korean.append((analyzed, runs))
                        break
        return shared.korean


@dataclass(frozen=True, slots=True)
class EvidenceShape:
    """What the code after detect reads of a rule's evidence, by name. The evidence itself is a TypedDict that
    the rule's module declares (`type`); this names its keys of each kind.

    - `texts`: what the finding says (its string values): a baseline fingerprints these, so moving a note does
      not make it new and changing its text does;
    - `second_place`: (path, member, locator) keys of a second place the finding concerns (the Korean side of a
      relay pair): an inline `analyzer:allow` there accepts it too, and SARIF names it as a related location;
    - `sides`: (Chinese, Korean) keys of the two texts a relay is shown by, side by side.
    """

    type: type | None = None
    texts: tuple[str, ...] = ()
    second_place: tuple[str, str, str] | None = None
    sides: tuple[str, str] | None = None

    def second(self, evidence: Mapping[str, Any]) -> tuple[str, str | None, str | None] | None:
        """The second place of a finding, when its rule has one and the finding names it."""
        if self.second_place is None or not isinstance(evidence.get(self.second_place[0]), str):
            return None
        path, member, locator = (evidence.get(key) for key in self.second_place)
        return path, member, locator  # type: ignore[return-value]

    def pair(self, evidence: Mapping[str, Any]) -> tuple[str, str] | None:
        """The (Chinese, Korean) texts of a relay finding."""
        if self.sides is None or self.sides[0] not in evidence or self.sides[1] not in evidence:
            return None
        return str(evidence[self.sides[0]]), str(evidence[self.sides[1]])


@dataclass(frozen=True, slots=True)
class Rule:
    """A detector: a stable id, what it flags and why, its default severity, its check and its evidence's shape."""

    id: str
    title: str
    description: str
    severity: Severity
    check: Callable[[BatchView], Iterable[Finding]]
    evidence: EvidenceShape = EvidenceShape()
    # Told the segmented notes of the units whose batches `check` sees next, in that order, to prepare for them.
    read_ahead: Callable[[Sequence[SegmentedNotes]], None] | None = None
    # True when `check` reads only notes (and their pairs), so finds nothing in a batch without notes: `detect` leaves
    # it out of those (a drawing alone, half the units of a delivery). False: it reads the file rows too.
    needs_notes: bool = False


@dataclass(frozen=True, slots=True)
class ScanRule:
    """A detector over the whole scan's timeline rather than one batch (e.g. the daily cadence)."""

    id: str
    title: str
    description: str
    severity: Severity
    check: Callable[[Timeline], Iterable[Finding]]
    evidence: EvidenceShape = EvidenceShape()


# What json.dumps(..., sort_keys=True, ensure_ascii=False, default=str) builds on each call, built once; the same text
# without its check for reference cycles, which evidence (built of fresh dicts and lists) never holds.
_KEY_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str, check_circular=False)


def finding(
    rule: Rule | ScanRule,
    *,
    path: str,
    member: str | None,
    locator: str | None,
    message: str,
    confidence: float,
    evidence: dict[str, Any],
    severity: Severity | None = None,
    line: int | None = None,
) -> Finding:
    """A finding whose id depends on rule, place and evidence, not on scan order."""
    key = _KEY_ENCODER.encode([rule.id, path, member, locator, evidence])
    return Finding(
        id="f" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        rule=rule.id,
        severity=severity or rule.severity,
        confidence=round(confidence, 4),
        path=path,
        member=member,
        locator=locator,
        message=message,
        evidence=evidence,
        line=line,
    )


def at(comment: Comment) -> dict[str, Any]:
    """The place of a finding about a note: `finding(RULE, **at(note), ...)`."""
    return {"path": comment.path, "member": comment.member, "locator": comment.locator, "line": comment.line}

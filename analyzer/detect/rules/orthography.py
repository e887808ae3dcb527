"""dprk.orthography: North Korean spelling norms in Korean notes, note by note and over a notes file.

Initial ㄹ/ㄴ kept (로동, 녀자), -여/-였 after ㅣ ㅐ ㅔ ㅚ ㅟ ㅢ (되였다), no 사이시옷 (나무잎), dependent nouns,
auxiliaries and nouns of place attached (할수 있다, 하고있다, 카메라앞에서), ≪≫ quotes, NK loanwords (콤퓨터).
Low on spelling alone (ethnic Koreans in China write the same); medium with ≪≫ or an NK loanword, which point
more specifically to the DPRK. Spacing alone counts when two or more dependent nouns/auxiliaries are attached
and none is spaced, or when the dialect score of a note of four words or more reaches the note threshold. A
file with two Korean notes of two words or more, none flagged, is flagged as a whole (locator null, scope
"file") when those notes read together reach the file threshold: a few short notes each say little, together
they say much.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, TypedDict

from analyzer.detect.base import BatchView, EvidenceShape, Rule, SegmentedNotes, at, finding
from analyzer.detect.korean import CAVEAT, korean_runs
from analyzer.dialect import dialect_score, file_threshold, note_threshold, notes_score
from analyzer.dialect import read_ahead as tag_ahead
from analyzer.model import AnalyzedComment, Finding

SPECIFIC = frozenset({"nk-quotes", "nk-loanword"})
SPELLING = frozenset({"initial-rl", "yeo-ending", "no-saisiot"})
SPACING = frozenset({"attached-dependent-noun", "attached-auxiliary", "attached-position"})
REPORTED = SPECIFIC | SPELLING | SPACING | {"angle-quotes"}  # 《》 is shown beside other evidence only
STRICT_SPACING = ("dependent-noun", "auxiliary")
ATTACHED_STRICT = tuple(f"attached-{kind}" for kind in STRICT_SPACING)
DETACHED_STRICT = tuple(f"detached-{kind}" for kind in STRICT_SPACING)
SHORT_NOTE_WORDS = 4  # the note threshold is calibrated on notes this long; 보고있어요 alone is casual SK too
FILE_NOTE_WORDS = 2  # the notes a file is read by: two Korean words or more
KOREAN_WORD = re.compile(r"\S*[가-힣]\S*")
_NONE = (0,) * len(STRICT_SPACING)  # the count of a kind the note's runs did not show


@dataclass
class NoteReading:
    """What the dialect score found in one note's Korean runs."""

    analyzed: AnalyzedComment
    runs: list[str] = field(default_factory=list)
    markers: list[dict[str, object]] = field(default_factory=list)
    best: float = 0.0
    words: int = 0
    attached: int = 0
    detached: int = 0


def _words(run: str) -> int:
    """The Korean words of a run, as a note's size is counted (NoteReading.words)."""
    return len(KOREAN_WORD.findall(run))


def read_note(analyzed: AnalyzedComment, runs: Sequence[tuple[int, str]] | None = None) -> NoteReading:
    """What the dialect score finds in a note's Korean runs (`runs`: korean_runs' when the caller has them)."""
    note = NoteReading(analyzed)
    for offset, run in korean_runs(analyzed) if runs is None else runs:
        scored = dialect_score(run)
        note.runs.append(run)
        note.best = max(note.best, scored.nk_score)
        note.words += _words(run)
        spacing = dict(scored.spacing)  # what scored.count reads
        note.attached += sum(map(spacing.get, ATTACHED_STRICT, _NONE))
        note.detached += sum(map(spacing.get, DETACHED_STRICT, _NONE))
        for m in scored.markers:
            if m.kind in REPORTED:
                note.markers.append({**m.to_dict(), "start": offset + m.start, "end": offset + m.end})
    return note


def check(view: BatchView) -> Iterator[Finding]:
    threshold = note_threshold()
    by_file: dict[tuple[str, str | None], list[NoteReading]] = {}
    flagged: set[tuple[str, str | None]] = set()
    for analyzed, runs in view.korean_notes():  # the notes with a Korean run to read
        note = read_note(analyzed, runs)
        if not note.runs:
            continue
        place = (analyzed.comment.path, analyzed.comment.member)
        by_file.setdefault(place, []).append(note)
        kinds = {str(m["kind"]) for m in note.markers}
        specific, spelling = kinds & SPECIFIC, kinds & SPELLING
        # South Korean norms space these always: two attached and none spaced is rare in SK prose (0 of 2,000
        # news and FLORES sentences, 8% of NK ones); the calibrated score covers notes of four words or more.
        by_spacing = (note.attached >= 2 and not note.detached) or (
            note.best >= threshold and note.words >= SHORT_NOTE_WORDS
        )
        if not (specific or spelling or by_spacing):
            continue  # spacing alone in a short note is too common in casual South Korean writing
        flagged.add(place)
        confidence = max(note.best, 0.85 if specific else 0.5 + 0.1 * min(len(note.markers), 3))
        shown = ", ".join(sorted({str(m["text"]) for m in note.markers})[:6])
        yield finding(
            RULE,
            **at(analyzed.comment),
            message=f"North Korean spelling norms ({', '.join(sorted(kinds)) or 'spacing'}: {shown}). {CAVEAT}",
            confidence=min(confidence, 0.95),
            severity="medium" if specific or len(spelling) >= 2 else "low",
            evidence={"scope": "note", "markers": note.markers, "nk_score": note.best, "caveat": CAVEAT},
        )
    for (path, member), notes in by_file.items():
        if (path, member) not in flagged:
            yield from _file_finding(path, member, notes)
    if _ahead.stopped_at and _ahead.stopped_at == tuple(c.comment.id for c in view.comments):
        _ahead.tag_next()  # the unit the read-ahead stopped at is read: on to the next units


def _file_finding(path: str, member: str | None, notes: list[NoteReading]) -> Iterator[Finding]:
    """The file as a whole, when its Korean notes read together follow North Korean norms."""
    # A one-word note holds no space to leave out, only compounds, which South Korean labels attach too
    # (원화수정요청); one note alone is read by the note threshold.
    notes = [n for n in notes if n.words >= FILE_NOTE_WORDS]
    if len(notes) < 2:
        return
    score = notes_score([run for note in notes for run in note.runs]).nk_score
    if score < file_threshold():
        return
    shown = [
        {"locator": n.analyzed.comment.locator, "nk_score": n.best, "markers": n.markers}
        for n in notes
        if n.markers or n.best >= 0.5
    ]
    yield finding(
        RULE,
        path=path,
        member=member,
        locator=None,
        message=(
            f"North Korean spelling norms across the file's {len(notes)} Korean notes read together "
            f"(score {score:.2f}), though no note shows enough alone. {CAVEAT}"
        ),
        confidence=min(score, 0.9),
        severity="low",
        evidence={"scope": "file", "nk_score": score, "notes": len(notes), "note_scores": shown, "caveat": CAVEAT},
    )


def read_ahead(units: Sequence[SegmentedNotes]) -> None:
    """Tag ahead, back to back, the Korean runs that `check` reads in these units (checked next, in this order)."""
    _ahead.units[:] = units
    _ahead.tag_next()


class _ReadAhead(threading.local):
    """The units read_ahead was told of on this thread and has not tagged yet. It stops after a unit with a file
    whose notes `check` may read together (whether it does depends on their scores, and the tagging of that reading
    must come in its place: analyzer.dialect.read_ahead), and goes on once `check` has read that unit."""

    def __init__(self) -> None:
        self.units: list[SegmentedNotes] = []
        self.stopped_at: tuple[str, ...] = ()  # the ids of the notes of that unit

    def tag_next(self) -> None:
        runs: list[str] = []
        self.stopped_at = ()
        while self.units and not self.stopped_at:
            unit = self.units.pop(0)
            read_together: dict[tuple[str, str | None], int] = {}  # notes of FILE_NOTE_WORDS words or more
            for comment, segments in unit:
                for seg in segments:
                    if seg.lang == "ko":
                        break
                else:
                    continue  # most notes hold no Korean run
                # what read_note scores, in order: the texts of korean_runs
                note = [comment.text[seg.start : seg.end] for seg in segments if seg.lang == "ko"]
                runs += note
                if sum(map(_words, note)) >= FILE_NOTE_WORDS:
                    place = (comment.path, comment.member)
                    read_together[place] = read_together.get(place, 0) + 1
            if any(notes >= 2 for notes in read_together.values()):
                self.stopped_at = tuple(comment.id for comment, _ in unit)
        tag_ahead(runs)


_ahead = _ReadAhead()


class OrthographyEvidence(TypedDict):
    """A note's markers (scope "note"), or a notes file's score with its notes' scores (scope "file")."""

    scope: Literal["note", "file"]
    nk_score: float
    caveat: str
    markers: NotRequired[list[dict[str, Any]]]
    notes: NotRequired[int]
    note_scores: NotRequired[list[dict[str, Any]]]


RULE = Rule(
    id="dprk.orthography",
    title="North Korean spelling norms",
    description="Korean text written to North Korean orthography (initial ㄹ, -여, spacing, ≪≫, loanwords), "
    "in a note or across a notes file.",
    severity="low",
    check=check,
    evidence=EvidenceShape(OrthographyEvidence, ("caveat",)),
    read_ahead=read_ahead,
    needs_notes=True,
)

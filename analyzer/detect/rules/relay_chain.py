"""relay.chain: an English or Japanese note relayed into Chinese, and the Chinese into Korean (two aligned hops).

The second hop is a relay pair from the aligner; the first is scored here
(analyzer.align.pivot) against English/Japanese sentences in the same note, the
notes of the same file, or the sidecars of the same sketch (indexed once per batch).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any, TypedDict

from analyzer.detect.base import BatchView, EvidenceShape, Rule, finding
from analyzer.model import NOTE_SOURCES, SEVERITY_RANK, AnalyzedComment, Finding, quick_init
from analyzer.sketch import sketch_of
from analyzer.text.sentences import split_sentences

SOURCE_LANGS = ("en", "ja")
NEAR_NOTES = 2  # in a sketch with many source sentences, those within this many notes of the Chinese are tried
ALL_SOURCES_UP_TO = 64  # a sketch with at most this many source sentences has each tried against each pair


@quick_init  # one per English or Japanese sentence of a batch with pairs: made often
@dataclass(frozen=True, slots=True)
class Source:
    """An English or Japanese sentence that may be the first hop of a chain."""

    analyzed: AnalyzedComment
    lang: str
    start: int
    end: int


class SourceIndex:
    """The English/Japanese sentences of a batch, indexed once by sketch and, when a sketch holds many, by note
    position, so that each pair looks only at its own sketch (and, in a sketch of thousands of notes, at the notes
    near its own)."""

    def __init__(self, view: BatchView) -> None:
        self.by_sketch: dict[str, list[Source]] = defaultdict(list)
        self._comments = view.comments
        self._sketches: dict[tuple[str, str | None], str] = {}
        self._by_place: dict[tuple[str, int], list[Source]] | None = None  # made when a sketch holds many
        self._note_index: dict[str, int] = {}
        for analyzed in view.comments:
            c = analyzed.comment
            if c.source in NOTE_SOURCES:
                for seg in analyzed.segments:
                    if seg.lang in SOURCE_LANGS:
                        found = self.by_sketch[self._sketch(c.path, c.member)]
                        found += [
                            Source(analyzed, seg.lang, *span) for span in split_sentences(c.text, seg.start, seg.end)
                        ]

    def _sketch(self, path: str, member: str | None) -> str:
        """sketch_of, once per file of the batch."""
        key = self._sketches.get((path, member))
        if key is None:
            key = self._sketches[(path, member)] = sketch_of(path, member)
        return key

    def _places(self) -> dict[tuple[str, int], list[Source]]:
        """(sketch, position of the note among its file's notes) -> its sentences; note id -> that position."""
        if self._by_place is None:
            self._by_place = defaultdict(list)
            per_file: dict[tuple[str, str | None], int] = defaultdict(int)
            taken = {key: iter(found) for key, found in self.by_sketch.items()}  # in the order they were found
            for analyzed in self._comments:
                c = analyzed.comment
                if c.source not in NOTE_SOURCES:
                    continue
                index = per_file[(c.path, c.member)]
                per_file[(c.path, c.member)] += 1
                self._note_index[c.id] = index
                for seg in analyzed.segments:
                    if seg.lang in SOURCE_LANGS:
                        key = self._sketch(c.path, c.member)
                        for _ in split_sentences(c.text, seg.start, seg.end):
                            self._by_place[(key, index)].append(next(taken[key]))
        return self._by_place

    def near(self, zh_note: AnalyzedComment) -> Iterable[Source]:
        """The source sentences in the same note, file or sketch as a Chinese note."""
        if not self.by_sketch:
            return ()  # no English or Japanese sentence in the batch
        key = self._sketch(zh_note.comment.path, zh_note.comment.member)
        everything = self.by_sketch.get(key, [])
        if len(everything) <= ALL_SOURCES_UP_TO:
            return everything
        by_place = self._places()
        if zh_note.comment.id not in self._note_index:
            return everything
        index = self._note_index[zh_note.comment.id]
        places = range(index - NEAR_NOTES, index + NEAR_NOTES + 1)
        return [source for place in places for source in by_place.get((key, place), ())]


@cache
def _pivot() -> ModuleType:
    """analyzer.align.pivot, imported at the first pair (a report read back without a scan need not load it)."""
    from analyzer.align import pivot

    return pivot


def check(view: BatchView) -> Iterator[Finding]:
    if not view.pairs:
        return  # a chain's second hop is a relay pair
    pivot = _pivot()
    pivot_score, threshold = pivot.pivot_score, pivot.PIVOT_THRESHOLD
    pair_severity = {
        (f.path, f.member, f.locator, f.evidence.get("zh")): f.severity
        for f in view.findings
        if f.rule == "relay.zh-ko-pair"
    }
    sources = SourceIndex(view)
    for pair in view.pairs:
        zh_note = view.comment(pair.src.comment_id)
        best = None
        for source in sources.near(zh_note):
            text = source.analyzed.comment.text[source.start : source.end]
            scored = pivot_score(text, source.lang, pair.src.text)
            if scored.probability >= threshold and (best is None or scored.probability > best[0].probability):
                best = (scored, source.analyzed, source.lang, text)
        if best is None:
            continue
        scored, source, lang, text = best
        zh = zh_note.comment
        ko = view.comment(pair.tgt.comment_id).comment
        second = pair_severity.get((zh.path, zh.member, zh.locator, pair.src.text), "medium")
        confidence = scored.probability * pair.score
        yield finding(
            RULE,
            path=zh.path,
            member=zh.member,
            locator=zh.locator,
            line=zh.line,
            message=f"{'English' if lang == 'en' else 'Japanese'} note relayed into Chinese "
            f"(p={scored.probability:.2f}) and then into Korean (p={pair.score:.2f}): the shape of a "
            "subcontracting chain through China, a lead to check",
            confidence=confidence,
            severity=max(second, "medium", key=lambda s: SEVERITY_RANK[s]),
            evidence={
                "source_lang": lang,
                "source": text,
                "source_path": source.comment.path,
                "source_locator": source.comment.locator,
                "zh": pair.src.text,
                "ko": pair.tgt.text,
                "ko_path": ko.path,
                "ko_locator": ko.locator,
                "hop1": {"score": scored.probability, **scored.evidence},
                "hop2": {"score": pair.score, "scope": pair.scope},
            },
        )


class RelayChainEvidence(TypedDict, total=False):
    """The evidence of a chain: the source note, its Chinese rendering, the Korean of that, and both hops."""

    source_lang: str
    source: str
    source_path: str
    source_locator: str
    zh: str
    ko: str
    ko_path: str
    ko_locator: str
    hop1: dict[str, Any]
    hop2: dict[str, Any]


RULE = Rule(
    id="relay.chain",
    title="English/Japanese -> Chinese -> Korean relay chain",
    description="A source-language note, its Chinese rendering, and the Korean rendering of that (two aligned hops).",
    severity="medium",
    check=check,
    evidence=EvidenceShape(
        type=RelayChainEvidence,
        texts=("ko", "source", "source_lang", "zh"),
        second_place=("ko_path", "ko_member", "ko_locator"),
        sides=("zh", "ko"),
    ),
    needs_notes=True,
)

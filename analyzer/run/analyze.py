"""The work done per unit, here or in a worker: extract, segment, align, detect, and the timeline's records.

A unit whose analysis fails (a bug, a tagger crash) comes back as error rows naming the failure, so the rest of
the chunk and of the scan is still reported.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from analyzer import notices
from analyzer.align import pair_ahead, pair_comments
from analyzer.align.translation import note_translation
from analyzer.detect import BatchView, detect, read_ahead
from analyzer.discover import Skipped
from analyzer.engines import korean  # (imported by the rules anyway)
from analyzer.engines.translate import enabled as translation_enabled
from analyzer.extract import Limits, Read, display_path, extracted, files_read_ahead
from analyzer.extract.budget import alarm_handler
from analyzer.model import AnalyzedComment, BatchResult, Comment, FileRef, FileRow, Pair, Segment
from analyzer.segment import segment_comments
from analyzer.timeline import file_events


def extract_unit(
    unit: Sequence[FileRef | Skipped], limits: Limits, early: Sequence[Read] | None = None
) -> tuple[list[FileRow], list[Comment]]:
    """The rows and notes of a unit's files; `early`: what `files_read_ahead` read of each."""
    rows: list[FileRow] = []
    comments: list[Comment] = []
    for index, item in enumerate(unit):
        if isinstance(item, Skipped):
            rows.append(FileRow(display_path(item.path), None, None, "skipped", item.reason))
            continue
        for extraction in extracted(item, limits, early[index] if early is not None else None):
            rows.append(extraction.row)
            comments.extend(extraction.comments)
    return rows, comments


def analyze_notes(rows: Sequence[FileRow], comments: Sequence[Comment]) -> BatchResult:
    """Segment, align and detect over one unit's notes; the timeline's records of its files."""
    return analyze_segmented(rows, segment_notes(comments))


def segment_notes(comments: Sequence[Comment]) -> list[tuple[Comment, Sequence[Segment]]]:
    korean.warm_up_for_texts(c.text for c in comments)  # loads on the other core while we segment and align
    return segment_comments(comments)


def analyze_segmented(
    rows: Sequence[FileRow],
    segmented: Sequence[tuple[Comment, Sequence[Segment]]],
    translating: bool | None = None,
) -> BatchResult:
    """Align and detect over one unit's segmented notes (pairs found ahead by align.pair_ahead are taken as they
    are); the timeline's records of its files. `translating`: whether notes get a machine translation, when the
    caller asked already (it looks at the environment)."""
    pairs: list[Pair] = pair_comments(segmented)
    pairs_by_source: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        pairs_by_source[pair.src.comment_id].append(pair)
    if translating is None:
        translating = translation_enabled()
    analyzed = tuple(
        AnalyzedComment(
            c,
            tuple(segs),
            tuple(pairs_by_source.get(c.id, ())),
            note_translation(c.text, segs) if translating else None,
        )
        for c, segs in segmented
    )
    files = tuple(rows)
    findings = detect(BatchView(files, analyzed, tuple(pairs)))
    missing = notices.current()
    events = file_events(BatchResult(files, analyzed, findings, missing=missing))  # (dataclasses.replace costs more)
    return BatchResult(files, analyzed, findings, events=events, missing=missing)


# Notes of the units extracted and segmented ahead of their analysis, at most: their unsure pairs go to the sentence
# encoder in one batch (align.pair_ahead), while what is held at a time stays bounded.
AHEAD_NOTES = 1024


def analyze_units(units: Sequence[Sequence[FileRef | Skipped]], limits: Limits) -> list[BatchResult]:
    """The task a worker runs: extract and analyse each unit of a chunk, a failure becoming that unit's error rows.

    Units are extracted a window ahead (AHEAD_NOTES), then segmented, paired together, then each is analysed in
    order; every unit gets the result it gets alone. (A window's units extracted one after the other and then
    segmented one after the other cost less CPU than each unit's two stages in turn: each stage's code and tables
    stay in the processor's caches, BENCHMARKS.md.)"""
    results: list[BatchResult | None] = [None] * len(units)
    waiting: list[tuple[int, list[FileRow], list[tuple[Comment, Sequence[Segment]]]]] = []
    held = 0
    translating = translation_enabled()  # asked once a chunk, not once a unit

    def analyse_waiting() -> None:
        # Only a saving: should it fail, each unit is paired at its turn, where a failure is that unit's own.
        with contextlib.suppress(Exception):
            pair_ahead([segmented for _, _, segmented in waiting])
        with contextlib.suppress(Exception):
            read_ahead([segmented for _, _, segmented in waiting])  # the rules' Korean tagging, back to back
        for index, rows, segmented in waiting:
            try:
                results[index] = analyze_segmented(rows, segmented, translating)
            except Exception as err:  # noqa: BLE001 - one unit's failure must not lose the others
                results[index] = failed_unit(units[index], rows, f"analysis failed: {type(err).__name__}: {err}")
        waiting.clear()

    def segment_extracted() -> None:
        for index, rows, comments in extracted_units:
            try:
                waiting.append((index, rows, segment_notes(comments)))
            except Exception as err:  # noqa: BLE001 - one unit's failure must not lose the others
                results[index] = failed_unit(units[index], rows, f"analysis failed: {type(err).__name__}: {err}")
        extracted_units.clear()

    extracted_units: list[tuple[int, list[FileRow], list[Comment]]] = []
    with alarm_handler():  # the files' clock, set up once for the chunk
        for index, (unit, early) in enumerate(zip(units, files_read_ahead(units, limits))):
            rows: list[FileRow] = []
            try:
                rows, comments = extract_unit(unit, limits, early)
                extracted_units.append((index, rows, comments))
                held += len(comments)
            except Exception as err:  # noqa: BLE001 - one unit's failure must not lose the others
                results[index] = failed_unit(unit, rows, f"analysis failed: {type(err).__name__}: {err}")
            if held >= AHEAD_NOTES:
                segment_extracted()
                analyse_waiting()
                held = 0
    segment_extracted()
    analyse_waiting()
    return [result for result in results if result is not None]


def failed_unit(unit: Sequence[FileRef | Skipped], rows: Sequence[FileRow], reason: str) -> BatchResult:
    """A unit that could not be analysed: its files as error rows with the reason. Nothing is recomputed here
    (the dating of a file may be what failed), so the failure cannot fail again."""
    rows = rows or [FileRow(display_path(item.path), None, None, "error") for item in unit]
    return BatchResult(tuple(replace(r, status="error", error=r.error or reason) for r in rows), (), (), events=())

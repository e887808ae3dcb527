"""The scan, stage after stage: discover -> extract -> segment -> align -> detect, one batch at a time.

A batch is one folder of the dump (archives included), so sidecars of the same
sketch meet in the same batch and memory stays bounded by the largest folder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from analyzer.align import pair_comments
from analyzer.align.translation import note_translation
from analyzer.detect import BatchView, detect, with_scan_rules
from analyzer.discover import Skipped, walk_batches
from analyzer.extract import Limits, extract_file
from analyzer.model import AnalyzedComment, BatchResult, Comment, FileRef, FileRow, Pair
from analyzer.segment import segment_comments


@dataclass(frozen=True, slots=True)
class ScanOptions:
    limits: Limits = field(default_factory=Limits)


def extract_batch(batch: Sequence[FileRef | Skipped], options: ScanOptions) -> tuple[list[FileRow], list[Comment]]:
    rows: list[FileRow] = []
    comments: list[Comment] = []
    for item in batch:
        if isinstance(item, Skipped):
            rows.append(FileRow(item.path, None, None, "skipped", item.reason))
            continue
        for extraction in extract_file(item, options.limits):
            rows.append(extraction.row)
            comments.extend(extraction.comments)
    return rows, comments


def analyze_batch(rows: Sequence[FileRow], comments: Sequence[Comment]) -> BatchResult:
    segmented = segment_comments(comments)
    pairs: list[Pair] = pair_comments(segmented)
    pairs_by_source: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        pairs_by_source[pair.src.comment_id].append(pair)
    analyzed = tuple(
        AnalyzedComment(c, segs, tuple(pairs_by_source[c.id]), translation=note_translation(c.text, segs))
        for c, segs in segmented
    )
    findings = detect(BatchView(tuple(rows), analyzed, tuple(pairs)))
    return BatchResult(tuple(rows), analyzed, findings)


def scan_batches(paths: Sequence[str], options: ScanOptions | None = None) -> Iterator[BatchResult]:
    """Results folder by folder, as they are ready, then the scan-wide findings and timeline.

    Raises MissingPathError for a missing path.
    """
    options = options or ScanOptions()
    yield from with_scan_rules(_folder_results(paths, options))


def _folder_results(paths: Sequence[str], options: ScanOptions) -> Iterator[BatchResult]:
    for batch in walk_batches(list(paths)):
        rows, comments = extract_batch(batch, options)
        yield analyze_batch(rows, comments)

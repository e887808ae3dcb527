"""The scan, stage after stage: discover -> extract -> segment -> align -> detect, one unit at a time.

A unit is the files of one folder that rules may look across (a sketch and its sidecars, archives
included; see discover.sketch_units). Units are analysed here or by workers (an engine), in chunks,
looked up first in the scan cache when there is one, and come back in discovery order, so the report
is the same whatever the engine and number of jobs, and memory stays bounded by the chunks in flight.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from analyzer.align import pair_comments
from analyzer.align.translation import note_translation
from analyzer.detect import BatchView, detect, with_scan_rules
from analyzer.discover import Skipped, check_paths, sketch_units, walk_batches
from analyzer.extract import Limits, display_path, extract_file
from analyzer.model import AnalyzedComment, Batch, BatchResult, Comment, FileRef, FileRow, Pair, Renderer
from analyzer.segment import segment_comments
from analyzer.timeline import file_events


@dataclass(frozen=True, slots=True)
class ScanOptions:
    limits: Limits = field(default_factory=Limits)
    jobs: int = 1  # worker processes of the local engine; the CLI defaults to all cores
    engine: str = "local"  # "local" | "dask"
    scheduler: str | None = None  # the Dask scheduler's address, for engine "dask"
    cache: str | None = None  # SQLite file of the incremental cache (None: no cache)
    # A streamed writer's renderer (e.g. jsonl_writer.render): units then come back as its RenderedBatch, rendered
    # by the worker that analysed them or kept so in the cache, so the scanning process only writes lines.
    render: Renderer | None = None
    ocr: bool = False  # also read the text drawn on images: shorthand for limits=Limits(ocr=True)

    def __post_init__(self) -> None:
        if self.ocr and not self.limits.ocr:  # the limits carry it to every reader, worker and cache key
            object.__setattr__(self, "limits", replace(self.limits, ocr=True))


def extract_batch(batch: Sequence[FileRef | Skipped], options: ScanOptions) -> tuple[list[FileRow], list[Comment]]:
    rows: list[FileRow] = []
    comments: list[Comment] = []
    for item in batch:
        if isinstance(item, Skipped):
            rows.append(FileRow(display_path(item.path), None, None, "skipped", item.reason))
            continue
        for extraction in extract_file(item, options.limits):
            rows.append(extraction.row)
            comments.extend(extraction.comments)
    return rows, comments


def analyze_batch(rows: Sequence[FileRow], comments: Sequence[Comment]) -> BatchResult:
    from analyzer.engines.korean import warm_up_for_texts

    warm_up_for_texts(c.text for c in comments)  # loads on the other core while we segment and align
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
    result = BatchResult(tuple(rows), analyzed, findings)
    return replace(result, events=file_events(result))


def analyze_units(units: Sequence[Sequence[FileRef | Skipped]], limits: Limits) -> list[BatchResult]:
    """The task a worker runs: extract and analyse each unit of a chunk.

    A unit whose analysis fails (a bug, a tagger crash) comes back as error rows naming the failure, so the
    rest of the chunk and of the scan is still reported.
    """
    options = ScanOptions(limits=limits)
    results: list[BatchResult] = []
    for unit in units:
        rows: list[FileRow] = []
        try:
            rows, comments = extract_batch(unit, options)
            results.append(analyze_batch(rows, comments))
        except Exception as err:  # noqa: BLE001 - one unit's failure must not lose the others
            reason = f"analysis failed: {type(err).__name__}: {err}"
            rows = rows or [FileRow(display_path(item.path), None, None, "error") for item in unit]
            failed = BatchResult(tuple(replace(r, status="error", error=r.error or reason) for r in rows), (), ())
            results.append(replace(failed, events=file_events(failed)))
    return results


def scan_batches(paths: Sequence[str], options: ScanOptions | None = None) -> Iterator[Batch]:
    """Results unit by unit, in discovery order, as they are ready, then the scan-wide findings and timeline.

    Raises MissingPathError for a missing path, EngineError when the engine or the cache cannot be used.
    """
    options = options or ScanOptions()
    check_paths(list(paths))
    if options.limits.ocr:
        from analyzer.ocr.setup import require

        require()  # OcrUnavailable, naming what to install, before anything is read
    yield from with_scan_rules(_unit_results(paths, options))


def _units(paths: Sequence[str]) -> Iterator[list[FileRef | Skipped]]:
    for batch in walk_batches(list(paths)):
        yield from sketch_units(batch)


def _unit_results(paths: Sequence[str], options: ScanOptions) -> Iterator[Batch]:
    from analyzer.engines.scheduling import run_units

    yield from run_units(_units(paths), options, analyze_units)

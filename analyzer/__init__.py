"""analyzer: find Chinese editing notes relayed into Korean in animation deliveries.

    import analyzer
    report = analyzer.scan(["delivery/"])
    print(report.summary())

Building blocks for notebooks and other pipelines: `segment`, `align`, `pair_score`, `dialect_score`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from analyzer._version import __version__
from analyzer.align import align, pair_score
from analyzer.dialect import dialect_score
from analyzer.extract.base import Limits
from analyzer.model import AnalyzedComment, Comment, FileRow, Finding, Pair, Segment, Span
from analyzer.report import Report
from analyzer.segment import segment

__all__ = [
    "__version__",
    "scan",
    "segment",
    "align",
    "pair_score",
    "dialect_score",
    "Report",
    "Limits",
    "AnalyzedComment",
    "Comment",
    "FileRow",
    "Finding",
    "Pair",
    "Segment",
    "Span",
]


def scan(paths: str | Sequence[str], **options: Any) -> Report:
    """Scan files and folders; returns the whole report. Raises MissingPathError for a missing path.

    Options (analyzer.pipeline.ScanOptions): `limits` (analyzer.Limits) for file-size and archive guards;
    `jobs` worker processes (default 1, here); `engine="dask"` with `scheduler="tcp://host:8786"` to run on
    a Dask cluster; `cache="scan.sqlite"` to reuse the results of unchanged files from an earlier scan.
    """
    from analyzer.pipeline import ScanOptions, scan_batches

    started = time.perf_counter()
    path_list = [paths] if isinstance(paths, str) else list(paths)
    batches = list(scan_batches(path_list, ScanOptions(**options)))
    return Report.from_batches(batches, time.perf_counter() - started)

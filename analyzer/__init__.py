"""analyzer: find Chinese editing notes relayed into Korean in animation deliveries.

    import analyzer
    report = analyzer.scan(["delivery/"])
    print(report.summary())

Building blocks for notebooks and other pipelines: `segment`, `align`, `pair_score`, `dialect_score`, and
`nlp("zh"|"ko")`, spaCy pipelines with the analyzer's components (analyzer/spacy_components.py).
"""

from __future__ import annotations

import sys
import time
import types
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

from analyzer._version import __version__

if TYPE_CHECKING:
    from analyzer.align import align, pair_score
    from analyzer.dialect import dialect_score
    from analyzer.extract.base import Limits
    from analyzer.model import AnalyzedComment, Comment, FileRow, Finding, Pair, Segment, Span
    from analyzer.report import Report
    from analyzer.segment import segment
    from analyzer.spacy_components import nlp

__all__ = [
    "__version__",
    "scan",
    "segment",
    "align",
    "pair_score",
    "dialect_score",
    "nlp",
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

# Where each name of the API lives. Loaded on first use, so `analyzer hook` can start the Korean tagger's
# JVM before the rest of the analyzer is imported (the command line imports this package first).
_EXPORTS = {
    "align": "analyzer.align",
    "pair_score": "analyzer.align",
    "dialect_score": "analyzer.dialect",
    "Limits": "analyzer.extract.base",
    "AnalyzedComment": "analyzer.model",
    "Comment": "analyzer.model",
    "FileRow": "analyzer.model",
    "Finding": "analyzer.model",
    "Pair": "analyzer.model",
    "Segment": "analyzer.model",
    "Span": "analyzer.model",
    "Report": "analyzer.report",
    "segment": "analyzer.segment",
    "nlp": "analyzer.spacy_components",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'analyzer' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    if name not in ("align", "segment"):
        globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


class _Package(types.ModuleType):
    """`analyzer.align` and `analyzer.segment` name both a function of the API and a subpackage; importing
    the subpackage sets the package attribute to the module, so these two stay functions by descriptor."""

    @property
    def align(self) -> Any:
        return import_module("analyzer.align").align

    @align.setter
    def align(self, module: Any) -> None:  # the import system's binding of the subpackage: kept in sys.modules
        pass

    @property
    def segment(self) -> Any:
        return import_module("analyzer.segment").segment

    @segment.setter
    def segment(self, module: Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package


def scan(paths: str | Sequence[str], **options: Any) -> Report:
    """Scan files and folders; returns the whole report. Raises MissingPathError for a missing path.

    Options (analyzer.pipeline.ScanOptions): `limits` (analyzer.Limits) for file-size and archive guards;
    `jobs` worker processes (default 1, here); `engine="dask"` with `scheduler="tcp://host:8786"` to run on
    a Dask cluster; `cache="scan.sqlite"` to reuse the results of unchanged files from an earlier scan.
    """
    from analyzer.pipeline import ScanOptions, scan_batches
    from analyzer.report import Report

    started = time.perf_counter()
    path_list = [paths] if isinstance(paths, str) else list(paths)
    batches = list(scan_batches(path_list, ScanOptions(**options)))
    return Report.from_batches(batches, time.perf_counter() - started)

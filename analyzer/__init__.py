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
from dataclasses import replace
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

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


def scan(
    paths: str | Sequence[str],
    *,
    limits: Limits | None = None,
    jobs: int = 1,
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    cache: str | None = None,
    config: str | Literal[False] | None = None,
    baseline: str | None = None,
    ocr: bool = False,
) -> Report:
    """Scan files and folders as `analyzer scan` does; returns the whole report (findings accepted by inline
    `analyzer:allow` markers, the configuration's allowlist and the baseline are left out and counted in
    `report.suppressed`).

    - `limits`: file-size and archive guards (analyzer.Limits);
    - `jobs`: worker processes (default 1: this process); they never import the calling script, so a script
      may call this at its top level without an `if __name__ == "__main__":` guard;
    - `engine="dask"` with `scheduler="tcp://host:8786"`: run on a Dask cluster;
    - `cache="scan.sqlite"`: reuse the results of unchanged files from an earlier scan;
    - `ocr=True`: also read the text drawn on images (analyzer.ocr.OcrUnavailable when its dependencies are
      missing; as `Limits(ocr=True)`);
    - `config`: a settings file (None: the trusted one `analyzer scan` would use, see analyzer.config;
      False: none); `baseline`: a baseline file (default: the configuration's `baseline`).

    Raises analyzer.errors.UsageError (MissingPathError, ConfigError, BaselineError, CacheError,
    EngineSetupError, OcrUnavailable) before anything is read, EngineError when an engine fails in mid-scan.
    """
    from analyzer.config import load_config
    from analyzer.extract.base import Limits
    from analyzer.report import Report
    from analyzer.run import Pipeline, ScanOptions
    from analyzer.suppress import Suppressor

    started = time.perf_counter()
    path_list = [paths] if isinstance(paths, str) else list(paths)
    settings = load_config(path_list, config or None, use_files=config is not False)
    baseline_file = baseline or settings.path("baseline")
    accepted = None
    if baseline_file:
        from analyzer.baseline import Baseline

        accepted = Baseline.load(baseline_file)
    limits = limits or Limits()
    if ocr:
        from analyzer.ocr.setup import require

        require()  # OcrUnavailable, naming what to install, before anything is read
        limits = replace(limits, ocr=True)
    options = ScanOptions(limits=limits, jobs=jobs, engine=engine, scheduler=scheduler, cache=cache)
    pipeline = Pipeline(options, Suppressor(settings.allowlist, accepted))
    report = Report.from_batches(pipeline.batches(path_list), time.perf_counter() - started)
    return replace(report, suppressed=dict(pipeline.suppressor.counts))

"""Running a scan: the one pipeline every entry point uses (`analyzer scan`, `scan --staged`, `hook`, the library).

discover -> units of work (the files of one sketch, an archive) -> per unit, here or in workers: extract ->
segment -> align -> detect -> the scan-wide rules -> accepted findings dropped -> batches for a report writer.
This package schedules stages; it may import every stage, and no stage imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analyzer.run.options import ScanOptions
    from analyzer.run.pipeline import Pipeline, Sources

__all__ = ["Pipeline", "ScanOptions", "Sources"]


def __getattr__(name: str) -> Any:
    # Imported when first asked for: the pipeline imports every stage, and the CLI imports this package's light
    # modules (the collector's tuning, the worker pool's start) before it knows a scan is what it runs.
    if name in ("Pipeline", "Sources"):
        from analyzer.run import pipeline

        return getattr(pipeline, name)
    if name == "ScanOptions":
        from analyzer.run.options import ScanOptions

        return ScanOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Running a scan: the one pipeline every entry point uses (`analyzer scan`, `scan --staged`, `hook`, the library).

discover -> units of work (the files of one sketch, an archive) -> per unit, here or in workers: extract ->
segment -> align -> detect -> the scan-wide rules -> accepted findings dropped -> batches for a report writer.
This package schedules stages; it may import every stage, and no stage imports it.
"""

from analyzer.run.options import ScanOptions
from analyzer.run.pipeline import Pipeline, Sources

__all__ = ["Pipeline", "ScanOptions", "Sources"]

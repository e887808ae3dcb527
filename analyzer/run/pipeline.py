"""The scan, stage after stage, as one object every entry point runs: CLI scan, `scan --staged`, hook, library.

Units are analysed here or by workers (an engine), in chunks, looked up first in the scan cache when there is
one, and come back in discovery order, so the report is the same whatever the engine and number of jobs and
memory stays bounded by the chunks in flight. Then the scan-wide rules (the daily cadence, the timeline), then
the accepted findings (inline `analyzer:allow`, allowlists, baselines) are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from analyzer.detect import with_scan_rules
from analyzer.discover import check_paths
from analyzer.model import BatchResult
from analyzer.run.analyze import analyze_units
from analyzer.run.options import ScanOptions
from analyzer.run.scheduler import check_engine, run_units
from analyzer.run.units import FileList, units_of
from analyzer.suppress import Suppressor

Sources = Sequence[str] | FileList  # paths (folders, archives, files) or files named one by one


class Pipeline:
    """discover -> extract -> segment -> align -> detect -> scan-wide rules -> suppression, built once per scan."""

    def __init__(self, options: ScanOptions | None = None, suppressor: Suppressor | None = None) -> None:
        self.options = options or ScanOptions()
        self.suppressor = suppressor or Suppressor()

    def check(self, sources: Sources) -> None:
        """Usage errors (a missing path, an engine that cannot run) before anything is read or written."""
        if not isinstance(sources, FileList):
            check_paths(list(sources))
        check_engine(self.options)

    def batches(self, sources: Sources) -> Iterator[BatchResult]:
        """Results unit by unit, in discovery order, as they are ready; then the scan-wide findings and timeline.

        Raises MissingPathError, EngineSetupError or CacheError before the first result, EngineError when an
        engine fails in mid-scan.
        """
        self.check(sources)
        results = run_units(units_of(sources), self.options, analyze_units)
        return self.suppressor(with_scan_rules(results))

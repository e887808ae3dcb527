"""How and where a scan runs: safety limits, engine (this process, worker processes, a Dask cluster), cache."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from analyzer.extract.base import Limits

EngineName = Literal["local", "dask"]


@dataclass(frozen=True, slots=True)
class ScanOptions:
    limits: Limits = field(default_factory=Limits)
    jobs: int = 1  # worker processes of the local engine; the CLI defaults to all cores
    engine: EngineName = "local"
    scheduler: str | None = None  # the Dask scheduler's address, for engine "dask"
    cache: str | None = None  # SQLite file of the incremental cache (None: no cache)
    # Seconds a chunk of work may take per file (scheduler.WORKER_FLOOR_SECONDS at least) before its worker is taken
    # for hung and stopped; its units then run again one by one, and a unit that hangs again is an error row.
    # A backstop: a reader stuck in a library is stopped sooner, inside extraction, by the per-file time limit.
    worker_seconds: float = 2.0

"""The local scan engine: units of work in this process (`InProcess`), or in a pool of worker processes
(`--jobs N`: analyzer/run/pool.py, imported only then, with multiprocessing)."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

# A scan makes millions of short-lived records and dicts and few reference cycles: at the default young-generation
# threshold (700) the cyclic collector ran often enough to cost ~5% of a scan's CPU (BENCHMARKS.md), for no memory.
# Its young collections find nothing in a scan and each walks the survivors of the last one (the caches' tuples,
# 70,000-100,000 objects): at 200,000 they cost half what they did at 50,000 (BENCHMARKS.md), and the garbage
# cycles left waiting for one stay bounded.
SCAN_GC_THRESHOLDS = (200_000, 20, 10)


def tune_collector() -> None:
    """Collect reference cycles less often, in a process that runs a scan (the CLI's, a worker): never set by the
    library, whose caller owns its process."""
    gc.set_threshold(*SCAN_GC_THRESHOLDS)


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class InProcess:
    """Runs each task at once, here: for small scans, `--jobs 1`, and the pre-commit hook."""

    workers = 1
    in_process = True

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as err:  # handed to whoever asks for the result, as a pool would
            future.set_exception(err)
        return future

    def lost(self, err: BaseException) -> bool:
        return False  # nothing runs elsewhere: an error here is the task's own

    def restart(self) -> None:
        pass

    def isolated(self) -> InProcess:
        return self

    def alive(self) -> bool:
        return True

    def close(self) -> None:
        pass

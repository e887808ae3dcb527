"""The local scan engine: units of work in this process, or in a pool of worker processes (`--jobs N`).

Workers come from a fork server that imported the pipeline once, so each starts in milliseconds and none
inherits a running JVM; each worker then loads its own heavy resources (KoNLPy, spaCy) lazily, once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any


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

    def close(self) -> None:
        pass


class ProcessPool:
    """A pool of `jobs` worker processes."""

    def __init__(self, jobs: int) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["analyzer.pipeline"])
        self.workers = jobs
        self.in_process = False
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

"""The local scan engine: units of work in this process, or in a pool of worker processes (`--jobs N`).

Workers come from a fork server that imported the analysis once, so each starts in milliseconds and none
inherits a running JVM; each worker then loads its own heavy resources (KoNLPy, spaCy) lazily, once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


class ProcessPool:
    """A pool of `jobs` worker processes, restarted with fresh workers when one dies or hangs."""

    def __init__(self, jobs: int) -> None:
        self.workers = jobs
        self.in_process = False
        self._pool = self._new_pool(jobs)
        self._isolated: ProcessPool | None = None

    @staticmethod
    def _new_pool(jobs: int) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["analyzer.run.analyze"])
        return ProcessPoolExecutor(max_workers=jobs, mp_context=context)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self._pool.submit(fn, *args)

    def lost(self, err: BaseException) -> bool:
        return isinstance(err, BrokenProcessPool)  # a worker was killed (out of memory) or crashed

    def restart(self) -> None:
        """Stop every worker at once (a hung one too) and start a fresh pool for the tasks to come."""
        # ProcessPoolExecutor has no way to stop a running task; its processes are the only handle on it.
        for process in list(getattr(self._pool, "_processes", {}).values()):
            process.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool(self.workers)

    def isolated(self) -> ProcessPool:
        """A one-worker pool of its own for suspect units: stopping it never touches the others' work."""
        if self._isolated is None:
            self._isolated = ProcessPool(1)
        return self._isolated

    def alive(self) -> bool:
        return True  # a broken pool is restarted, never left without workers

    def close(self) -> None:
        if self._isolated is not None:
            self._isolated.close()
        self._pool.shutdown(wait=True, cancel_futures=True)

"""The pool of worker processes of the local scan engine (`--jobs N`).

Workers come from a fork server that imported the analysis and its libraries once (analyzer/run/preload.py), so
each starts in milliseconds and none inherits a running JVM; each worker then loads its own heavy resources
(tables, the sentence encoder, Komoran's JVM) lazily, once. The CLI starts the fork server as soon as it reads a
command line that will want workers (`start_fork_server`), while it imports the pipeline itself.
Workers never import the caller's `__main__` script: they run only the analyzer's own tasks, so a script that
calls `analyzer.scan(..., jobs=4)` at its top level, without an `if __name__ == "__main__":` guard, works
instead of starting itself again in every worker.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import multiprocessing.spawn
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import popen_forkserver
from typing import Any

from analyzer.run.local import tune_collector


class _WithoutMain:
    """`multiprocessing.spawn` as the fork server's launcher sees it, minus the main script's name and path."""

    def __getattr__(self, name: str) -> Any:
        return getattr(multiprocessing.spawn, name)

    @staticmethod
    def get_preparation_data(name: str) -> dict[str, Any]:
        data = multiprocessing.spawn.get_preparation_data(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data  # type: ignore[no-any-return]


class _WorkerPopen(popen_forkserver.Popen):
    def _launch(self, process_obj: Any) -> None:
        # The stdlib launcher asks `spawn` for what the child imports before it runs; for the length of this
        # launch it asks the wrapper above, which leaves the main script out.
        original = popen_forkserver.spawn
        popen_forkserver.spawn = _WithoutMain()  # type: ignore[assignment]
        try:
            super()._launch(process_obj)
        finally:
            popen_forkserver.spawn = original


class _WorkerProcess(multiprocessing.context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> Any:  # noqa: N802 - the name multiprocessing calls
        return _WorkerPopen(process_obj)


class _WorkerContext(multiprocessing.context.ForkServerContext):
    Process = _WorkerProcess  # type: ignore[assignment]


# What the fork server imports before it forks a worker.
WORKER_PRELOAD = ["analyzer.run.preload"]


def start_fork_server() -> None:
    """Start the workers' fork server now, ahead of the pool (which forks its workers from this same server): its
    imports then run beside this process's own start instead of after it. It ends with this process."""
    _WorkerContext().set_forkserver_preload(WORKER_PRELOAD)
    multiprocessing.forkserver.ensure_running()


class ProcessPool:
    """A pool of `jobs` worker processes, restarted with fresh workers when one dies or hangs."""

    def __init__(self, jobs: int) -> None:
        self.workers = jobs
        self.in_process = False
        self._pool = self._new_pool(jobs)
        self._isolated: ProcessPool | None = None

    @staticmethod
    def _new_pool(jobs: int) -> ProcessPoolExecutor:
        context = _WorkerContext()
        context.set_forkserver_preload(WORKER_PRELOAD)
        return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=tune_collector)

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

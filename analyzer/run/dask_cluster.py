"""The Dask engine: units of work on an existing Dask distributed cluster (`--engine dask --scheduler ADDRESS`).

Workers read the files themselves, so they must see the dump at the same paths as this process (a shared or
mounted file system; discovery hands them absolute paths) and have analyzer installed
(`pip install "analyzer[dask]"`). Results come back here, where the report is written, in the same order as
with the local engine.
"""

from __future__ import annotations

import gc
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from analyzer.errors import EngineSetupError

# tcp://host:8786, inproc://..., host:8786
_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://\S+|[^\s/:]+(?::\d+)?)$", re.I)
CONNECT_SECONDS = 10.0  # a scheduler that does not answer by then (or a service that is no scheduler) is refused
WORKERS_SECONDS = 30.0  # how long a cluster without workers is waited for before the scan is refused


@contextmanager
def _quiet_teardown() -> Iterator[None]:
    """A Client whose connection failed complains again when it is collected ("Exception ignored in
    Client.__del__" with a traceback): collect it here, with that complaint muted, so the user sees one line."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        yield
    finally:
        gc.collect()
        sys.unraisablehook = hook


class DaskCluster:
    def __init__(self, scheduler: str, timeout: float = CONNECT_SECONDS) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise EngineSetupError('the dask engine needs Dask distributed: pip install "analyzer[dask]"') from None
        if not _ADDRESS.match(scheduler):
            raise EngineSetupError(f"{scheduler!r} is not a scheduler address", hint="e.g. tcp://10.0.0.5:8786")
        failure = None
        with _quiet_teardown():
            try:
                self._client = Client(scheduler, timeout=timeout, set_as_default=False)
            except Exception as err:  # noqa: BLE001 - a bad address, a refused or foreign service: "cannot use"
                failure = f"{type(err).__name__}: {err}"  # the error itself goes: it holds the half-made Client
        if failure is not None:
            raise EngineSetupError(
                f"cannot reach a Dask scheduler at {scheduler}: {failure}",
                hint="check the address (tcp://host:8786) and that `dask scheduler` runs there",
            )
        self.in_process = False
        self.workers = self._wait_for_workers(scheduler)

    def _count(self) -> int:
        try:
            workers = self._client.scheduler_info()["workers"].values()
        except Exception:  # noqa: BLE001 - a lost connection: no worker we can use
            return 0
        return sum(w.get("nthreads", 1) for w in workers)

    def _wait_for_workers(self, scheduler: str) -> int:
        deadline = time.monotonic() + WORKERS_SECONDS
        while (threads := self._count()) == 0:
            if time.monotonic() >= deadline:
                self._client.close()
                raise EngineSetupError(
                    f"the Dask scheduler at {scheduler} has no workers (waited {WORKERS_SECONDS:.0f} s)",
                    hint="start `dask worker SCHEDULER_ADDRESS` on machines that see the dump",
                )
            time.sleep(0.5)
        return threads

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        # pure=False: two units with equal arguments are still two tasks (no key collisions to reason about)
        return self._client.submit(fn, *args, pure=False)

    def lost(self, err: BaseException) -> bool:
        from distributed import KilledWorker

        return isinstance(err, KilledWorker)  # the task killed the workers it ran on, as many times as allowed

    def restart(self) -> None:
        pass  # the cluster replaces its workers itself

    def isolated(self) -> DaskCluster:
        return self

    def alive(self) -> bool:
        return self._count() > 0

    def close(self) -> None:
        self._client.close()

"""The Dask engine: units of work on an existing Dask distributed cluster (`--engine dask --scheduler ADDRESS`).

Workers read the files themselves, so they must see the dump at the same paths as this process (a shared or
mounted file system) and have analyzer installed (`pip install "analyzer[dask]"`). Results come back here,
where the report is written, in the same order as with the local engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from analyzer.engines.scheduling import EngineError


class DaskCluster:
    def __init__(self, scheduler: str, timeout: float = 10.0) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise EngineError('the dask engine needs Dask distributed: pip install "analyzer[dask]"') from None
        try:
            self._client = Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
        self.in_process = False
        self.workers = max(1, sum(w.get("nthreads", 1) for w in self._client.scheduler_info()["workers"].values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        # pure=False: two units with equal arguments are still two tasks (no key collisions to reason about)
        return self._client.submit(fn, *args, pure=False)

    def close(self) -> None:
        self._client.close()

"""Hand units of work to an engine in chunks and yield their results in discovery order, cache first.

The scan engines are registered in ENGINES. A bounded number of chunks is in flight at a time, so memory
stays flat however large the dump; results are yielded as soon as every unit before them is done.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from analyzer.discover import Skipped
from analyzer.extract.base import Limits
from analyzer.model import BatchResult, FileRef

if TYPE_CHECKING:
    from analyzer.cache import ScanCache
    from analyzer.pipeline import ScanOptions

Unit = Sequence[FileRef | Skipped]
Task = Callable[[Sequence[Unit], Limits], list[BatchResult]]

SMALL_SCAN_FILES = 256  # a local scan of fewer files runs in this process: starting workers costs more
CHUNK_FILES = 64  # files per task sent to a worker: large enough to amortise the hand-over
CHUNKS_PER_WORKER = 4  # chunks in flight per worker: keeps workers busy while bounding memory
MAX_WAITING = 4096  # finished results held back behind a slower earlier chunk, at most


class EngineError(Exception):
    """The chosen engine cannot run (e.g. no scheduler address, Dask not installed or unreachable)."""


class Engine(Protocol):
    workers: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...  # a future: .done(), .result()

    def close(self) -> None: ...


def _local(options: ScanOptions, small: bool) -> Engine:
    from analyzer.engines.local import InProcess, ProcessPool

    return InProcess() if options.jobs <= 1 or small else ProcessPool(options.jobs)


def _dask(options: ScanOptions, small: bool) -> Engine:
    from analyzer.engines.dask_cluster import DaskCluster, DaskEngineError

    if not options.scheduler:
        raise EngineError("the dask engine needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        return DaskCluster(options.scheduler)
    except DaskEngineError as err:
        raise EngineError(str(err)) from None


ENGINES: dict[str, Callable[[ScanOptions, bool], Engine]] = {"local": _local, "dask": _dask}


@dataclass
class _Slot:
    """One place in the output order: finished results, or a chunk still running."""

    units: list[Unit]
    future: Any = None
    results: list[BatchResult] | None = None

    def ready(self) -> bool:
        return self.results is not None or self.future.done()


def _peek(units: Iterator[Unit], files: int) -> tuple[list[Unit], bool]:
    """The first units up to `files` files, and whether that was all of them."""
    head: list[Unit] = []
    seen = 0
    for unit in units:
        head.append(unit)
        seen += len(unit)
        if seen >= files:
            return head, False
    return head, True


def run_units(units: Iterable[Unit], options: ScanOptions, task: Task) -> Iterator[BatchResult]:
    if options.engine not in ENGINES:
        raise EngineError(f"unknown engine {options.engine!r}: choose one of {', '.join(ENGINES)}")
    stream = iter(units)
    head, small = _peek(stream, SMALL_SCAN_FILES)
    cache = _open_cache(options)
    engine = ENGINES[options.engine](options, small)
    try:
        yield from _ordered(_chain(head, stream), engine, cache, task, options.limits)
    finally:
        engine.close()
        if cache is not None:
            cache.close()


def _chain(head: list[Unit], rest: Iterator[Unit]) -> Iterator[Unit]:
    yield from head
    yield from rest


def _open_cache(options: ScanOptions) -> ScanCache | None:
    if not options.cache:
        return None
    from analyzer.cache import CacheError, ScanCache

    try:
        return ScanCache(options.cache, options.limits)
    except CacheError as err:
        raise EngineError(str(err)) from None


def _ordered(
    units: Iterator[Unit], engine: Engine, cache: ScanCache | None, task: Task, limits: Limits
) -> Iterator[BatchResult]:
    slots: deque[_Slot] = deque()
    running = 0  # slots whose chunk is still with the engine
    chunk: list[Unit] = []
    chunk_files = 0
    in_flight_limit = max(1, engine.workers) * CHUNKS_PER_WORKER

    def submit() -> None:
        nonlocal chunk, chunk_files, running
        if chunk:
            slots.append(_Slot(chunk, future=engine.submit(task, chunk, limits)))
            running += 1
            chunk, chunk_files = [], 0

    def drain(final: bool = False) -> Iterator[BatchResult]:
        nonlocal running
        while slots and (final or running > in_flight_limit or len(slots) > MAX_WAITING or slots[0].ready()):
            slot = slots.popleft()
            if slot.results is None:
                running -= 1
                try:
                    slot.results = slot.future.result()
                except Exception as err:  # analysis errors are rows already: this is the engine itself failing
                    where = slot.units[0][0].path if slot.units and slot.units[0] else "?"
                    raise EngineError(f"a worker failed on the chunk starting at {where}: {err!r}") from err
                if cache is not None:
                    for unit, result in zip(slot.units, slot.results):
                        cache.store(unit, result)
                    cache.flush()
            yield from slot.results

    for unit in units:
        hit = cache.lookup(unit) if cache is not None else None
        if hit is not None:
            submit()
            slots.append(_Slot([unit], results=[hit]))
        else:
            chunk.append(unit)
            chunk_files += len(unit)
            if chunk_files >= CHUNK_FILES:
                submit()
        yield from drain()
    submit()
    yield from drain(final=True)

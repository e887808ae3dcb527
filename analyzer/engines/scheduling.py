"""Hand units of work to an engine in chunks and yield their results in discovery order, cache first.

The scan engines are registered in ENGINES. A bounded number of chunks is in flight at a time, so memory
stays flat however large the dump; results are yielded as soon as every unit before them is done.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol

from analyzer.discover import Skipped
from analyzer.extract.base import Limits
from analyzer.model import Batch, BatchResult, FileRef, RenderedBatch, Renderer

if TYPE_CHECKING:
    from analyzer.cache import ScanCache
    from analyzer.pipeline import ScanOptions

Unit = Sequence[FileRef | Skipped]
Task = Callable[[Sequence[Unit], Limits], list[BatchResult]]

SMALL_SCAN_FILES = 256  # a local scan of fewer files runs in this process: starting workers costs more
CHUNK_FILES = 64  # files per task sent to a worker: large enough to amortise the hand-over
CHUNKS_PER_WORKER = 4  # chunks' worth of files in flight per worker: keeps workers busy while bounding memory
MAX_WAITING = 16384  # finished results held back behind a slower earlier chunk, at most (cached ones: ~3 KB)
SPARSE_AFTER = 1024  # cached units queued behind a change: a rescan whose changes are sparse
CHUNK_SPAN_UNITS = 512  # a chunk takes the misses among this many units (cached ones between): few tasks
LOOKUP_UNITS = 256  # units looked up in the cache at a time


class EngineError(Exception):
    """The chosen engine cannot run (e.g. no scheduler address, Dask not installed or unreachable)."""


class Engine(Protocol):
    workers: int
    in_process: bool  # tasks run here: their results need no packing for the cache

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...  # a future: .done(), .result()

    def close(self) -> None: ...


def _local(options: ScanOptions, size: str) -> Engine:
    """In this process for a small scan; for the sparse changes of a rescan, one worker fewer than jobs, so
    a core stays with this process, busy with the cached units while workers analyse the changed ones."""
    from analyzer.engines.local import InProcess, ProcessPool

    if options.jobs <= 1 or size == "small":
        return InProcess()
    return ProcessPool(options.jobs - 1 if size == "sparse" else options.jobs)


def _dask(options: ScanOptions, size: str) -> Engine:
    from analyzer.engines.dask_cluster import DaskCluster

    assert options.scheduler is not None  # check_engine said so
    return DaskCluster(options.scheduler)


# An engine from the options and the size of the work to hand it: "small" (under SMALL_SCAN_FILES files,
# all known), "sparse" (changes among many cached units) or "large".
ENGINES: dict[str, Callable[[ScanOptions, str], Engine]] = {"local": _local, "dask": _dask}


def check_engine(options: ScanOptions) -> None:
    """EngineError for an engine that cannot run with these options, before anything is read or written."""
    if options.engine not in ENGINES:
        raise EngineError(f"unknown engine {options.engine!r}: choose one of {', '.join(ENGINES)}")
    if options.engine == "dask":
        from importlib.util import find_spec

        if not options.scheduler:
            raise EngineError("the dask engine needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        if find_spec("distributed") is None:
            raise EngineError('the dask engine needs Dask distributed: pip install "analyzer[dask]"')


@dataclass
class _Chunk:
    """Units to analyse in one task: consecutive misses, possibly with cached units between them."""

    units: list[Unit] = field(default_factory=list)
    files: int = 0
    future: Any = None  # set once handed to the engine
    results: list[Batch] | None = None  # once taken back

    def ready(self) -> bool:
        return self.results is not None or (self.future is not None and self.future.done())


@dataclass
class _Slot:
    """One unit's place in the output order: its cached result, or its place in a chunk."""

    result: Batch | None = None
    chunk: _Chunk | None = None
    index: int = 0

    def ready(self) -> bool:
        return self.result is not None or (self.chunk is not None and self.chunk.ready())


def rendered_task(task: Task, render: Renderer, units: Sequence[Unit], limits: Limits) -> list[RenderedBatch]:
    """`task` run by a worker, its results rendered for the streamed report."""
    return [render(result) for result in task(units, limits)]


def run_units(units: Iterable[Unit], options: ScanOptions, task: Task) -> Iterator[Batch]:
    """Each unit's result, in order: rendered by `options.render` when it is set."""
    check_engine(options)
    cache = _open_cache(options)
    scheduler = _Scheduler(options, cache, task)
    try:
        yield from scheduler.run(iter(units))
    finally:
        scheduler.close()
        if cache is not None:
            cache.close()


def _open_cache(options: ScanOptions) -> ScanCache | None:
    if not options.cache:
        return None
    from analyzer.cache import CacheError, ScanCache

    try:
        return ScanCache(options.cache, options.limits, options.render)
    except CacheError as err:
        raise EngineError(str(err)) from None


class _Scheduler:
    """Cache lookups, chunking and the output order. The engine starts once the uncached work is known to be
    large (SMALL_SCAN_FILES files), sparse among many cached units (a rescan: workers analyse the changes
    while this process writes the cached units) or complete, so a small scan starts no worker processes."""

    def __init__(self, options: ScanOptions, cache: ScanCache | None, task: Task) -> None:
        self.options, self.cache, self.task = options, cache, task
        self.engine: Engine | None = None
        self.slots: deque[_Slot] = deque()
        self.unsent: deque[_Chunk] = deque()  # closed chunks waiting for the engine (not started, or busy)
        self.running = 0  # files of the chunks with the engine
        self.chunk: _Chunk | None = None  # the chunk misses go to, until it is full or spans too many units
        self.chunk_opened = 0  # self.seen when it got its first unit
        self.seen = 0
        self.missed_files = 0
        self.in_flight_limit = CHUNKS_PER_WORKER * CHUNK_FILES

    def _looked_up(self, units: Iterator[Unit]) -> Iterator[tuple[Unit, Batch | None]]:
        if self.cache is None:
            yield from ((unit, None) for unit in units)
            return
        while group := list(islice(units, LOOKUP_UNITS)):
            yield from zip(group, self.cache.lookup_many(group))

    def run(self, units: Iterator[Unit]) -> Iterator[Batch]:
        for unit, hit in self._looked_up(units):
            self.seen += 1
            if hit is not None:
                self.slots.append(_Slot(result=hit))
            else:
                if self.chunk is None:
                    self.chunk, self.chunk_opened = _Chunk(), self.seen
                self.slots.append(_Slot(chunk=self.chunk, index=len(self.chunk.units)))
                self.chunk.units.append(unit)
                self.chunk.files += len(unit)
                self.missed_files += len(unit)
            if self.chunk is not None and (
                self.chunk.files >= CHUNK_FILES or self.seen - self.chunk_opened >= CHUNK_SPAN_UNITS
            ):
                self._close_chunk()
            if self.engine is None:
                if self.missed_files >= SMALL_SCAN_FILES:
                    self._start("large")
                elif len(self.slots) > SPARSE_AFTER:
                    self._start("sparse")
            yield from self._drain()
        self._close_chunk()
        if self.engine is None:
            self._start("small" if self.missed_files < SMALL_SCAN_FILES else "large")
        yield from self._drain(final=True)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()

    def _start(self, size: str) -> None:
        self.engine = ENGINES[self.options.engine](self.options, size)
        # counted in files: a rescan's sparse changes make chunks of one unit, which must not stall the scan
        self.in_flight_limit = max(1, self.engine.workers) * CHUNKS_PER_WORKER * CHUNK_FILES
        if size == "sparse":
            # A new worker takes a second or two to load its tables and JVM; meanwhile this process goes on
            # with the cached units (MAX_WAITING of them queue at most) instead of waiting at the 256th file
            # handed over. The changes are few by then, so what is in flight stays small.
            self.in_flight_limit = max(self.in_flight_limit, MAX_WAITING)
        self._top_up()

    def _packing(self) -> bool:
        return self.cache is not None and self.engine is not None and not self.engine.in_process

    def _top_up(self) -> None:
        """Hand waiting chunks to the engine, oldest first, while it has room."""
        render, limits = self.options.render, self.options.limits
        while self.engine is not None and self.unsent and self.running < self.in_flight_limit:
            chunk = self.unsent.popleft()
            if self._packing():
                from analyzer.cache import packed_task

                chunk.future = self.engine.submit(packed_task, self.task, render, chunk.units, limits)
            elif render is not None and not self.engine.in_process:
                chunk.future = self.engine.submit(rendered_task, self.task, render, chunk.units, limits)
            else:  # here: rendered (and stored) as they are taken
                chunk.future = self.engine.submit(self.task, chunk.units, limits)
            self.running += chunk.files

    def _close_chunk(self) -> None:
        if self.chunk is not None:
            self.unsent.append(self.chunk)
            self.chunk = None
            self._top_up()

    def _must_wait(self) -> bool:
        """Reading more units would only queue more: wait for the oldest chunk instead."""
        return self.engine is not None and (bool(self.unsent) or len(self.slots) > MAX_WAITING)

    def _drain(self, final: bool = False) -> Iterator[Batch]:
        while self.slots and (final or self.slots[0].ready() or self._must_wait()):
            slot = self.slots.popleft()
            if slot.result is not None:
                yield slot.result
                continue
            chunk = slot.chunk
            assert chunk is not None
            if chunk.results is None:
                # the oldest chunk not taken back (every earlier one is): hand it over now if it is not yet
                if chunk is self.chunk:
                    self._close_chunk()
                if chunk.future is None:
                    self._top_up()
                self.running -= chunk.files
                try:
                    done = chunk.future.result()
                except Exception as err:  # analysis errors are rows already: this is the engine itself failing
                    where = chunk.units[0][0].path if chunk.units and chunk.units[0] else "?"
                    raise EngineError(f"a worker failed on the chunk starting at {where}: {err!r}") from err
                chunk.results = self._taken(chunk.units, done)
                self._top_up()
            yield chunk.results[slot.index]

    def _taken(self, units: Sequence[Unit], done: list[Any]) -> list[Batch]:
        """A chunk's results as the scan yields them, stored in the cache on the way."""
        render, cache = self.options.render, self.cache
        if self._packing():
            from analyzer.cache import unpack

            assert cache is not None
            results = [unpack(rendered if rendered is not None else full) for full, rendered in done]
            for unit, result, (full, rendered) in zip(units, results, done):
                cache.store(unit, result, full, rendered)
            cache.flush()
            return results
        rendering_here = render is not None and self.engine is not None and self.engine.in_process
        shown = [render(result) for result in done] if rendering_here and render else list(done)
        if cache is not None:
            from analyzer.cache import pack

            for unit, result, out in zip(units, done, shown):
                cache.store(unit, result, rendered=pack(out) if rendering_here else None)
            cache.flush()
        return shown

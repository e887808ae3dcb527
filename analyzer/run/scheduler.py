"""Hand units of work to an engine in chunks and yield their results in discovery order, cache first.

The scan engines are registered in ENGINES. A bounded number of chunks is in flight at a time, so memory
stays flat however large the dump; results are yielded as soon as every unit before them is done. A worker
that dies (killed by the system for memory, a crash in a library) or hangs does not end the scan: the chunks
it may have held are run again one unit at a time in an isolated worker, and the unit that kills or stalls
that worker becomes error rows naming what happened.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol

from analyzer.discover import Skipped
from analyzer.errors import EngineError, EngineSetupError
from analyzer.extract.base import Limits
from analyzer.model import BatchResult, FileRef
from analyzer.run.options import ScanOptions

if TYPE_CHECKING:
    from analyzer.run.cache import ScanCache

Unit = Sequence[FileRef | Skipped]
Task = Callable[[Sequence[Unit], Limits], list[BatchResult]]

SMALL_SCAN_FILES = 256  # a local scan of fewer files runs in this process: starting workers costs more
CHUNK_FILES = 64  # files of a scan's first task: large enough to amortise the hand-over
# Each task after the first takes twice as many files as the one before, up to this many: a few hundred files keep
# every worker busy early in a scan, while a long one runs in large tasks whose sentences the encoder embeds in few
# batches (run/analyze.py pairs a task's units ahead together), in this process (--jobs 1) as in each worker.
MAX_CHUNK_FILES = 512
# A task of more than CHUNK_FILES files grows no larger once its files hold this many bytes: large files (archives
# above all) bring many notes each, and a task's results are held until it ends.
MAX_CHUNK_BYTES = 64 << 20
CHUNKS_PER_WORKER = 4  # chunks' worth of files in flight per worker: keeps workers busy while bounding memory
MAX_WAITING = 16384  # finished results held back behind a slower earlier chunk, at most (cached ones: ~3 KB)
SPARSE_AFTER = 1024  # cached units queued behind a change: a rescan whose changes are sparse
CHUNK_SPAN_UNITS = 512  # a chunk takes the misses among this many units (cached ones between): few tasks
LOOKUP_UNITS = 256  # units looked up in the cache at a time
WAIT_STEP_SECONDS = 5.0  # how often a wait for a chunk looks up whether its engine still lives
WORKER_FLOOR_SECONDS = 300.0  # a chunk is never taken for hung sooner (one archive can be a long unit)


class WorkerLost(Exception):
    """The worker running a task died or was stopped; the engine can run tasks again (a fresh worker)."""


class Engine(Protocol):
    workers: int
    in_process: bool  # tasks run here: their results need no packing

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...  # a future: .done(), .result(timeout)

    def lost(self, err: BaseException) -> bool: ...  # whether this error means a worker died (not our bug)

    def restart(self) -> None: ...  # stop every worker now; later tasks run in fresh ones

    def isolated(self) -> Engine: ...  # where suspect units run one at a time (may be the engine itself)

    def alive(self) -> bool: ...  # whether any worker is left to run tasks

    def close(self) -> None: ...


def _local(options: ScanOptions, size: str) -> Engine:
    """In this process for a small scan; for the sparse changes of a rescan, one worker fewer than jobs, so
    a core stays with this process, busy with the cached units while workers analyse the changed ones."""
    from analyzer.run.local import InProcess

    if options.jobs <= 1 or size == "small":
        return InProcess()
    from analyzer.run.pool import ProcessPool  # multiprocessing: only for a pool

    return ProcessPool(options.jobs - 1 if size == "sparse" else options.jobs)


def _dask(options: ScanOptions, size: str) -> Engine:
    from analyzer.run.dask_cluster import DaskCluster

    assert options.scheduler is not None  # check_engine said so
    return DaskCluster(options.scheduler)


# An engine from the options and the size of the work to hand it: "small" (under SMALL_SCAN_FILES files,
# all known), "sparse" (changes among many cached units) or "large".
ENGINES: dict[str, Callable[[ScanOptions, str], Engine]] = {"local": _local, "dask": _dask}


def check_engine(options: ScanOptions) -> None:
    """EngineSetupError for an engine that cannot run with these options, before anything is read or written."""
    if options.engine not in ENGINES:
        raise EngineSetupError(f"unknown engine {options.engine!r}: choose one of {', '.join(ENGINES)}")
    if options.engine == "dask":
        from importlib.util import find_spec

        if not options.scheduler:
            raise EngineSetupError("the dask engine needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        if find_spec("distributed") is None:
            raise EngineSetupError('the dask engine needs Dask distributed: pip install "analyzer[dask]"')


def _largest_chunk() -> int:
    """Files of the largest task (a test may set MAX_CHUNK_FILES below CHUNK_FILES: the first size stands)."""
    return max(CHUNK_FILES, MAX_CHUNK_FILES)


@dataclass
class _Chunk:
    """Units to analyse in one task: consecutive misses, possibly with cached units between them."""

    units: list[Unit] = field(default_factory=list)
    files: int = 0
    bytes: int = 0  # sizes of its files to read, as discovery found them
    future: Any = None  # set once handed to the engine
    results: list[BatchResult] | None = None  # once taken back
    packed: list[bytes] | None = None  # as the worker packed them, stored in the cache as they are
    suspect: bool = False  # in flight when a worker died or hung: run again unit by unit, isolated

    def ready(self) -> bool:
        return self.results is not None or (self.future is not None and self.future.done())


@dataclass
class _Slot:
    """One unit's place in the output order: its cached result, or its place in a chunk."""

    result: BatchResult | None = None
    chunk: _Chunk | None = None
    index: int = 0

    def ready(self) -> bool:
        return self.result is not None or (self.chunk is not None and self.chunk.ready())


def packed_task(task: Task, units: Sequence[Unit], limits: Limits) -> list[bytes]:
    """`task` run by a worker, each result packed as plain data (MessagePack: faster than pickling it, and what
    the scan cache stores as it is)."""
    from analyzer.run.cache import pack

    return [pack(result) for result in task(units, limits)]


def run_units(units: Iterable[Unit], options: ScanOptions, task: Task) -> Iterator[BatchResult]:
    """Each unit's result, in order."""
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
    from analyzer.run.cache import ScanCache

    return ScanCache(options.cache, options.limits)


class _Scheduler:
    """Cache lookups, chunking and the output order. The engine starts once the uncached work is known to be
    large (SMALL_SCAN_FILES files), sparse among many cached units (a rescan: workers analyse the changes
    while this process writes the cached units) or complete, so a small scan starts no worker processes."""

    def __init__(self, options: ScanOptions, cache: ScanCache | None, task: Task) -> None:
        self.options, self.cache, self.task = options, cache, task
        self.engine: Engine | None = None
        self.slots: deque[_Slot] = deque()
        self.unsent: deque[_Chunk] = deque()  # closed chunks waiting for the engine (not started, or busy)
        self.sent: list[_Chunk] = []  # chunks with the engine, not taken back yet
        self.running = 0  # files of the chunks with the engine
        self.chunk: _Chunk | None = None  # the chunk misses go to, until it is full or spans too many units
        self.chunk_opened = 0  # self.seen when it got its first unit
        self.seen = 0
        self.missed_files = 0
        self.chunk_files = CHUNK_FILES  # files of the chunk being filled, at most (doubling: MAX_CHUNK_FILES)
        self.in_flight_limit = CHUNKS_PER_WORKER * CHUNK_FILES

    def _looked_up(self, units: Iterator[Unit]) -> Iterator[tuple[Unit, BatchResult | None]]:
        if self.cache is None:
            yield from ((unit, None) for unit in units)
            return
        while group := list(islice(units, LOOKUP_UNITS)):
            yield from zip(group, self.cache.lookup_many(group))

    def run(self, units: Iterator[Unit]) -> Iterator[BatchResult]:
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
                self.chunk.bytes += sum(item.size for item in unit if isinstance(item, FileRef))
                self.missed_files += len(unit)
            if self.chunk is not None and (self._full(self.chunk) or self.seen - self.chunk_opened >= CHUNK_SPAN_UNITS):
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

    def _full(self, chunk: _Chunk) -> bool:
        return chunk.files >= self.chunk_files or (chunk.files >= CHUNK_FILES and chunk.bytes >= MAX_CHUNK_BYTES)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()

    def _start(self, size: str) -> None:
        self.engine = ENGINES[self.options.engine](self.options, size)
        # counted in files: a rescan's sparse changes make chunks of one unit, which must not stall the scan
        self.in_flight_limit = max(1, self.engine.workers) * CHUNKS_PER_WORKER * _largest_chunk()
        if size == "sparse":
            # A new worker takes a second or two to load its tables and JVM; meanwhile this process goes on
            # with the cached units (MAX_WAITING of them queue at most) instead of waiting at the 256th file
            # handed over. The changes are few by then, so what is in flight stays small.
            self.in_flight_limit = max(self.in_flight_limit, MAX_WAITING)
        self._top_up()

    def _submit(self, engine: Engine, units: Sequence[Unit]) -> Any:
        if engine.in_process:
            return engine.submit(self.task, units, self.options.limits)
        return engine.submit(packed_task, self.task, units, self.options.limits)

    def _top_up(self) -> None:
        """Hand waiting chunks to the engine, oldest first, while it has room."""
        while self.engine is not None and self.unsent and self.running < self.in_flight_limit:
            chunk = self.unsent.popleft()
            chunk.future = self._submit(self.engine, chunk.units)
            self.sent.append(chunk)
            self.running += chunk.files

    def _close_chunk(self) -> None:
        if self.chunk is not None:
            self.unsent.append(self.chunk)
            self.chunk = None
            self.chunk_files = min(2 * self.chunk_files, _largest_chunk())
            self._top_up()

    def _must_wait(self) -> bool:
        """Reading more units would only queue more: wait for the oldest chunk instead."""
        return self.engine is not None and (bool(self.unsent) or len(self.slots) > MAX_WAITING)

    def _drain(self, final: bool = False) -> Iterator[BatchResult]:
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
                if chunk.future is None and not chunk.suspect:
                    self._top_up()
                self._take(chunk)
                self._top_up()
            assert chunk.results is not None
            yield chunk.results[slot.index]

    def _take(self, chunk: _Chunk) -> None:
        """Wait for a chunk's results (or run a suspect chunk unit by unit) and store them in the cache."""
        assert self.engine is not None
        if chunk.suspect:
            chunk.results = [self._alone(unit) for unit in chunk.units]
        else:
            try:
                done = self._wait(self.engine, chunk.future, self._deadline(chunk.files))
            except WorkerLost:
                self.engine.restart()
                self._suspect_in_flight()
                chunk.results = [self._alone(unit) for unit in chunk.units]
            else:
                self._finished(chunk)
                self._keep(chunk, done)
        if self.cache is not None:
            for index, (unit, result) in enumerate(zip(chunk.units, chunk.results)):
                self.cache.store(unit, result, chunk.packed[index] if chunk.packed else None)
            self.cache.flush()
        chunk.packed = None

    def _finished(self, chunk: _Chunk) -> None:
        self.running -= chunk.files
        self.sent.remove(chunk)

    def _keep(self, chunk: _Chunk, done: list[Any]) -> None:
        if self.engine is not None and self.engine.in_process:
            chunk.results = done
            return
        from analyzer.run.cache import unpack

        chunk.packed = done
        chunk.results = [unpack(blob) for blob in done]

    def _wait(self, engine: Engine, future: Any, seconds: float) -> list[Any]:
        """A future's result; WorkerLost when its worker died or hung past `seconds` (the caller restarts the
        engine); EngineError when the engine itself fails (a cluster gone, a bug of ours)."""
        waited = 0.0
        while True:
            try:
                return future.result(timeout=WAIT_STEP_SECONDS)  # type: ignore[no-any-return]
            except TimeoutError:
                waited += WAIT_STEP_SECONDS
                if not engine.alive():
                    raise EngineError(
                        f"no worker left to run the scan after {waited:.0f} s",
                        hint="start workers for the cluster, or scan with the local engine",
                    ) from None
                if waited >= seconds:
                    raise WorkerLost(f"no result after {waited:.0f} s") from None
            except Exception as err:  # noqa: BLE001 - told apart below: a lost worker, or the engine failing
                if engine.lost(err):
                    raise WorkerLost(str(err) or type(err).__name__) from err
                raise EngineError(f"the {self.options.engine} engine failed: {type(err).__name__}: {err}") from err

    def _deadline(self, files: int) -> float:
        return max(WORKER_FLOOR_SECONDS, self.options.worker_seconds * files)

    def _suspect_in_flight(self) -> None:
        """A worker died or hung: every chunk it may have held runs again unit by unit, isolated, when its turn
        comes; the engine was restarted with fresh workers for the chunks after them."""
        for chunk in self.sent:
            chunk.suspect, chunk.future = True, None
            self.running -= chunk.files
        self.sent.clear()

    def _alone(self, unit: Unit) -> BatchResult:
        """One unit in an isolated worker: if that worker dies or hangs, the unit is the cause."""
        from analyzer.run.analyze import failed_unit

        assert self.engine is not None
        engine = self.engine.isolated()
        try:
            done = self._wait(engine, self._submit(engine, [unit]), self._deadline(len(unit)))
        except WorkerLost as lost:
            engine.restart()
            return failed_unit(unit, (), f"the worker analysing this unit stopped ({lost}): out of memory or hung?")
        if engine.in_process:
            return done[0]  # type: ignore[no-any-return]
        from analyzer.run.cache import unpack

        return unpack(done[0])

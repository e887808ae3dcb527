"""Where a scan runs: worker processes, a Dask cluster, and the incremental cache all give the same report."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

import pytest
from conftest import NO_NETWORK, ROOT, age_files, run_cli, run_python

import analyzer
from analyzer.discover import sketch_units, walk_batches
from analyzer.extract.base import Limits
from analyzer.model import BatchResult, FileRef, FileRow
from analyzer.report import Report
from analyzer.run import Pipeline, ScanOptions
from analyzer.run import scheduler as scheduling
from analyzer.run.analyze import analyze_units
from analyzer.run.units import units_of

sys.path.insert(0, str(ROOT / "bench"))
from synthetic_dump import make_dump  # noqa: E402

DUMP_FILES = 600  # above scheduling.SMALL_SCAN_FILES, so a multi-job scan really starts workers


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dump")
    stats = make_dump(root, DUMP_FILES, seed=3)
    assert stats.files == DUMP_FILES and stats.relay_cuts > 20
    return root


def _comparable(report: Report) -> str:
    data = report.to_dict()
    data["summary"].pop("seconds")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def one_process_report(dump) -> str:
    return _comparable(analyzer.scan([str(dump)]))


def test_the_dump_generator_is_deterministic(tmp_path):
    make_dump(tmp_path / "a", 120, seed=5)
    make_dump(tmp_path / "b", 120, seed=5)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) == 120
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)


def test_the_generated_dump_is_flagged_cut_by_cut(one_process_report, dump):
    report = json.loads(one_process_report)
    relay_folders = {os.path.dirname(f["path"]) for f in report["findings"] if f["rule"] == "relay.zh-ko-pair"}
    stats = make_dump(dump.parent / "again", DUMP_FILES, seed=3)
    assert len(relay_folders) == stats.relay_cuts


def test_units_keep_a_sketch_and_its_sidecars_together(tmp_path):
    for name in ("c010.png", "c010_zh.txt", "c010_ko.xmp", "c011.json", "c011-notes.txt", "readme.md"):
        (tmp_path / name).write_bytes(b"x")
    [batch] = list(walk_batches([str(tmp_path)]))
    units = [[os.path.basename(ref.path) for ref in unit] for unit in sketch_units(batch)]
    assert units == [["c010.png", "c010_ko.xmp", "c010_zh.txt"], ["c011-notes.txt", "c011.json"], ["readme.md"]]


def test_worker_processes_give_the_same_report(dump, one_process_report):
    report = Report.from_batches(Pipeline(ScanOptions(jobs=2)).batches([str(dump)]))
    assert _comparable(report) == one_process_report


def test_the_cli_runs_jobs_and_streams_jsonl(dump, one_process_report):
    result = run_cli("scan", str(dump), "--jobs", "2", "--format", "jsonl")
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    expected = json.loads(one_process_report)
    assert [line["id"] for line in lines if line["type"] == "finding"] == [f["id"] for f in expected["findings"]]


def test_dask_engine_gives_the_same_report(dump, one_process_report, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        options = ScanOptions(engine="dask", scheduler=cluster.scheduler_address)
        report = Report.from_batches(Pipeline(options).batches([str(dump)]))
        assert _comparable(report) == one_process_report
        from analyzer.cli import main

        out = tmp_path / "report.json"
        args = ["scan", str(dump), "--engine", "dask", "--scheduler", cluster.scheduler_address]
        assert main([*args, "--format", "json", "-o", str(out)]) == 1
        written = json.loads(out.read_text(encoding="utf-8"))
        assert [f["id"] for f in written["findings"]] == [f["id"] for f in json.loads(one_process_report)["findings"]]


def test_engine_errors_are_usage_errors_before_any_output(tmp_path):
    result = run_cli("scan", "samples/", "--engine", "dask")
    assert result.returncode == 2 and "--scheduler" in result.stderr and result.stdout == ""
    (tmp_path / "junk.sqlite").write_text("not a database", encoding="utf-8")
    result = run_cli("scan", "samples/", "--cache", str(tmp_path / "junk.sqlite"))
    assert result.returncode == 2 and "not a database" in result.stderr and result.stdout == ""
    assert run_cli("scan", "samples/", "--jobs", "0").returncode == 2


def test_a_unit_whose_analysis_fails_becomes_error_rows(tmp_path, monkeypatch):
    (tmp_path / "c001_notes.txt").write_text("头太大了，请缩小一点 → 머리가 너무 큽니다.\n", encoding="utf-8")
    (tmp_path / "c002_notes.txt").write_text("眼睛位置太高了 → 눈 위치가 너무 높습니다.\n", encoding="utf-8")
    import analyzer.run.analyze as analyze

    real = analyze.pair_comments

    def broken_for_c001(segmented):
        if any(c.path.endswith("c001_notes.txt") for c, _ in segmented):
            raise RuntimeError("tagger crashed")
        return real(segmented)

    monkeypatch.setattr(analyze, "pair_comments", broken_for_c001)
    [batch] = list(walk_batches([str(tmp_path)]))
    first, second = analyze_units(sketch_units(batch), Limits())
    assert [(r.status, r.error) for r in first.files] == [("error", "analysis failed: RuntimeError: tagger crashed")]
    assert second.files[0].status == "ok" and [f.rule for f in second.findings] == ["relay.zh-ko-pair"]


class _Lazy:
    """A future that finishes only when someone waits for it: what a slow cluster looks like."""

    def __init__(self, fn, args) -> None:
        self.fn, self.args, self.finished = fn, args, False

    def done(self) -> bool:
        return self.finished

    def result(self, timeout=None):
        self.finished = True
        return self.fn(*self.args)


class _SlowEngine:
    workers = 2
    in_process = False

    def __init__(self) -> None:
        self.futures: list[_Lazy] = []

    def submit(self, fn, *args) -> _Lazy:
        self.futures.append(_Lazy(fn, args))
        return self.futures[-1]

    def lost(self, err) -> bool:
        return False

    def restart(self) -> None:
        pass

    def isolated(self):
        return self

    def alive(self) -> bool:
        return True

    def close(self) -> None:
        pass


def test_chunks_in_flight_stay_bounded_however_large_the_dump(monkeypatch):
    engine = _SlowEngine()
    monkeypatch.setattr(scheduling, "ENGINES", {"local": lambda options, size: engine})
    monkeypatch.setattr(scheduling, "CHUNK_FILES", 1)  # one unit per chunk
    monkeypatch.setattr(scheduling, "MAX_CHUNK_FILES", 1)
    units = ([f"file{i}"] for i in range(5_000))
    results = scheduling.run_units(
        units, ScanOptions(jobs=2), lambda chunk, limits: [BatchResult((), (), ())] * len(chunk)
    )
    limit = engine.workers * scheduling.CHUNKS_PER_WORKER
    consumed = 0
    for _ in results:
        consumed += 1
        assert sum(not f.done() for f in engine.futures) <= limit
    assert consumed == 5_000 and len(engine.futures) == 5_000


def test_chunks_grow_to_a_bound_so_a_long_scan_pairs_in_large_windows_and_keeps_its_order():
    sizes: list[int] = []

    def task(chunk, limits):
        sizes.append(sum(len(unit) for unit in chunk))
        return [BatchResult((FileRow(unit[0], None, None, "ok"),), (), ()) for unit in chunk]

    units = [[f"file{i}"] for i in range(3_000)]
    results = list(scheduling.run_units(iter(units), ScanOptions(jobs=1), task))
    assert [result.files[0].path for result in results] == [unit[0] for unit in units]
    doubling = [min(scheduling.CHUNK_FILES * 2**n, scheduling.MAX_CHUNK_FILES) for n in range(len(sizes))]
    assert sizes[:-1] == doubling[:-1] and 0 < sizes[-1] <= doubling[-1] and sum(sizes) == 3_000
    assert scheduling.CHUNK_FILES < scheduling.MAX_CHUNK_FILES in sizes  # it grew, and stopped growing


def test_chunks_of_large_files_grow_no_larger_than_the_first(monkeypatch):
    sizes: list[int] = []

    def task(chunk, limits):
        sizes.append(sum(len(unit) for unit in chunk))
        return [BatchResult((), (), ())] * len(chunk)

    big = scheduling.MAX_CHUNK_BYTES // scheduling.CHUNK_FILES  # 64 of them fill a chunk's bytes
    units = [[FileRef(f"/d/archive{i}.zip", f"/d/archive{i}.zip", big, "/d")] for i in range(1_000)]
    assert sum(1 for _ in scheduling.run_units(iter(units), ScanOptions(jobs=1), task)) == 1_000
    assert set(sizes[:-1]) == {scheduling.CHUNK_FILES}


class _EveryTenthChanged:
    """A cache in which every tenth unit changed since the last scan."""

    def lookup_many(self, units):
        return [None if unit[0].endswith("0") else BatchResult((), (), ()) for unit in units]

    def store(self, *args, **kwargs) -> None:
        pass

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_sparse_rescan_reads_on_through_cached_units_while_its_worker_starts(monkeypatch):
    read = [0]
    first_wait: list[int] = []

    class _Starting(_Lazy):  # a worker still loading its tables: nothing is done until waited for
        def result(self, timeout=None):
            first_wait.append(read[0])
            return super().result()

    class _OneStartingWorker(_SlowEngine):
        workers = 1

        def submit(self, fn, *args) -> _Lazy:
            self.futures.append(_Starting(fn, args))
            return self.futures[-1]

    engine = _OneStartingWorker()
    sizes: list[str] = []
    monkeypatch.setattr(scheduling, "_open_cache", lambda options: _EveryTenthChanged())
    monkeypatch.setattr(scheduling, "ENGINES", {"local": lambda options, size: sizes.append(size) or engine})
    monkeypatch.setattr(scheduling, "SPARSE_AFTER", 20)
    monkeypatch.setattr(scheduling, "MAX_WAITING", 8_000)

    def units():
        for index in range(20_000):
            read[0] += 1
            yield [f"file{index}"]

    results = scheduling.run_units(
        units(), ScanOptions(jobs=2), lambda chunk, limits: [BatchResult((), (), ())] * len(chunk)
    )
    assert sum(1 for _ in results) == 20_000 and sizes == ["sparse"]
    # it waits for the worker only once MAX_WAITING units queue behind the first change, not once 256 changed
    # files are handed over (4 chunks of 64: it waited 3,328 units in before)
    assert first_wait[0] > 8_000


def _counting_task(calls: list[tuple[str, ...]]):
    def task(chunk, limits):
        calls.extend(tuple(item.path for item in unit) for unit in chunk)
        return analyze_units(chunk, limits)

    return task


def _scan_counting(dump: Path, cache: Path, limits: Limits | None = None) -> tuple[str, list[tuple[str, ...]]]:
    calls: list[tuple[str, ...]] = []
    options = ScanOptions(cache=str(cache), limits=limits or Limits())
    from analyzer.detect import with_scan_rules

    batches = with_scan_rules(scheduling.run_units(units_of([str(dump)]), options, _counting_task(calls)))
    return _comparable(Report.from_batches(batches)), calls


def test_cache_rescan_analyses_only_what_changed(tmp_path):
    root = tmp_path / "dump"
    make_dump(root, 300, seed=11)
    age_files(root)
    cache = tmp_path / "cache.sqlite"
    first, first_calls = _scan_counting(root, cache)
    units = len(first_calls)
    again, again_calls = _scan_counting(root, cache)
    assert again == first and again_calls == []
    # one changed note, one new cut folder (a dump that grows): only those units are analysed again
    changed = next(p for p in sorted(root.rglob("*_notes.txt")))
    changed.write_text("头发的颜色要统一 → 머리카락 색깔을 통일하십시오\n", encoding="utf-8")
    new_cut = root / "ep999" / "c001"
    new_cut.mkdir(parents=True)
    (new_cut / "c001_notes.txt").write_text("转身动作太慢 / 돌아서는 동작이 너무 느립니다\n", encoding="utf-8")
    age_files(root, 1800)  # new timestamps everywhere, as after a copy: unchanged content still counts as unchanged
    updated, updated_calls = _scan_counting(root, cache)
    [changed_unit, new_unit] = updated_calls
    assert str(changed) in changed_unit and new_unit == (str(new_cut / "c001_notes.txt"),)
    assert updated != first
    assert updated == _comparable(analyzer.scan([str(root)]))
    assert units > 100


def test_sparse_changes_of_a_rescan_go_to_a_worker_while_cached_units_stream(tmp_path, monkeypatch):
    root = tmp_path / "dump"
    make_dump(root, 300, seed=12)
    age_files(root)
    cache = tmp_path / "cache.sqlite"
    _scan_counting(root, cache)
    notes = sorted(root.rglob("*_notes.txt"))
    for note in (notes[1], notes[-2]):  # far apart: many cached units between and after them
        note.write_text("头发的颜色要统一 → 머리카락 색깔을 통일하십시오\n", encoding="utf-8")
    asked: list[tuple[str, int]] = []
    local = scheduling.ENGINES["local"]

    def recording(options, size):
        engine = local(options, size)
        asked.append((size, engine.workers))
        return engine

    monkeypatch.setattr(scheduling, "ENGINES", {**scheduling.ENGINES, "local": recording})
    monkeypatch.setattr(scheduling, "SPARSE_AFTER", 20)
    rescanned = Report.from_batches(Pipeline(ScanOptions(jobs=2, cache=str(cache))).batches([str(root)]))
    assert asked == [("sparse", 1)]  # one core stays with the scanning process
    assert _comparable(rescanned) == _comparable(analyzer.scan([str(root)]))


def test_cache_entries_depend_on_the_limits(tmp_path):
    root = tmp_path / "dump"
    make_dump(root, 40, seed=2)
    age_files(root)
    cache = tmp_path / "cache.sqlite"
    _scan_counting(root, cache)
    small, calls = _scan_counting(root, cache, Limits(max_file_bytes=100))
    assert len(calls) > 0
    assert any(f["status"] == "skipped" for f in json.loads(small)["files"])


def test_cached_snapshots_share_one_database(tmp_path):
    root = tmp_path / "dump"
    make_dump(root, 300, seed=4)
    cache = tmp_path / "cache.sqlite"
    for _ in range(2):
        result = run_cli("scan", str(root), "--cache", str(cache), "--snapshot", "--jobs", "2", "--format", "json")
        assert result.returncode == 1, result.stderr
    timeline = run_cli("timeline", str(root), "--cache", str(cache), "--format", "json")
    assert timeline.returncode == 0, timeline.stderr
    assert len(json.loads(timeline.stdout)["snapshots"]) == 2


def test_legacy_file_names_are_reported_decoded_and_cached(tmp_path):
    root = tmp_path / "dump"
    root.mkdir()
    gbk_name = os.fsdecode("修改意见".encode("gbk") + b".txt")  # a name written by a Chinese Windows tool
    (root / gbk_name).write_text("头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오.\n", encoding="utf-8")
    os.symlink("/etc/hostname", root / os.fsdecode("外部".encode("gbk")))  # leads out of the root: skipped
    age_files(root)
    cache = tmp_path / "cache.sqlite"
    first, calls = _scan_counting(root, cache)
    report = json.loads(first)
    assert {os.path.basename(f["path"]) for f in report["files"]} == {"修改意见.txt", "外部"}
    assert [os.path.basename(f["path"]) for f in report["findings"]] == ["修改意见.txt"]
    again, again_calls = _scan_counting(root, cache)
    assert again == first and [unit for unit in again_calls if any("txt" in p for p in unit)] == []
    assert len(calls) == 2


def test_worker_processes_use_only_local_sockets(dump):
    """The pool talks to its fork server over a Unix socket; nothing in the scan opens a network socket."""
    code = NO_NETWORK + (
        "import analyzer\n"
        "report = analyzer.scan([sys.argv[1]], jobs=2)\n"
        "print(len(report.files), sorted(set(families)))\n"
    )
    result = run_python("-c", code, str(dump))
    assert result.returncode == 0, result.stderr
    files, families = result.stdout.split(" ", 1)
    assert int(files) == DUMP_FILES and families.strip() == f"[{int(socket.AF_UNIX)}]"  # the pool did start


def test_the_cli_scan_and_its_workers_collect_cycles_less_often_and_the_library_leaves_the_process_as_it_is(tmp_path):
    """The thresholds are a process-wide setting: a scan process and the workers it starts get SCAN_GC_THRESHOLDS,
    a library caller's process keeps its own."""
    from analyzer.run.local import SCAN_GC_THRESHOLDS

    (tmp_path / "c001.txt").write_text("第31帧手太小了，请调整一下\n", encoding="utf-8")
    code = (
        "import gc, sys\n"
        "from analyzer.run.pool import ProcessPool\n"
        "import analyzer\n"
        f"analyzer.scan([{str(tmp_path)!r}])\n"
        "library = gc.get_threshold()\n"
        "from analyzer.cli import main\n"
        f"main(['scan', {str(tmp_path)!r}, '--format', 'jsonl', '-o', {str(tmp_path / 'r.jsonl')!r}])\n"
        "cli = gc.get_threshold()\n"
        "pool = ProcessPool(1)\n"
        "worker = pool.submit(gc.get_threshold).result()\n"
        "pool.close()\n"
        "print(library, cli, worker)\n"
    )
    done = run_python("-c", code)
    assert done.returncode == 0, done.stderr
    library, cli, worker = done.stdout.strip().split(") (")
    assert library.strip("()") == "700, 10, 10"  # CPython's default, untouched
    assert cli.strip("()") == worker.strip("()") == ", ".join(map(str, SCAN_GC_THRESHOLDS))


def test_a_scan_command_line_that_wants_workers_is_told_from_its_raw_arguments(tmp_path, monkeypatch):
    """Read before the full parser exists (building it imports the pipeline): a folder, more than one job (all
    cores by default), the local engine, not a gate."""
    from analyzer.commands.engine_options import wants_workers
    from analyzer.run import local

    folder, file = str(tmp_path), str(tmp_path / "note.txt")
    (tmp_path / "note.txt").write_text("第31帧手太小了\n", encoding="utf-8")
    for argv in ([folder, "--jobs", "2"], [folder, "-j2"], ["--jobs=3", folder], ["-j", "2", "--", folder]):
        assert wants_workers(argv), argv
    for argv in (
        [folder, "--jobs", "1"],
        [folder, "-j1"],
        [file, "--jobs", "2"],
        [folder, "--staged", "--jobs", "2"],
        [folder, "--jobs", "2", "--engine", "dask", "--scheduler", "tcp://10.0.0.5:8786"],
        [folder, "--jobs=2", "--engine=dask"],
        [folder, "--jobs", "many"],  # the parser's usage error comes next, with no server started for it
    ):
        assert not wants_workers(argv), argv
    monkeypatch.setattr(local, "default_jobs", lambda: 4)
    assert wants_workers([folder, "--format", "jsonl"])
    monkeypatch.setattr(local, "default_jobs", lambda: 1)
    assert not wants_workers([folder, "--format", "jsonl"])


def test_a_fork_server_that_cannot_start_early_leaves_the_scan_to_the_pool(tmp_path, monkeypatch):
    """Only a head start: its failure is the pool's to report, when (and if) the scan needs workers."""
    from analyzer.commands.engine_options import start_workers_early
    from analyzer.run import pool

    def refused() -> None:
        raise OSError("no room for the fork server's socket")

    monkeypatch.setattr(pool, "start_fork_server", refused)
    start_workers_early([str(tmp_path), "--jobs", "2"])  # no error


def test_the_cli_starts_the_workers_fork_server_first_and_workers_start_with_the_libraries_but_no_jvm(tmp_path):
    """The server starts before this process imports the pipeline; the pool's workers are forked from it, with the
    analysis and its lazily imported libraries already imported and nothing loaded (no JVM)."""
    probe = (
        "(__import__('os').getppid(), "
        "[m for m in ('analyzer.run.analyze', 'numpy', 'jieba', 'jpype', 'opencc') if m in __import__('sys').modules], "
        "__import__('jpype').isJVMStarted())"
    )
    code = (
        "import multiprocessing.forkserver, sys\n"
        "from analyzer.commands.engine_options import start_workers_early\n"
        f"start_workers_early([{str(tmp_path)!r}, '--jobs', '2'])\n"
        "server = multiprocessing.forkserver._forkserver._forkserver_pid\n"
        "pipeline_imported = 'analyzer.extract' in sys.modules\n"
        "from analyzer.run.pool import ProcessPool\n"
        "pool = ProcessPool(1)\n"
        f"print(repr((server, pipeline_imported, pool.submit(eval, {probe!r}).result())))\n"
        "pool.close()\n"
    )
    done = run_python("-c", code)
    assert done.returncode == 0, done.stderr
    server, pipeline_imported, (parent, modules, jvm) = eval(done.stdout)  # noqa: S307 - our own repr
    assert isinstance(server, int) and not pipeline_imported
    assert parent == server
    assert modules == ["analyzer.run.analyze", "numpy", "jieba", "jpype", "opencc"] and jvm is False

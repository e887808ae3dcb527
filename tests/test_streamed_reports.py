"""Every engine and cache path streams the very JSONL a whole report gives, line for line."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT, age_files, run_cli

import analyzer
from analyzer.report.writers import jsonl_writer

sys.path.insert(0, str(ROOT / "bench"))
from synthetic_dump import make_dump  # noqa: E402


def _lines(text: str) -> dict[str, list[dict]]:
    """The report's lines by type, each type in its order (a streamed report interleaves them batch by batch)."""
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0]["type"] == "header" and lines[-1]["type"] == "summary"
    lines[-1].pop("seconds")
    by_type: dict[str, list[dict]] = {}
    for line in lines:
        by_type.setdefault(line["type"], []).append(line)
    return by_type


def _whole_report_jsonl(root: Path) -> dict[str, list[dict]]:
    out = io.StringIO()
    jsonl_writer.write(analyzer.scan([str(root)]), out)
    return _lines(out.getvalue())


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rendered") / "dump"
    make_dump(root, 600, seed=7)  # over SMALL_SCAN_FILES: two jobs really start workers
    age_files(root, 3 * 86400)
    return root


def test_every_engine_and_cache_path_writes_the_lines_of_the_whole_report(dump, tmp_path):
    expected = _whole_report_jsonl(dump)
    assert len(expected["finding"]) > 20 and len(expected["comment"]) > 100 and expected["day"]
    cache = str(tmp_path / "cache.sqlite")
    scan = ["scan", str(dump), "--format", "jsonl"]
    runs = {
        "one process": [*scan, "--jobs", "1"],
        "workers": [*scan, "--jobs", "2"],
        "workers, empty cache": [*scan, "--jobs", "2", "--cache", cache],
        "all cached": [*scan, "--jobs", "2", "--cache", cache],
    }
    for name, args in runs.items():
        result = run_cli(*args)
        assert result.returncode == 1, (name, result.stderr)
        assert _lines(result.stdout) == expected, name
    # touched files (a copy): cached lines again, with the mtime-dated days of the new timestamps
    age_files(dump, 86400)
    moved = _whole_report_jsonl(dump)
    assert moved["day"] != expected["day"]
    touched = run_cli(*scan, "--jobs", "1", "--cache", cache)
    assert _lines(touched.stdout) == moved


def test_suppression_drops_the_same_findings_streamed_and_whole(tmp_path):
    root = tmp_path / "dump"
    root.mkdir()
    (root / "c001_notes.txt").write_text("头发的颜色要统一 → 머리카락 색깔을 통일하십시오\n", encoding="utf-8")
    (root / "c002_notes.txt").write_text(
        "头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오. analyzer:allow\n", encoding="utf-8"
    )
    streamed = _lines(run_cli("scan", str(root), "--format", "jsonl").stdout)
    kept = [line["path"] for line in streamed["finding"]]
    assert kept == [f.path for f in analyzer.scan([str(root)]).findings] and kept
    assert not any("c002" in path for path in kept)
    assert streamed["summary"][0]["suppressed"] == {"inline": 1}


def test_dask_workers_give_the_same_lines(dump, tmp_path):
    distributed = pytest.importorskip("distributed")
    from analyzer.cli import main

    expected = _whole_report_jsonl(dump)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        for extra in ([], ["--cache", str(tmp_path / "cache.sqlite")]):
            out = tmp_path / "report.jsonl"
            args = ["scan", str(dump), "--engine", "dask", "--scheduler", cluster.scheduler_address, *extra]
            assert main([*args, "--format", "jsonl", "-o", str(out)]) == 1
            assert _lines(out.read_text(encoding="utf-8")) == expected, extra

"""The Python library: analyzer.scan / segment / align on real inputs."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLES, run_python

import analyzer
from analyzer.discover import MissingPathError
from analyzer.extract import extract_file
from analyzer.model import FileRef


def test_scan_returns_a_report_with_pairs():
    report = analyzer.scan([str(SAMPLES / "ep01" / "c001")])
    pairs = report.pairs
    assert [(p.src.text, p.tgt.text) for p in pairs] == [
        ("头太大了，请缩小一点", "머리가 너무 큽니다. 조금 줄여주십시오."),
        ("眼睛位置太高了，往下移", "눈 위치가 너무 높습니다. 아래로 옮겨주십시오."),
    ]
    assert report.exit_code("medium") == 1
    assert '"schema": "analyzer.report/1"' in report.to_json()


def test_scan_accepts_a_single_path_string():
    report = analyzer.scan(str(SAMPLES / "ep01" / "c005"))
    assert report.findings == ()
    assert report.summary()["comments"] == 1


def test_scan_of_missing_path_raises():
    with pytest.raises(MissingPathError, match="nope"):
        analyzer.scan(["nope"])


def test_unreadable_file_becomes_an_error_row(tmp_path):
    ref = FileRef(path="gone.txt", fs_path=str(tmp_path / "gone.txt"), size=10, root=str(tmp_path))
    [extraction] = list(extract_file(ref))
    assert extraction.row.status == "error"
    assert extraction.row.error.startswith("cannot read")


def test_segment_is_exported():
    segments = analyzer.segment("C012 眼睛位置太高了 → 눈 위치가 너무 높습니다")
    assert [s.lang for s in segments] == ["zh", "ko"]


def test_scan_opens_no_socket(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the scan tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    report = analyzer.scan([str(SAMPLES)])
    assert report.summary()["pairs"] >= 7


def test_scan_without_cjk_loads_no_heavy_engine(tmp_path):
    (tmp_path / "note.txt").write_text("Keep the eye line consistent.\n", encoding="utf-8")
    code = (
        "import sys, analyzer; analyzer.scan([sys.argv[1]]); "
        "heavy = [m for m in ('spacy', 'jpype', 'konlpy', 'torch', 'argostranslate') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_package_api_loads_on_first_use_and_keeps_its_functions():
    code = (
        "import sys, analyzer\n"
        "light = 'analyzer.extract' not in sys.modules and 'analyzer.align' not in sys.modules\n"
        "import analyzer.align.aligner, analyzer.segment.han  # the subpackages behind two API names\n"
        "beads = analyzer.align(['眼睛位置太高了'], ['눈 위치가 너무 높습니다'])\n"
        "runs = [s.lang for s in analyzer.segment('眼睛位置太高了 → 눈 위치가 너무 높습니다')]\n"
        "print(light, callable(analyzer.align), len(beads), runs, analyzer.Limits().max_archive_depth)\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "1", "['zh',", "'ko']", "3"]

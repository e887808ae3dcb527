"""The main job end to end: `analyzer scan samples/` flags exactly the relay cases of samples/README.md."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLES, run_cli, samples_report

from analyzer.commands.reporting import buffered_stdout

RELAY_FILES = {
    "samples/ep01/c001/c001_notes.txt",  # Chinese → Korean on the same line
    "samples/ep01/c002/c002.json",  # Korean note after each Chinese note
    "samples/ep01/c003/c003.xmp",  # zh-CN and ko-KP entries of dc:description
    "samples/ep02/c010/c010_zh.txt",  # Chinese sidecar, Korean in c010_ko.xmp
    "samples/ep02/c011/c011.json",  # retake sheet with two relayed instructions
    "samples/ep02/c013/c013_notes.txt",  # UTF-16 note
    "samples/ep02/c015/c015_notes.txt",  # "zh / ko" lines
    "samples/ep02/c016/c016.png",  # zh-CN and ko-KP entries of the XMP packet in a PNG iTXt chunk
    "samples/ep03/c020/c020.xmp",  # zh-CN / ko-KP with North Korean spelling and a +08:30 date
    "samples/ep03/c021/c021_notes.txt",  # English -> Chinese -> Korean chain
}
# North Korean evidence and watchlist hits: rule -> exactly the files it flags.
EVIDENCE_FILES = {
    "dprk.orthography": {"samples/ep03/c020/c020.xmp"},
    "dprk.timezone": {"samples/ep03/c020/c020.xmp"},
    "relay.chain": {"samples/ep03/c021/c021_notes.txt"},
    "watchlist.entity": {"samples/ep03/c022/c022.json"},
}
CLEAN_NOTE_FILES = {
    "samples/ep01/c004/c004_notes.txt",  # Chinese only
    "samples/ep01/c005/c005_notes.txt",  # Korean only
    "samples/ep01/c006/c006.json",  # English only
    "samples/ep01/c007/c007_notes.txt",  # decoy: Chinese beside an unrelated Korean sentence
    "samples/ep02/c012/c012_notes.md",  # Japanese
    "samples/ep02/c014/c014_notes.txt",  # Korean with Hanja
    "samples/ep01/c004/c004.png",  # Chinese-only PNG tEXt comment (GBK)
    "samples/ep01/c006/c006.png",  # English PNG tEXt comment
}


def _scan_json() -> dict:
    return samples_report()


def test_flags_exactly_the_relay_files():
    report = _scan_json()
    flagged = {f["path"] for f in report["findings"] if f["rule"] == "relay.zh-ko-pair"}
    assert flagged == RELAY_FILES
    assert not flagged & CLEAN_NOTE_FILES


def test_flags_exactly_the_evidence_files():
    report = _scan_json()
    for rule, files in EVIDENCE_FILES.items():
        assert {f["path"] for f in report["findings"] if f["rule"] == rule} == files, rule
    assert not {f["rule"] for f in report["findings"]} & {"dprk.lexicon", "dprk.juche-date", "translationese.zh-punct"}


def test_north_korean_evidence_raises_the_pair_to_high():
    report = _scan_json()
    pairs = {f["path"]: f["severity"] for f in report["findings"] if f["rule"] == "relay.zh-ko-pair"}
    assert pairs["samples/ep03/c020/c020.xmp"] == "high"
    assert {path for path, severity in pairs.items() if severity == "high"} == {"samples/ep03/c020/c020.xmp"}


def test_summary_groups_findings_by_delivery_folder():
    deliveries = {d["delivery"]: d for d in _scan_json()["summary"]["deliveries"]}
    assert deliveries["samples/ep01"]["pairs"] == 5 and deliveries["samples/ep01"]["errors"] == 1
    nk = deliveries["samples/ep03"]
    assert nk["highest_severity"] == "high"
    assert nk["strongest"]["rule"] in {"relay.zh-ko-pair", "watchlist.entity"}
    assert {"dprk.orthography", "dprk.timezone", "watchlist.entity"} <= set(nk["north_korean_evidence"])
    assert sum(d["files"] for d in deliveries.values()) == sum(1 for p in SAMPLES.rglob("*") if p.is_file())


def test_sidecar_pair_names_both_files():
    report = _scan_json()
    sidecar = [f for f in report["findings"] if f["path"] == "samples/ep02/c010/c010_zh.txt"]
    assert len(sidecar) == 1
    evidence = sidecar[0]["evidence"]
    assert evidence["scope"] == "sidecar"
    assert evidence["ko_path"] == "samples/ep02/c010/c010_ko.xmp"
    assert evidence["zh"] == "口型和对白不一致，请重画"
    assert evidence["ko"].startswith("입모양이 대사와 맞지 않습니다")


def test_json_report_has_the_contract_fields():
    report = _scan_json()
    assert report["schema"] == "analyzer.report/1"
    assert report["tool"]["name"] == "analyzer" and report["tool"]["version"]
    for row in report["files"]:
        assert {"path", "member", "format", "status", "error", "comments"} <= row.keys()
        assert row["status"] in {"ok", "error", "skipped"}
    for comment in report["comments"]:
        assert {"id", "path", "member", "locator", "text", "segments", "pairs"} <= comment.keys()
        for seg in comment["segments"]:
            assert {"start", "end", "lang", "confidence"} <= seg.keys()
        for pair in comment["pairs"]:
            assert {"lang", "start", "end", "text"} <= pair["src"].keys()
            assert {"lang", "start", "end", "text"} <= pair["tgt"].keys()
            assert pair["src"]["lang"] == "zh" and pair["tgt"]["lang"] == "ko"
            assert 0.5 <= pair["score"] <= 1.0
    for finding in report["findings"]:
        fields = {"id", "rule", "severity", "confidence", "path", "member", "locator", "message", "evidence"}
        assert fields <= finding.keys()
    summary = report["summary"]
    assert {"files", "comments", "pairs", "errors", "findings_by_rule", "seconds"} <= summary.keys()
    assert summary["files"] == sum(1 for p in SAMPLES.rglob("*") if p.is_file())


def test_pair_offsets_point_into_the_note_text():
    report = _scan_json()
    by_id = {c["id"]: c for c in report["comments"]}
    for comment in report["comments"]:
        for pair in comment["pairs"]:
            assert comment["text"][pair["src"]["start"] : pair["src"]["end"]] == pair["src"]["text"]
            target = by_id[pair["tgt"]["comment"]]
            assert target["text"][pair["tgt"]["start"] : pair["tgt"]["end"]] == pair["tgt"]["text"]


def test_malformed_file_is_an_error_row_and_the_scan_goes_on():
    report = _scan_json()
    rows = {row["path"]: row for row in report["files"]}
    broken = rows["samples/ep01/c008/c008.json"]
    assert broken["status"] == "error"
    assert "invalid JSON" in broken["error"]
    assert report["summary"]["errors"] == 1
    assert rows["samples/ep02/c015/c015_notes.txt"]["status"] == "ok"


def test_legacy_encoding_is_recorded():
    rows = {row["path"]: row for row in _scan_json()["files"]}
    assert rows["samples/ep02/c013/c013_notes.txt"]["encoding"] == "utf-16-le"


def test_text_report_shows_pairs_side_by_side():
    result = run_cli("scan", "samples/")
    assert result.returncode == 1
    out = result.stdout
    assert "relay pairs" in out
    assert "眼睛位置太高了，往下移" in out and "눈 위치가 너무 높습니다" in out
    assert "relay.zh-ko-pair" in out
    assert "error: samples/ep01/c008/c008.json" in out
    assert "Deliveries" in out and "samples/ep03" in out
    assert "Traceback" not in result.stderr


def test_exit_code_0_when_clean():
    result = run_cli("scan", "samples/ep01/c005", "samples/ep01/c007")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings." in result.stdout


def test_fail_on_levels():
    assert run_cli("scan", "samples/", "--fail-on", "never", "--format", "json").returncode == 0
    assert run_cli("scan", "samples/ep01", "samples/ep02", "--fail-on", "high", "--format", "json").returncode == 0
    assert run_cli("scan", "samples/", "--fail-on", "high", "--format", "json").returncode == 1  # ep03 is high
    assert run_cli("scan", "samples/", "--fail-on", "low", "--format", "json").returncode == 1


def test_missing_path_is_exit_2_with_one_line_naming_it():
    result = run_cli("scan", "samples/", "no/such/dir")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no/such/dir" in lines[0]
    assert result.stdout == ""


def test_bad_option_is_exit_2():
    assert run_cli("scan", "samples/", "--format", "nope").returncode == 2
    assert run_cli("scan").returncode == 2


def test_output_file(tmp_path):
    target = tmp_path / "report.json"
    result = run_cli("scan", "samples/", "--format", "json", "-o", str(target))
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["pairs"] >= len(RELAY_FILES)


def _english_dump(root: Path, files: int) -> Path:
    for index in range(files):
        folder = root / f"c{index:04d}"
        folder.mkdir(parents=True)
        (folder / f"c{index:04d}_notes.txt").write_text("Make the head smaller and the eyes rounder.\n" * 3)
    return root


def test_a_reader_that_goes_away_ends_the_scan_quietly_with_141(tmp_path):
    dump = _english_dump(tmp_path / "dump", 400)  # about 500 KB of JSON Lines: more than a pipe holds
    env = {**os.environ, "NO_COLOR": "1"}
    args = [sys.executable, "-m", "analyzer", "scan", str(dump), "--jobs", "1", "--format", "jsonl"]
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert json.loads(proc.stdout.readline())["type"] == "header"
    proc.stdout.close()  # as `| head -1` does
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141 and "Traceback" not in stderr and "Broken pipe" not in stderr


def test_stdout_without_a_buffer_gets_one_for_the_report(tmp_path, monkeypatch):
    """PYTHONUNBUFFERED=1 leaves stdout a raw file: the report must not become one write(2) per line."""
    target = tmp_path / "stdout"
    with open(target, "wb", buffering=0) as raw:
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8", write_through=True))
        with buffered_stdout() as out:
            out.write('{"type": "header"}\n')
            assert target.read_bytes() == b""  # held in the buffer
        assert target.read_bytes() == b'{"type": "header"}\n' and not raw.closed


def test_the_program_leaves_with_its_output_whole_after_the_korean_tagger_ran():
    """With the JVM started the program leaves without the interpreter's teardown (cli.run, os._exit): what the
    scan wrote to standard output, more than any buffer holds, is all there, and the exit code is the scan's."""
    result = run_cli("scan", "--jobs", "1", "--no-config", "--format", "json", str(SAMPLES))
    assert result.returncode == 1, result.stderr
    assert len(result.stdout.encode("utf-8")) > 64 * 1024  # more than a pipe and a stdio buffer hold
    report = json.loads(result.stdout)
    assert report["summary"]["missing_capabilities"] == {}  # Korean morphology ran: the JVM was started
    assert report["findings"]

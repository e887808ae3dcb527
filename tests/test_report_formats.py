"""Report formats: JSONL streamed batch by batch, CSV, SARIF valid against the official 2.1.0 schema, text modes."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, run_cli, samples_report

import analyzer
from analyzer.model import BatchResult, FileRow, Finding
from analyzer.pipeline import scan_batches
from analyzer.report import Report
from analyzer.report.writers import jsonl_writer, sarif_writer, text_writer

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _relay_note(folder: Path, name: str = "c001_notes.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    note = folder / name
    note.write_text("眼睛位置太高了，往下移 → 눈 위치가 너무 높습니다. 아래로 옮겨주십시오.\n", encoding="utf-8")
    return note


def _validate_sarif(data: dict) -> None:
    assert jsonschema.FormatChecker().conforms("a b", "uri-reference") is False  # formats are really checked
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_jsonl_writes_each_batch_before_the_next_is_scanned(tmp_path):
    _relay_note(tmp_path / "ep01" / "c001")
    _relay_note(tmp_path / "ep01" / "c002", "c002_notes.txt")
    batches = list(scan_batches([str(tmp_path)]))
    # one batch per folder, then the scan-wide batch (cadence findings, timeline) with no files
    assert [len(b.files) for b in batches] == [1, 1, 0]
    out = io.StringIO()

    def produced():
        yield batches[0]
        # by the time the scan asks for the second folder, the first one's lines are out
        assert '"type": "finding"' in out.getvalue()
        yield batches[1]
        yield batches[2]

    totals = jsonl_writer.stream(produced(), out, lambda t: t.summary(0.5))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["type"] for line in lines][0] == "header" and lines[-1]["type"] == "summary"
    assert lines[0]["schema"] == "analyzer.report/1"
    kinds = [line["type"] for line in lines[1:-1]]
    # the scan-wide batch adds the timeline: one `day` line (both notes were written today)
    assert kinds == ["file", "comment", "finding", "file", "comment", "finding", "day"]
    assert lines[-1]["findings_by_rule"] == {"relay.zh-ko-pair": 2} and lines[-1]["seconds"] == 0.5
    assert totals.exit_code("medium") == 1


def test_jsonl_cli_has_the_same_records_as_json(tmp_path):
    as_json = samples_report()
    result = run_cli("scan", "samples/", "--format", "jsonl")
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    findings = [{k: v for k, v in line.items() if k != "type"} for line in lines if line["type"] == "finding"]
    assert findings == as_json["findings"]
    assert sum(1 for line in lines if line["type"] == "file") == len(as_json["files"])


def test_csv_has_one_row_per_finding_with_both_texts():
    as_json = samples_report()
    result = run_cli("scan", "samples/", "--format", "csv")
    assert result.returncode == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == [f["id"] for f in as_json["findings"]]
    assert sum(r["rule"] == "relay.zh-ko-pair" for r in rows) == as_json["summary"]["pairs"]
    sidecar = next(r for r in rows if r["path"] == "samples/ep02/c010/c010_zh.txt")
    assert sidecar["zh"] == "口型和对白不一致，请重画" and sidecar["ko"].startswith("입모양이")
    assert json.loads(sidecar["evidence"])["ko_path"] == "samples/ep02/c010/c010_ko.xmp"


def test_sarif_of_the_samples_is_valid_and_carries_rule_help():
    as_json = samples_report()
    result = run_cli("scan", "samples/", "--format", "sarif")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    _validate_sarif(data)
    run = data["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "relay.zh-ko-pair")
    assert "go-between" in rule["help"]["text"]  # the rule module's docstring
    assert rule["defaultConfiguration"]["level"] == "warning"
    results = run["results"]
    assert [r["ruleId"] for r in results] == [f["rule"] for f in as_json["findings"]]
    first = results[0]
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == first["ruleId"]
    located = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "samples/ep02/c010/c010_zh.txt" in located
    c001 = next(
        r
        for r in results
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("c001_notes.txt")
    )
    assert c001["locations"][0]["physicalLocation"]["region"]["startLine"] in (2, 3)
    sidecar = next(r for r in results if "relatedLocations" in r)
    assert sidecar["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("c010_ko.xmp")
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("invalid JSON" in n["message"]["text"] for n in notes)


def test_sarif_names_archive_members_with_their_archive_as_parent():
    finding = Finding(
        "f1",
        "relay.zh-ko-pair",
        "high",
        0.9,
        "dump/ep01.zip",
        "cuts/c001 notes.txt",
        "line 4",
        "relay",
        {"zh": "头太大了", "ko": "머리가 너무 큽니다"},
    )
    nested = Finding("f2", "relay.zh-ko-pair", "medium", 0.8, "dump/ep01.zip", "inner.zip!c002.txt", None, "relay", {})
    report = Report((FileRow("dump/ep01.zip", None, "zip", "ok"),), (), (finding, nested))
    data = sarif_writer.sarif_dict(report)
    _validate_sarif(data)
    run = data["runs"][0]
    artifacts = run["artifacts"]
    loc = run["results"][0]["locations"][0]["physicalLocation"]
    member = artifacts[loc["artifactLocation"]["index"]]
    assert member["location"]["uri"] == "cuts/c001%20notes.txt"
    assert artifacts[member["parentIndex"]]["location"]["uri"] == "dump/ep01.zip"
    assert loc["region"] == {"startLine": 4} and run["results"][0]["level"] == "error"
    inner = artifacts[run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["index"]]
    middle = artifacts[inner["parentIndex"]]
    assert inner["location"]["uri"] == "c002.txt" and middle["location"]["uri"] == "inner.zip"
    assert artifacts[middle["parentIndex"]]["location"]["uri"] == "dump/ep01.zip"


def test_sarif_fingerprint_survives_moving_the_note(tmp_path):
    note = _relay_note(tmp_path)
    first = sarif_writer.sarif_dict(analyzer.scan([str(tmp_path)]))
    note.write_text("\n\n" + note.read_text(encoding="utf-8"), encoding="utf-8")
    second = sarif_writer.sarif_dict(analyzer.scan([str(tmp_path)]))
    [a], [b] = first["runs"][0]["results"], second["runs"][0]["results"]
    assert a["locations"][0]["physicalLocation"]["region"] != b["locations"][0]["physicalLocation"]["region"]
    assert a["partialFingerprints"] == b["partialFingerprints"]


def _report_for(tmp_path) -> Report:
    _relay_note(tmp_path)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    return analyzer.scan([str(tmp_path)])


def test_text_quiet_prints_one_line_per_finding_and_errors(tmp_path):
    out = io.StringIO()
    text_writer.write(_report_for(tmp_path), out, verbosity=-1)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("medium relay.zh-ko-pair") and "眼睛位置太高了，往下移 → 눈 위치가" in lines[0]
    assert lines[1].startswith("error: ") and "broken.json" in lines[1]


def test_text_verbose_adds_messages_and_skipped_files(tmp_path):
    (tmp_path / "sketch.bin").write_bytes(b"\x00\x01 no extractor reads this")
    report = _report_for(tmp_path)
    normal, verbose = io.StringIO(), io.StringIO()
    text_writer.write(report, normal)
    text_writer.write(report, verbose, verbosity=1)
    # verbose lists every finding with its whole message on a line of its own, under the finding
    [finding] = report.findings
    message_line = f"       {finding.message}"
    assert "a lead for a China-to-Korea relay" in finding.message
    assert message_line not in normal.getvalue().splitlines()
    assert message_line in verbose.getvalue().splitlines()
    assert "skipped: " in verbose.getvalue() and "skipped: " not in normal.getvalue()
    assert "glossary 眼睛=눈" in normal.getvalue()  # evidence column beside the pair


def _run_on_terminal(args: list[str], env_extra: dict[str, str], stream: str = "stdout") -> str:
    """Run the CLI with stdout (or stderr) on a pseudo-terminal, as a user at a shell would see it."""
    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "160", **env_extra})
    other = subprocess.DEVNULL
    streams = {"stdout": secondary, "stderr": other} if stream == "stdout" else {"stdout": other, "stderr": secondary}
    proc = subprocess.Popen([sys.executable, "-m", "analyzer", *args], cwd=ROOT, env=env, **streams)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(("env", "coloured"), [({}, True), ({"NO_COLOR": "1"}, False)])
def test_text_colour_only_on_a_terminal_without_no_color(env, coloured):
    on_terminal = _run_on_terminal(["scan", "samples/ep01/c001"], env)
    assert "relay.zh-ko-pair" in on_terminal
    assert ("\x1b[" in on_terminal) is coloured
    piped = subprocess.run(
        [sys.executable, "-m", "analyzer", "scan", "samples/ep01/c001"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={k: v for k, v in os.environ.items() if k != "NO_COLOR"},
    )
    assert "relay.zh-ko-pair" in piped.stdout and "\x1b[" not in piped.stdout


def test_progress_on_stderr_of_a_terminal_scan_once_the_delay_has_passed(tmp_path):
    report = tmp_path / "report.json"
    args = ["scan", "samples/", "--format", "json", "-o", str(report)]
    # the delay (1 s by default) is set to 0 so the test does not depend on how fast this machine scans
    stderr = _run_on_terminal(args, {"ANALYZER_PROGRESS_DELAY": "0"}, "stderr")
    assert "scanning: " in stderr and " files, " in stderr
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["summary"]["pairs"] == samples_report()["summary"]["pairs"] > 0
    assert "scanning" not in _run_on_terminal([*args, "--quiet"], {"ANALYZER_PROGRESS_DELAY": "0"}, "stderr")
    assert "scanning" not in _run_on_terminal(args, {"ANALYZER_PROGRESS_DELAY": "60"}, "stderr")
    piped = run_cli(*args)
    assert piped.stderr == ""  # not a terminal: no progress


def test_progress_shows_on_a_slow_terminal_scan_and_never_in_the_report():
    from analyzer.report.progress import with_progress

    stream = io.StringIO()
    stream.isatty = lambda: True  # type: ignore[method-assign]
    batch = BatchResult((FileRow("a.txt", None, "text", "ok"),), (), ())
    assert list(with_progress([batch, batch], stream, delay=0.0)) == [batch, batch]
    assert "scanning: 2 files" in stream.getvalue()
    quiet = io.StringIO()
    assert list(with_progress([batch], quiet, delay=3600)) == [batch]
    assert quiet.getvalue() == ""

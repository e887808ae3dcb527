"""Report formats: JSONL streamed batch by batch, CSV, SARIF valid against the official 2.1.0 schema, text modes.

Every format carries the delivery summary (per top-level folder: counts and the strongest evidence); each test of it
compares against `summary.deliveries` of the JSON report of the same scan.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, run_cli, run_on_terminal, samples_report

import analyzer
from analyzer.model import BatchResult, FileRow, Finding
from analyzer.report import Report
from analyzer.report.serialize import dumps, file_dict, finding_dict
from analyzer.report.writers import WriterOptions, csv_writer, html_writer, sarif_writer, text_writer, write_report
from analyzer.report.writers.jsonl_writer import JsonLinesWriter
from analyzer.run import Pipeline

# the CSV columns as they were before the delivery columns: other tools read them by position
CSV_COLUMNS_READ_BY_OTHER_TOOLS = ("id", "rule", "severity", "confidence", "path", "member", "locator")
CSV_COLUMNS_READ_BY_OTHER_TOOLS += ("message", "zh", "ko", "evidence")
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@cache
def _samples_scan(fmt: str) -> subprocess.CompletedProcess[str]:
    """`analyzer scan samples/ --format FMT`, run once per format and session (each scan starts a JVM)."""
    result = run_cli("scan", "samples/", "--format", fmt)
    assert result.returncode == 1, result.stderr
    return result


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
    batches = list(Pipeline().batches([str(tmp_path)]))
    # one batch per folder, then the scan-wide batch (cadence findings, timeline) with no files
    assert [len(b.files) for b in batches] == [1, 1, 0]
    out = io.StringIO()

    def produced():
        yield batches[0]
        # by the time the scan asks for the second folder, the first one's lines are out
        assert any(json.loads(line)["type"] == "finding" for line in out.getvalue().splitlines())
        yield batches[1]
        yield batches[2]

    totals = write_report(produced(), out, "jsonl", summary_of=lambda t: t.summary(0.5))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["type"] for line in lines][0] == "header" and lines[-1]["type"] == "summary"
    assert lines[0]["schema"] == "analyzer.report/1"
    kinds = [line["type"] for line in lines[1:-1]]
    # the scan-wide batch adds the timeline: one `day` line (both notes were written today)
    assert kinds == ["file", "comment", "finding", "file", "comment", "finding", "day"]
    assert lines[-1]["findings_by_rule"] == {"relay.zh-ko-pair": 2} and lines[-1]["seconds"] == 0.5
    assert totals.exit_code("medium") == 1
    # the first batch alone looked like one delivery (c001); the second widened the shared folder to ep01
    whole = Report.from_batches(batches).summary()["deliveries"]
    assert lines[-1]["deliveries"] == whole
    assert [d["delivery"] for d in whole] == [(tmp_path / "ep01" / cut).as_posix() for cut in ("c001", "c002")]
    assert [d["strongest"]["path"] for d in whole] == [b.files[0].path for b in batches[:2]]


def test_jsonl_lines_are_each_record_with_its_type_first_even_where_orjson_refuses():
    rows = (
        FileRow("ep01/c001/note.txt", None, "text", "ok", comments=0, size=3, sha256="ab"),
        FileRow("ep01/c001/bad\udcff.txt", None, None, "error", "cannot read: \udcff"),  # a lone surrogate
    )
    finding = Finding("f1", "relay.zh-ko-pair", "medium", 0.8, rows[0].path, None, "line 1", "m", {"score": 0.5})
    out = io.StringIO()
    JsonLinesWriter(out).add(BatchResult(rows, (), (finding,)))
    lines = out.getvalue().splitlines()[1:]  # after the header
    expected = [
        dumps({"type": "file", **file_dict(rows[0])}),
        dumps({"type": "file", **file_dict(rows[1])}),  # the standard library's, ASCII-escaped
        dumps({"type": "finding", **finding_dict(finding)}),
    ]
    assert lines == expected
    assert lines[1].isascii() and json.loads(lines[1])["path"] == rows[1].path
    assert lines[0].startswith('{"type":"file","path":')


def test_keys_that_are_not_strings_are_written_as_the_standard_library_writes_them():
    evidence = {"score": 0.5, "by_line": {3: "请修改", 12: "수정"}, "flags": {True: 1, None: 2}, "ratio": {1.5: "x"}}
    finding = Finding("f1", "relay.zh-ko-pair", "medium", 0.8, "ep01/c001/note.txt", None, "line 1", "m", evidence)
    record = {"type": "finding", **finding_dict(finding)}
    assert dumps(record) == json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    assert dumps(record, indent=True) == json.dumps(record, ensure_ascii=False, indent=2)
    out = io.StringIO()
    JsonLinesWriter(out).add(BatchResult((), (), (finding,)))
    assert out.getvalue().splitlines()[1] == dumps(record)


def test_jsonl_written_as_bytes_to_a_utf8_file_is_what_a_text_stream_gets(tmp_path):
    from analyzer.commands.reporting import _writes_utf8_as_is, report_file

    rows = (
        FileRow("ep01/c001/备注.txt", None, "text", "ok", comments=1, size=40, sha256="ab"),
        FileRow("ep01/c001/bad\udcff.txt", None, None, "error", "cannot read: \udcff"),  # the standard library's
    )
    finding = Finding("f1", "dprk.lexicon", "medium", 0.8, rows[0].path, None, "line 1", "동무 in 请修改 동무", {})
    batches = [BatchResult(rows, (), (finding,)), BatchResult(rows[:1], (), ())]
    as_text = io.StringIO()
    write_report(batches, as_text, "jsonl", summary_of=lambda t: t.summary(0.5))
    report = tmp_path / "report.jsonl"
    with report_file(str(report)) as out:
        assert _writes_utf8_as_is(out) and not _writes_utf8_as_is(as_text)
        write_report(batches, out, "jsonl", WriterOptions(utf8_buffer=True), lambda t: t.summary(0.5))
    assert report.read_bytes() == as_text.getvalue().encode("utf-8")
    assert report.read_text(encoding="utf-8").count("\n") == 6  # header, 3 + 1 records, summary


def test_json_written_as_bytes_is_what_a_text_stream_gets_over_many_batches(tmp_path):
    from analyzer.commands.reporting import report_file

    def batch(n: int) -> BatchResult:
        rows = (FileRow(f"ep01/c{n:03}/备注.txt", None, "text", "ok", comments=1, size=40, sha256="ab"),)
        message = f"第{n}帧 眼睛位置太高了 → 눈 위치가 너무 높습니다 " * 7  # findings spooled past 64 KiB in CJK
        finding = Finding(f"f{n}", "dprk.lexicon", "medium", 0.8, rows[0].path, None, "line 1", message, {})
        return BatchResult(rows, (), (finding,))

    odd = FileRow("ep01/bad\udcff.txt", None, None, "error", "cannot read: \udcff")  # the standard library's
    batches = [batch(n) for n in range(300)] + [BatchResult((odd,), (), ())]
    as_text = io.StringIO()
    write_report(batches, as_text, "json", summary_of=lambda t: t.summary(0.5))
    report = tmp_path / "report.json"
    with report_file(str(report)) as out:
        write_report(batches, out, "json", WriterOptions(utf8_buffer=True), lambda t: t.summary(0.5))
    assert report.read_bytes() == as_text.getvalue().encode("utf-8")
    document = json.loads(as_text.getvalue())
    assert len(document["findings"]) == 300 and document["files"][-1]["path"] == odd.path
    assert len(as_text.getvalue().split('"findings": [')[1].encode()) > 1 << 16


def test_jsonl_cli_has_the_same_records_as_json(tmp_path):
    as_json = samples_report()
    lines = [json.loads(line) for line in _samples_scan("jsonl").stdout.splitlines()]
    findings = [{k: v for k, v in line.items() if k != "type"} for line in lines if line["type"] == "finding"]
    assert findings == as_json["findings"]
    assert sum(1 for line in lines if line["type"] == "file") == len(as_json["files"])


def test_csv_has_one_row_per_finding_with_both_texts():
    as_json = samples_report()
    rows = list(csv.DictReader(io.StringIO(_samples_scan("csv").stdout)))
    assert [r["id"] for r in rows] == [f["id"] for f in as_json["findings"]]
    assert sum(r["rule"] == "relay.zh-ko-pair" for r in rows) == as_json["summary"]["pairs"]
    sidecar = next(r for r in rows if r["path"] == "samples/ep02/c010/c010_zh.txt")
    assert sidecar["zh"] == "口型和对白不一致，请重画" and sidecar["ko"].startswith("입모양이")
    assert json.loads(sidecar["evidence"])["ko_path"] == "samples/ep02/c010/c010_ko.xmp"


def test_sarif_of_the_samples_is_valid_and_carries_rule_help():
    as_json = samples_report()
    data = json.loads(_samples_scan("sarif").stdout)
    _validate_sarif(data)
    run = data["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "relay.zh-ko-pair")
    assert "go-between" in rule["help"]["text"]  # the rule module's docstring
    assert rule["defaultConfiguration"]["level"] == "warning"
    results = run["results"]
    assert [r["ruleId"].split("/")[0] for r in results] == [f["rule"] for f in as_json["findings"]]
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
    sidecar = next(
        r
        for r in results
        if "relatedLocations" in r
        and r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        != r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    )
    assert sidecar["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("c010_ko.xmp")
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("invalid JSON" in n["message"]["text"] for n in notes)


def test_sarif_locates_archive_members_at_their_archive_and_high_pairs_as_high(tmp_path, monkeypatch):
    (tmp_path / "work" / "dump").mkdir(parents=True)
    (tmp_path / "elsewhere" / "dump").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    elsewhere = str(tmp_path / "elsewhere" / "dump")
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
    outside = Finding("f3", "relay.zh-ko-pair", "medium", 0.8, f"{elsewhere}/c003.txt", None, "x", "relay", {}, line=7)
    report = Report((FileRow("dump/ep01.zip", None, "zip", "ok"),), (), (finding, nested, outside))
    buffer = io.StringIO()
    report.write("sarif", buffer, roots=("dump", elsewhere))
    data = json.loads(buffer.getvalue())
    _validate_sarif(data)
    run = data["runs"][0]
    first, second, third = run["results"]
    for result in (first, second):  # GitHub knows files, not members: the archive is the location
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"] == {"uri": "dump/ep01.zip", "uriBaseId": "SRCROOT"}
        assert "region" not in location["physicalLocation"]  # a line of the member, not of the archive
    assert first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "cuts/c001 notes.txt!line 4"
    assert "cuts/c001 notes.txt" in first["message"]["text"]
    assert third["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "c003.txt", "uriBaseId": "ROOT1"},
        "region": {"startLine": 7},
    }
    assert run["originalUriBaseIds"]["ROOT1"]["uri"] == Path(elsewhere).as_uri() + "/"
    assert not any(
        loc["physicalLocation"]["artifactLocation"]["uri"].startswith("file:")
        for r in run["results"]
        for loc in r["locations"]
    )
    # the high pair is reported under the rule's high variant, whose security-severity dashboards show
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert first["ruleId"] == "relay.zh-ko-pair/high" and second["ruleId"] == "relay.zh-ko-pair"
    assert rules["relay.zh-ko-pair/high"]["properties"]["security-severity"] == "8.0"
    assert rules["relay.zh-ko-pair"]["properties"]["security-severity"] == "5.5"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "relay.zh-ko-pair/high"


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
    assert len(lines) == 3
    assert lines[0].startswith("medium relay.zh-ko-pair") and "眼睛位置太高了，往下移 → 눈 위치가" in lines[0]
    assert lines[1].startswith("error: ") and "broken.json" in lines[1]
    assert lines[2] == "analyzer: not read: 1 error .json (invalid JSON)"  # quiet still says what was not read


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


@pytest.mark.parametrize(("env", "coloured"), [({}, True), ({"NO_COLOR": "1"}, False)])
def test_text_colour_only_on_a_terminal_without_no_color(env, coloured):
    on_terminal = run_on_terminal(["scan", "samples/ep01/c001"], env=env)
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
    stderr = run_on_terminal(args, env={"ANALYZER_PROGRESS_DELAY": "0"}, stream="stderr")
    assert "scanning: " in stderr and " files, " in stderr
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["summary"]["pairs"] == samples_report()["summary"]["pairs"] > 0
    assert "scanning" not in run_on_terminal([*args, "--quiet"], env={"ANALYZER_PROGRESS_DELAY": "0"}, stream="stderr")
    assert "scanning" not in run_on_terminal(args, env={"ANALYZER_PROGRESS_DELAY": "60"}, stream="stderr")
    piped = run_cli(*args)
    assert "scanning" not in piped.stderr and piped.stderr.count("\n") == 1  # not a terminal: the summary only


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


# --- the delivery summary in every format -------------------------------------------------------------------


def _samples_deliveries() -> list[dict]:
    deliveries = samples_report()["summary"]["deliveries"]
    assert len(deliveries) >= 3 and sum(d["strongest"] is not None for d in deliveries) >= 2  # something to compare
    return deliveries


def test_json_deliveries_account_for_every_file_note_and_finding():
    report = samples_report()
    deliveries = report["summary"]["deliveries"]
    assert [d["delivery"] for d in deliveries] == sorted({d["delivery"] for d in deliveries})
    assert sum(d["files"] for d in deliveries) == len(report["files"])
    assert sum(d["errors"] for d in deliveries) == report["summary"]["errors"]
    assert sum(d["comments"] for d in deliveries) == len(report["comments"])
    assert sum(d["pairs"] for d in deliveries) == report["summary"]["pairs"]
    assert sum(d["findings"] for d in deliveries) == len(report["findings"])
    by_id = {f["id"]: f for f in report["findings"]}
    rank = {"info": 0, "low": 1, "medium": 2, "high": 3}
    names = sorted((d["delivery"] for d in deliveries), key=len, reverse=True)

    def delivery_of(path: str) -> str:  # the deepest delivery folder holding the path
        return next(name for name in names if path.startswith(name + "/"))

    for d in deliveries:
        inside = [f for f in report["findings"] if delivery_of(f["path"]) == d["delivery"]]
        assert len(inside) == d["findings"]
        if not inside:
            assert d["strongest"] is None and d["highest_severity"] is None
            continue
        top = by_id[d["strongest"]["finding"]]
        assert top in inside and (top["rule"], top["message"]) == (d["strongest"]["rule"], d["strongest"]["message"])
        assert rank[top["severity"]] == max(rank[f["severity"]] for f in inside) == rank[d["highest_severity"]]


def test_text_report_has_a_row_per_delivery_with_its_strongest_evidence():
    text = _samples_scan("text").stdout
    table = text[text.index("Deliveries (top-level folders)") :]
    table = table[: table.index("└")]
    rows: list[list[str]] = []
    for line in table.splitlines():
        if line.startswith(("┡", "├")):
            rows.append([])
        elif line.startswith("│") and rows:  # a row's cells may wrap over several lines
            cells = [c.strip() for c in line.strip("│").split("│")]
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1] or [""] * len(cells), cells, strict=True)]
    expected = _samples_deliveries()
    assert [r[0] for r in rows] == [d["delivery"] for d in expected]
    for row, d in zip(rows, expected, strict=True):
        assert [int(n) for n in row[1:5]] == [d["files"], d["comments"], d["pairs"], d["findings"]]
        top = d["strongest"]
        wanted = f"{top['severity']} {top['rule']} {top['path']} {top['locator']}: {top['message']}" if top else "-"
        assert " ".join(row[5].split()) == " ".join(wanted.split())


def test_jsonl_summary_line_carries_the_same_deliveries_as_json():
    *_, summary = (json.loads(line) for line in _samples_scan("jsonl").stdout.splitlines())
    assert summary["type"] == "summary"
    assert summary["deliveries"] == _samples_deliveries()


def test_jsonl_deliveries_stay_per_delivery_over_many_batches():
    """A streamed scan holds one row per delivery, however many files and batches went by."""
    from analyzer.report.totals import Totals

    totals = Totals()
    for n in range(300):
        vendor = ("vendorA", "vendorB", "vendorC")[n % 3]
        path = f"dump/{vendor}/ep{n % 7}/c{n:03d}/notes.txt"
        finding = Finding(f"f{n}", "relay.zh-ko-pair", "medium", n / 300, path, None, "line 1", "relay", {})
        totals.add([FileRow(path, None, "text", "ok")], [], [finding])
    deliveries = totals.summary(0.0)["deliveries"]
    assert [(d["delivery"], d["files"]) for d in deliveries] == [(f"dump/vendor{v}", 100) for v in "ABC"]
    assert [d["strongest"]["finding"] for d in deliveries] == ["f297", "f298", "f299"]  # the most confident
    assert len(totals.deliveries._rows) == 3  # what it holds: one row per delivery, none per file


def test_csv_names_each_findings_delivery_and_marks_its_strongest():
    rows = list(csv.DictReader(io.StringIO(_samples_scan("csv").stdout)))
    header = next(csv.reader(io.StringIO(_samples_scan("csv").stdout)))
    # the columns other tools read stay where they were; the delivery columns come last
    assert header == [*CSV_COLUMNS_READ_BY_OTHER_TOOLS, "delivery", "strongest_in_delivery"]
    expected = _samples_deliveries()
    assert Counter(r["delivery"] for r in rows) == {d["delivery"]: d["findings"] for d in expected if d["findings"]}
    for r in rows:
        assert r["path"].startswith(r["delivery"] + "/")
    strongest = {r["delivery"]: r["id"] for r in rows if r["strongest_in_delivery"] == "true"}
    assert strongest == {d["delivery"]: d["strongest"]["finding"] for d in expected if d["strongest"]}
    assert {r["strongest_in_delivery"] for r in rows} == {"true", "false"}


def test_csv_marks_one_strongest_row_per_delivery_even_for_a_scan_wide_finding():
    files = tuple(FileRow(f"dump/{v}/c{n}/notes.txt", None, "text", "ok") for v in ("a", "b") for n in (1, 2))
    findings = (
        Finding("f1", "relay.zh-ko-pair", "medium", 0.9, "dump/a/c1/notes.txt", None, "line 1", "pair", {}),
        Finding("f2", "dprk.lexicon", "low", 1.0, "dump/a/c2/notes.txt", None, "line 3", "lexicon", {}),
        Finding("f3", "relay.batch-cadence", "high", 0.7, "dump/b", None, None, "cadence", {}),  # a folder
        Finding("f4", "relay.zh-ko-pair", "medium", 0.8, "dump/b/c1/notes.txt", None, "line 1", "pair", {}),
    )
    out = io.StringIO()
    csv_writer.write(Report(files, (), findings), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["id"], r["delivery"], r["strongest_in_delivery"]) for r in rows] == [
        ("f1", "dump/a", "true"),
        ("f2", "dump/a", "false"),
        ("f3", "dump/b", "true"),
        ("f4", "dump/b", "false"),
    ]


def test_sarif_run_properties_carry_the_deliveries():
    data = json.loads(_samples_scan("sarif").stdout)
    assert data["runs"][0]["properties"]["summary"]["deliveries"] == _samples_deliveries()


class _DeliveriesTable(HTMLParser):
    """The cells of `<table id="deliveries">`, row by row, as text (character references decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.rows: list[list[str]] = []
        self.headers: list[str] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("id", "deliveries") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _html_deliveries(page: str) -> tuple[list[str], list[list[str]]]:
    parser = _DeliveriesTable()
    parser.feed(page)
    header, *rows = parser.rows
    return header, rows


def test_html_has_a_deliveries_table_after_the_summary_cards():
    page = _samples_scan("html").stdout
    assert page.index('id="summary"') < page.index('id="deliveries"') < page.index('id="findings"')
    header, rows = _html_deliveries(page)
    assert header[:6] == ["delivery", "files", "notes", "pairs", "findings", "highest severity"]
    expected = _samples_deliveries()
    assert len(rows) == len(expected)
    for row, d in zip(rows, expected, strict=True):
        counts = [str(d[k]) for k in ("files", "comments", "pairs", "findings")]
        assert row[:6] == [d["delivery"], *counts, d["highest_severity"] or "-"]
        top = d["strongest"]
        assert row[6:] == ([top["rule"], f"{top['path']} {top['locator']}", top["message"]] if top else ["-", "", ""])


def test_html_deliveries_table_escapes_every_value():
    hostile = 'dump/<img src=x onerror="alert(1)">&co'
    files = (FileRow(f"{hostile}/c1/notes.txt", None, "text", "ok"), FileRow("dump/plain/c2.txt", None, "text", "ok"))
    finding = Finding(
        "f1", "relay.zh-ko-pair", "high", 0.9, files[0].path, None, 'line "1"', "<script>alert(2)</script> & more", {}
    )
    out = io.StringIO()
    html_writer.write(Report(files, (), (finding,)), out)
    page = out.getvalue()
    assert "<img" not in page and "<script>alert" not in page
    _, rows = _html_deliveries(page)
    by_name = {row[0]: row for row in rows}
    assert len(rows) == len(by_name) == 2
    message = "<script>alert(2)</script> & more"
    assert by_name[hostile][5:] == ["high", "relay.zh-ko-pair", f'{files[0].path} line "1"', message]
    assert by_name["dump/plain"][5:] == ["-", "-", "", ""]
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)


def test_a_day_is_written_with_every_field_of_its_summary_in_order():
    """day_dict names each DaySummary field itself (asdict deep-copies a day's cut IDs): the same dict as
    asdict with the cuts as lists, and a new field cannot be left out unnoticed."""
    from dataclasses import asdict

    from analyzer.model import DaySummary
    from analyzer.report.serialize import day_dict

    day = DaySummary("2024-01-05", 9, 2, 5, 3, 1, ("EP01/C001", "EP01/C002"), ("EP01/C001",), {"mtime": 4, "name": 5})
    written = day_dict(day)
    expected = {**asdict(day), "cuts_instructed": ["EP01/C001", "EP01/C002"], "cuts_returned": ["EP01/C001"]}
    assert list(written) == list(expected) and written == expected
    assert written["dated_by"] is not day.dated_by  # a copy, as asdict's
    assert dumps(written) == dumps(expected)

"""The dump over time: dating files, instruction -> return cycles, relay.batch-cadence, `analyzer timeline`."""

from __future__ import annotations

import json
from datetime import date

from conftest import run_cli
from timeline_dump import make_dump

import analyzer
from analyzer.detect import with_scan_rules
from analyzer.pipeline import scan_batches
from analyzer.timeline import TimelineBuilder
from analyzer.timeline.cadence import find_cycles
from analyzer.timeline.cuts import cut_ids, path_cut_ids
from analyzer.timeline.dating import file_day, parse_day


def _timeline(root):
    builder = TimelineBuilder()
    builder.observe_all(b for b in scan_batches([str(root)]) if b.files)
    return builder.finish()


def test_parse_day_reads_common_date_spellings():
    assert parse_day("2024-01-09T10:12:00+08:30") == date(2024, 1, 9)
    assert parse_day("2017:03:01 10:00:00") == date(2017, 3, 1)  # EXIF
    assert parse_day("delivery_20240109_final") == date(2024, 1, 9)
    assert parse_day("2024.02.30") is None  # not a date
    assert parse_day("cut 20241") is None


def test_file_day_prefers_metadata_then_name_then_mtime():
    assert file_day("d/2024-01-05/a.json", None, ["2024-01-03T09:00:00+08:00"], 0.0) == (date(2024, 1, 3), "metadata")
    assert file_day("d/2024-01-05/a.json", None, [], 0.0) == (date(2024, 1, 5), "name")
    assert file_day("d/inbox/a.json", None, [], 1704456000.0) == (date(2024, 1, 5), "mtime")


def test_cut_ids_from_paths_and_notes():
    assert path_cut_ids("dump/2024-01-02/return/ep01_c012.png", None) == {"EP01/C012"}
    assert path_cut_ids("dump/ep02/cut_7/layout.psd", None) == {"EP02/C007"}
    assert path_cut_ids("scene12/abc12.png", None) == set()
    assert cut_ids("C012 眼睛位置太高了") == {"C012"}


def test_generated_dump_cycles_are_found_exactly(tmp_path):
    expected = make_dump(tmp_path)
    cadence = find_cycles(_timeline(tmp_path))
    found = {(c.cut, c.instructed, c.returned) for c in cadence.cycles}
    assert found == expected
    assert all(c.relay_pairs >= 1 for c in cadence.cycles)
    assert cadence.instructed_cuts == len(expected) + 4  # three never returned, one returned too late


def test_batch_cadence_fires_with_days_cuts_and_pairs_as_evidence(tmp_path):
    expected = make_dump(tmp_path)
    report = analyzer.scan([str(tmp_path)])
    [cadence] = [f for f in report.findings if f.rule == "relay.batch-cadence"]
    assert cadence.severity == "high"
    evidence = cadence.evidence
    assert evidence["returned_cuts"] == len(expected)
    assert evidence["cycle_days"] == sorted({d.isoformat() for _, d, _ in expected})
    assert evidence["relay_pairs"] >= len(expected)
    assert {(c["cut"], c["instructed"], c["returned"]) for c in evidence["cycles"]} == {
        (cut, d.isoformat(), back.isoformat()) for cut, d, back in expected
    }


def test_noise_alone_does_not_fire(tmp_path):
    make_dump(tmp_path, with_cadence=False)
    report = analyzer.scan([str(tmp_path)])
    assert not [f for f in report.findings if f.rule == "relay.batch-cadence"]


def test_report_carries_the_per_day_timeline(tmp_path):
    make_dump(tmp_path)
    report = analyzer.scan([str(tmp_path)])
    days = {d.day: d for d in report.days}
    first = days["2024-01-01"]
    assert first.instruction_files == 4  # three cycle cuts (one dated by metadata) and C400, never returned
    assert first.relay_pairs >= 3
    assert days["2024-01-02"].returned_files >= 1
    assert json.loads(report.to_json())["timeline"][0]["day"] == min(days)


def test_last_batch_holds_scan_wide_results_only(tmp_path):
    make_dump(tmp_path)
    batches = list(scan_batches([str(tmp_path)]))
    assert batches[-1].files == () and batches[-1].comments == () and batches[-1].days
    assert [b for b in batches[:-1] if not b.files] == []


def test_scan_rules_wrapper_passes_batches_through_unchanged(tmp_path):
    make_dump(tmp_path)
    inner = [b for b in scan_batches([str(tmp_path)]) if b.files]
    wrapped = list(with_scan_rules(iter(inner)))
    assert wrapped[:-1] == inner


def test_timeline_command_prints_a_per_day_table(tmp_path):
    make_dump(tmp_path)
    result = run_cli("timeline", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "2024-01-01" in result.stdout and "relay.batch-cadence" in result.stdout
    as_json = run_cli("timeline", str(tmp_path), "--format", "json")
    data = json.loads(as_json.stdout)
    assert data["days"][0]["day"] == "2024-01-01"
    assert data["cadence"]["rule"] == "relay.batch-cadence"


def test_snapshots_show_what_appeared_changed_and_disappeared(tmp_path):
    dump = tmp_path / "server"
    (dump / "2024-01-01").mkdir(parents=True)
    (dump / "2024-01-01" / "ep01_c001.txt").write_text("头太大了 → 머리가 너무 큽니다.\n", encoding="utf-8")
    (dump / "2024-01-01" / "ep01_c002.txt").write_text("Upload complete.\n", encoding="utf-8")
    database = str(tmp_path / "cache.sqlite")
    first = run_cli("scan", str(dump), "--snapshot", "--cache", database, "--fail-on", "never")
    assert first.returncode == 0, first.stderr
    (dump / "2024-01-02").mkdir()
    (dump / "2024-01-02" / "ep01_c001.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (dump / "2024-01-01" / "ep01_c002.txt").write_text("Upload complete, fixed.\n", encoding="utf-8")
    (dump / "2024-01-01" / "ep01_c001.txt").unlink()
    second = run_cli("scan", str(dump), "--snapshot", "--cache", database, "--fail-on", "never")
    assert second.returncode == 0, second.stderr
    result = run_cli("timeline", str(dump), "--cache", database, "--format", "json")
    snapshots = json.loads(result.stdout)["snapshots"]
    assert len(snapshots) == 2
    assert len(snapshots[0]["appeared"]) == 2 and not snapshots[0]["disappeared"]
    assert [p.rsplit("/", 1)[-1] for p in snapshots[1]["appeared"]] == ["ep01_c001.png"]
    assert [p.rsplit("/", 1)[-1] for p in snapshots[1]["changed"]] == ["ep01_c002.txt"]
    assert [p.rsplit("/", 1)[-1] for p in snapshots[1]["disappeared"]] == ["ep01_c001.txt"]
    text = run_cli("timeline", str(dump), "--cache", database)
    assert "Snapshots of this root" in text.stdout


def test_timeline_missing_path_is_exit_2():
    result = run_cli("timeline", "no/such/dump")
    assert result.returncode == 2 and "no/such/dump" in result.stderr

"""The dump over time: dating files, instruction -> return cycles, relay.batch-cadence, `analyzer timeline`,
snapshots, and the per-day table and chart of the reports."""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest
from conftest import run_cli
from test_html_report import browser  # noqa: F401  (the headless Chromium fixture)
from timeline_dump import DAYS, INSTRUCTIONS, START, Dump, make_dump

import analyzer
from analyzer.detect import with_scan_rules
from analyzer.model import BatchResult, FileEvent, FileRow, RelayText
from analyzer.report.writers.timeline_chart import timeline_section
from analyzer.run import Pipeline, ScanOptions
from analyzer.snapshots import SnapshotStore
from analyzer.timeline import Timeline, TimelineBuilder, _is_work, _returned_work_markers
from analyzer.timeline import cuts as cuts_module
from analyzer.timeline.cadence import find_cycles
from analyzer.timeline.cuts import cut_ids, path_cut_ids, path_episode
from analyzer.timeline.dating import file_day, parse_day


def _timeline(root) -> Timeline:
    builder = TimelineBuilder()
    for batch in Pipeline().batches([str(root)]):
        if batch.files:
            builder.observe(batch)
    return builder.finish()


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Dump:
    """The 30-day dump with its cadence and noise, written once for the tests that only read it."""
    return make_dump(tmp_path_factory.mktemp("server"))


@pytest.fixture(scope="module")
def report(dump):
    return analyzer.scan([str(dump.root)])


def _cadence(report):
    return [f for f in report.findings if f.rule == "relay.batch-cadence"]


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
    assert file_day("d/inbox/a.json", None, ["no date here"], None) is None


def test_file_day_takes_the_latest_metadata_date():
    # a drawing made from a 2019 template, changed for this delivery
    stamps = ["2019-05-02T10:00:00", "2024-01-04T16:20:00+09:00"]
    assert file_day("d/2024-01-01/c001.psd", None, stamps, 0.0) == (date(2024, 1, 4), "metadata")


def test_cut_ids_from_paths_and_notes():
    assert path_cut_ids("dump/2024-01-02/return/ep01_c012.png", None) == {"EP01/C012"}
    assert path_cut_ids("dump/ep02/cut_7/layout.psd", None) == {"EP02/C007"}
    assert path_cut_ids("dump/S03C012.png", None) == {"C012"}
    assert path_cut_ids("scan/abc12.png", None) == set()
    assert path_cut_ids("ep01/delivery.zip", "sc05/bg.png") == {"EP01/SC005"}  # a scene stands in for a cut
    assert path_cut_ids("c2024_archive/a/b/c/readme.txt", None) == set()  # too far up to name this file's cut
    assert cut_ids("C012 眼睛位置太高了") == {"C012"}
    assert cut_ids("C012 眼睛位置太高了", episode="EP01/") == {"EP01/C012"}
    assert cut_ids("ep03 C012 眼睛", episode="EP01/") == {"EP03/C012"}


def test_what_a_path_names_is_what_its_parts_name_nearest_first():
    """The episode, cuts, date and returns folder of a file are worked out once per folder of it; on paths of every
    kind of part and separator they are what the parts, read one by one nearest first, give."""
    rng = random.Random(7)
    atoms = ["ep01", "EP2", "c012", "cut_5", "sc03", "2024-01-09", "20231231", "2024", "01", "09.txt", "retakes"]
    atoms += ["Return", "note.txt", "ep01_c012.png", "S03C012", "x", "", "2024_02_30", "完成"]
    separators = ["/", "\\", "!", "//", "/!"]
    suffixes, work_folders = _returned_work_markers()

    def joined(count: int) -> str:
        return "".join(rng.choice(atoms) + rng.choice(separators) for _ in range(count)) + rng.choice(atoms)

    for _ in range(3000):
        path = joined(rng.randint(0, 6))
        member = rng.choice([None, None, joined(rng.randint(0, 3)), rng.choice(separators)])
        parts = [p for p in re.split(r"[\\/!]", f"{path}/{member or ''}") if p][::-1]  # nearest first
        near = parts[:4]
        episode = next((cuts_module._part_episode(p) for p in near if cuts_module._part_episode(p)), "")
        cuts = next((set(found) for p in near if (found := cuts_module._part_ids(p, episode))), set())
        assert (path_episode(path, member), path_cut_ids(path, member)) == (episode, cuts), (path, member)
        day = next((d for p in parts if (d := parse_day(p))), None)
        assert file_day(path, member, [], None) == ((day, "name") if day else None), (path, member)
        work = (member or path).lower().endswith(suffixes) or any(p.lower() in work_folders for p in parts)
        assert _is_work(path, member) == work, (path, member)


def test_generated_dump_cycles_are_found_exactly(dump):
    cadence = find_cycles(_timeline(dump.root))
    found = {(c.cut, c.instructed, c.returned) for c in cadence.cycles}
    assert found == dump.cycles
    assert len(found) > 40 and {c.lag_days for c in cadence.cycles} == {1, 2}
    assert all(c.relay_pairs >= 1 for c in cadence.cycles)
    assert cadence.instructed_cuts == len(dump.cycles) + len(dump.unreturned)
    assert list(cadence.cycle_days) == dump.cycle_days
    sheet = [c for c in cadence.cycles if c.cut in ("EP01/C301", "EP01/C302")]  # cuts named in a sheet's notes
    assert len(sheet) == 2 and all(c.instruction_paths[0].endswith("ep01_sheet.json") for c in sheet)


def test_a_cycle_carries_the_relay_texts_of_its_instruction_day_files(dump):
    """Read again for the cycles found (cadence._read_cycles): the pairs of every instruction file of the
    instructed day naming the cut, in the timeline's order."""
    timeline = _timeline(dump.root)
    expected: dict[tuple[str, object], list] = {}
    for event in timeline.events:
        if event.kind == "instruction":
            for cut in event.cuts:
                expected.setdefault((cut, event.day), []).extend(event.pairs)
    cycles = find_cycles(timeline).cycles
    assert len(cycles) > 40 and all(c.pairs for c in cycles)
    assert all(list(c.pairs) == expected[(c.cut, c.instructed)] for c in cycles)


def test_generated_dump_is_dated_by_metadata_then_names_then_mtime(dump):
    events = {e.path: e for e in _timeline(dump.root).events}
    assert {how for _, how in dump.dated.values()} == {"metadata", "name", "mtime"}
    assert {path: (events[path].day, events[path].dated_by) for path in dump.dated} == dump.dated
    # note times beat a folder with another date; a folder's date beats the stale mtime of every file
    misfiled = [p for p, (day, how) in dump.dated.items() if how == "metadata" and "inbox" not in p]
    assert misfiled and all(parse_day(p) != dump.dated[p][0] for p in misfiled)


def test_batch_cadence_fires_with_days_cuts_and_pairs_as_evidence(dump, report):
    [cadence] = _cadence(report)
    assert cadence.severity == "high"
    evidence = cadence.evidence
    assert evidence["returned_cuts"] == len(dump.cycles)
    assert evidence["cycle_days"] == [d.isoformat() for d in dump.cycle_days]
    assert evidence["relay_days"] == evidence["cycle_days"]
    assert evidence["cuts"] == sorted({cut for cut, _, _ in dump.cycles})
    assert evidence["relay_pairs"] >= len(dump.cycles)
    assert {(c["cut"], c["instructed"], c["returned"]) for c in evidence["cycles"]} == {
        (cut, d.isoformat(), back.isoformat()) for cut, d, back in dump.cycles
    }
    relayed = {(zh, ko) for zh, ko in INSTRUCTIONS}
    for cycle in evidence["cycles"]:
        assert cycle["instructions"] and cycle["returns"]
        assert all(cycle["cut"] in path_cut_ids(path, None) for path in cycle["returns"])
        assert cycle["pairs"], cycle["cut"]
        assert all(any(zh in p["zh"] and ko in p["ko"] for zh, ko in relayed) for p in cycle["pairs"])


def test_noise_alone_does_not_fire(tmp_path):
    dump = make_dump(tmp_path, with_cadence=False)
    cadence = find_cycles(_timeline(tmp_path))
    assert {(c.cut, c.instructed, c.returned) for c in cadence.cycles} == dump.cycles  # two chance returns
    assert len(dump.cycles) == 2 and cadence.return_rate < 0.5
    assert not _cadence(analyzer.scan([str(tmp_path)]))


def test_cadence_without_relay_pairs_is_not_high(tmp_path):
    dump = make_dump(tmp_path, relay=False)  # Chinese instructions with no Korean under them
    [cadence] = _cadence(analyzer.scan([str(tmp_path)]))
    assert cadence.evidence["returned_cuts"] == len(dump.cycles)
    # only the noise's two chance returns carry relay pairs: the rhythm is there, the relay does not repeat
    chance = sorted({d.isoformat() for cut, d, _ in dump.cycles if cut.startswith("EP01/C8")})
    assert cadence.evidence["relay_days"] == chance
    assert cadence.severity == "medium" and "not shown to repeat" in cadence.message


def test_report_days_count_instructions_pairs_and_returns_of_instructed_cuts(dump, report):
    days = {date.fromisoformat(d.day): d for d in report.days}
    assert min(days) == START and max(days) <= START + timedelta(days=DAYS - 1)
    assert {d: s.instruction_notes for d, s in days.items() if s.instruction_notes} == dict(dump.notes)
    for day, summary in days.items():
        assert (summary.relay_pairs > 0) == (dump.notes[day] > 0), day  # every note here has its translation
    # returned work: drawings of cuts instructed earlier; layouts sent with an instruction and strays are files only
    assert {d: set(s.cuts_returned) for d, s in days.items() if s.cuts_returned} == dump.returns
    assert sum(s.returned_files for s in days.values()) == sum(len(c) for c in dump.returns.values())
    assert sum(s.files for s in days.values()) == len(report.files)  # every file of the dump is dated
    assert json.loads(report.to_json())["timeline"][0]["day"] == START.isoformat()


def test_last_batch_holds_scan_wide_results_only(dump):
    batches = list(Pipeline().batches([str(dump.root)]))
    assert batches[-1].files == () and batches[-1].comments == () and batches[-1].days
    assert [b for b in batches[:-1] if not b.files] == []


def test_scan_rules_wrapper_passes_batches_through_unchanged(dump):
    inner = [b for b in Pipeline().batches([str(dump.root)]) if b.files]
    wrapped = list(with_scan_rules(iter(inner)))
    assert wrapped[:-1] == inner


def _table_rows(text: str) -> dict[str, list[str]]:
    """Rows of a rich table whose first cell is a date: {day: cells}."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("│┃").split("│")]
        if cells and re.fullmatch(r"\d{4}-\d{2}-\d{2}", cells[0]):
            rows[cells[0]] = cells
    return rows


def test_timeline_command_prints_a_per_day_table(dump, report):
    result = run_cli("timeline", str(dump.root))
    assert result.returncode == 0, result.stderr
    rows = _table_rows(result.stdout)
    assert list(rows) == [d.day for d in report.days]
    for day in report.days:  # day, files, instruction notes, relay pairs, returned files
        assert rows[day.day][1:5] == [str(day.files), str(day.instruction_notes), str(day.relay_pairs),
                                      str(day.returned_files)]  # fmt: skip
    assert "relay.batch-cadence (high)" in result.stdout
    data = json.loads(run_cli("timeline", str(dump.root), "--format", "json").stdout)
    assert [d["day"] for d in data["days"]] == [d.day for d in report.days]
    assert data["cadence"]["rule"] == "relay.batch-cadence"
    assert data["cadence"]["evidence"]["cycle_days"] == [d.isoformat() for d in dump.cycle_days]


def test_scan_text_output_has_the_per_day_table(dump, report):
    result = run_cli("scan", str(dump.root), "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert "Timeline (per day)" in result.stdout
    assert {day: cells[1] for day, cells in _table_rows(result.stdout).items()} == {
        d.day: str(d.files) for d in report.days
    }


def test_html_timeline_chart_draws_files_and_pairs_per_day_inline(dump, report):
    section = timeline_section(report.days)
    assert "<svg" in section and "<script" not in section and "http" not in section
    bars = dict.fromkeys(("files", "pairs"))
    for kind in bars:
        bars[kind] = {
            day: int(value)
            for day, value in re.findall(rf'<rect class="{kind}" data-day="([\d-]+)" data-value="(\d+)"', section)
        }
    assert bars["files"] == {d.day: d.files for d in report.days}
    assert bars["pairs"] == {d.day: d.relay_pairs for d in report.days}
    heights = dict(re.findall(r'<rect class="files" data-day="([\d-]+)" [^>]*height="([\d.]+)"', section))
    busiest = max(report.days, key=lambda d: d.files)
    assert float(heights[busiest.day]) == max(float(h) for h in heights.values()) > 0
    assert timeline_section(()) == ""  # nothing dated, no chart


def test_html_report_timeline_chart_renders_offline(dump, report, tmp_path, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    target = tmp_path / "report.html"
    result = run_cli("scan", str(dump.root), "--format", "html", "-o", str(target), "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    browser.get(target.as_uri())
    chart = browser.find_element(By.ID, "timeline-chart")
    assert chart.is_displayed() and chart.size["width"] > 300
    files = browser.find_elements(By.CSS_SELECTOR, "#timeline-chart rect.files")
    pairs = browser.find_elements(By.CSS_SELECTOR, "#timeline-chart rect.pairs")
    assert len(files) == len(pairs) == len(report.days)
    drawn = {r.get_attribute("data-day"): r.size["height"] for r in files}
    quiet = min(report.days, key=lambda d: d.files)
    busiest = max(report.days, key=lambda d: d.files)
    assert drawn[busiest.day] > drawn[quiet.day] > 0
    xs = [r.location["x"] for r in files]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # one bar per day, in date order
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    browser.save_screenshot(str(tmp_path / "timeline.png"))


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
    unchanged = run_cli("scan", str(dump), "--snapshot", "--cache", database, "--fail-on", "never")
    assert unchanged.returncode == 0, unchanged.stderr
    result = run_cli("timeline", str(dump), "--cache", database, "--format", "json")
    snapshots = json.loads(result.stdout)["snapshots"]
    assert len(snapshots) == 3
    assert len(snapshots[0]["appeared"]) == 2 and not snapshots[0]["disappeared"]
    assert [p.rsplit("/", 1)[-1] for p in snapshots[1]["appeared"]] == ["ep01_c001.png"]
    assert [p.rsplit("/", 1)[-1] for p in snapshots[1]["changed"]] == ["ep01_c002.txt"]
    assert [p.rsplit("/", 1)[-1] for p in snapshots[1]["disappeared"]] == ["ep01_c001.txt"]
    assert snapshots[2]["files"] == 2 and not (snapshots[2]["appeared"] or snapshots[2]["changed"])
    assert not snapshots[2]["disappeared"]
    text = run_cli("timeline", str(dump), "--cache", database).stdout
    assert "Snapshots of this root" in text
    assert re.search(r"appeared: .*ep01_c001\.png", text) and re.search(r"disappeared: .*ep01_c001\.txt", text)
    assert re.search(r"changed: .*ep01_c002\.txt", text)
    other = run_cli("timeline", str(dump / "2024-01-01"), "--cache", database, "--format", "json")
    assert json.loads(other.stdout)["snapshots"] == []  # another root has no snapshots


def test_snapshots_of_one_root_compare_however_its_path_is_spelt(tmp_path):
    dump = tmp_path / "server" / "2024-01-01"
    dump.mkdir(parents=True)
    (dump / "ep01_c001.txt").write_text("头太大了 → 머리가 너무 큽니다.\n", encoding="utf-8")
    database = str(tmp_path / "cache.sqlite")
    for spelling in ("server", "./server/", str(tmp_path / "server")):  # by hand, then from a cron job
        scanned = run_cli("scan", spelling, "--snapshot", "--cache", database, "--fail-on", "never", cwd=tmp_path)
        assert scanned.returncode == 0, scanned.stderr
    result = run_cli("timeline", "server", "--cache", database, "--format", "json", cwd=tmp_path)
    snapshots = json.loads(result.stdout)["snapshots"]
    assert [len(s["appeared"]) for s in snapshots] == [1, 0, 0]
    assert [s["disappeared"] for s in snapshots] == [[], [], []]


def test_a_snapshot_stores_every_file_under_its_real_path_in_writes_of_many_rows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real" / "ep01").mkdir(parents=True)
    (tmp_path / "real" / "ep01" / "c001.txt").write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "real")  # a folder reached through a link
    (tmp_path / "real" / "ep01" / "alias.txt").symlink_to(tmp_path / "real" / "ep01" / "c001.txt")
    spelt = ["real/ep01/c001.txt", "./real/ep01/../ep01/c001.txt", "linked/ep01/c001.txt", "real/ep01/alias.txt"]
    spelt += [f"real/ep02/c{i:04d}.txt" for i in range(5000)]  # more rows than one write takes, not on disk
    store = SnapshotStore(str(tmp_path / "cache.sqlite"))
    snapshot = store.begin(["real"])
    for start in range(0, len(spelt), 7):
        store.add(snapshot, [FileRow(path, None, "text", "ok", sha256="0" * 64) for path in spelt[start : start + 7]])
    real = {os.path.realpath(path) for path in spelt}
    assert len(real) == 5001  # the four spellings of c001.txt are one file
    written = store._db.execute("SELECT count(*) FROM snapshot_files").fetchone()[0]
    assert 0 < written < len(real)  # some writes done, the rest waits for the next one
    store.commit()
    stored = {path for (path,) in store._db.execute("SELECT path FROM snapshot_files")}
    store.close()
    assert stored == real


def test_timeline_missing_path_is_exit_2():
    result = run_cli("timeline", "no/such/dump")
    assert result.returncode == 2 and "no/such/dump" in result.stderr


def test_timeline_missing_cache_database_is_exit_2(tmp_path):
    (tmp_path / "a.txt").write_text("hello\n", encoding="utf-8")
    result = run_cli("timeline", str(tmp_path), "--cache", str(tmp_path / "none.sqlite"))
    assert result.returncode == 2 and "none.sqlite" in result.stderr


def _event(path: str, day: int, kind: str, cuts: tuple[str, ...], member: str | None = None, pairs=()) -> FileEvent:
    return FileEvent(path, member, date(2024, 1, day), "name", kind, cuts, 1, len(pairs), tuple(pairs))


def _built(events: list[FileEvent]) -> Timeline:
    builder = TimelineBuilder()
    builder.observe(BatchResult((), (), (), events=tuple(events)))
    return builder.finish()


def test_timeline_records_come_back_by_day_path_member_with_ties_in_order():
    odd_name = b"d/\xff-sheet.txt".decode("utf-8", "surrogateescape")  # an undecodable file name
    pair = RelayText("头发的颜色要统一", "머리카락 색깔을 통일하십시오", 0.91)
    first = _event("d/b.zip", 2, "instruction", ("c1",), member="x.txt", pairs=[pair])
    tie = replace(first, notes=7)  # same day, path and member as `first`, added after it
    odd = _event(odd_name, 2, "work", ("c1",))
    archive = _event("d/b.zip", 2, "work", ("c2",))  # no member: before the archive's member
    earlier = _event("d/z", 1, "work", ())
    order = list(_built([first, tie, odd, archive, earlier]).events)
    assert order == [earlier, archive, first, tie, odd]  # "d/\udcff-sheet.txt" sorts after "d/b.zip" as in Python
    assert order[2].pairs == (pair,) and order[2].day == date(2024, 1, 2) and order[2].member == "x.txt"


def _open_files() -> list[str]:
    names = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the listing's own descriptor is gone already
            names.append(os.readlink(f"/proc/self/fd/{fd}"))
    return names


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads the open files from /proc")
def test_timeline_store_spills_to_disk_and_keeps_every_record(monkeypatch):
    from analyzer.timeline import store

    monkeypatch.setattr(store, "_PAGE_CACHE_KIB", 64)  # a small page cache: 20k records leave memory
    events = [_event(f"ep{n % 7}/c{n:05d}_notes.txt", 1 + n % 5, "instruction", (f"c{n:05d}",)) for n in range(20000)]
    timeline = _built(events)
    assert any("etilqs_" in name for name in _open_files())  # SQLite's (deleted) temporary file holds them
    records = list(timeline.events)
    assert len(records) == 20000
    assert records == sorted(events, key=lambda e: (e.day, e.path))
    assert [d.instruction_files for d in timeline.days()] == [4000] * 5


def test_cycles_take_the_first_return_inside_the_window_only():
    events = [
        _event("i/a.txt", 1, "instruction", ("A",)),
        _event("w/a1.png", 2, "work", ("A",)),
        _event("w/a2.png", 3, "work", ("A",)),  # a second return: the first one counts
        _event("i/b.txt", 1, "instruction", ("B",)),
        _event("w/b.png", 5, "work", ("B",)),  # four days later: too late
        _event("i/c.txt", 3, "instruction", ("C",)),
        _event("w/c.png", 3, "work", ("C",)),  # the same day: not a return
        _event("w/c2.png", 5, "work", ("C",)),
    ]
    cadence = find_cycles(_built(events))
    assert [(c.cut, c.instructed.day, c.returned.day, c.return_paths) for c in cadence.cycles] == [
        ("A", 1, 2, ("w/a1.png",)),
        ("C", 3, 5, ("w/c2.png",)),
    ]
    assert cadence.instructed_cuts == 3
    later = find_cycles(_built(events), min_lag=2, max_lag=2)  # a return after one day is skipped, not final
    assert [(c.cut, c.returned.day) for c in later.cycles] == [("A", 3), ("C", 5)]


def test_one_return_closes_each_earlier_day_of_its_cut_with_that_days_paths_and_pairs():
    """The first pass keeps a waiting instruction as its cut's pair count only: the paths and texts of each cycle
    come from its own instructed and returned days."""
    first = RelayText("眼睛要再大一点", "눈을 좀 더 크게 그리십시오", 0.9)
    second = RelayText("线条要干净", "선을 깨끗하게 하십시오", 0.8)
    events = [
        _event("d1/a_notes.txt", 1, "instruction", ("A",), pairs=[first]),
        _event("d1/a_sheet.txt", 1, "instruction", ("A", "B")),
        _event("d2/a_notes.txt", 2, "instruction", ("A",), pairs=[second]),
        _event("d2/b_done.png", 2, "work", ("B",)),
        _event("d3/a_done.png", 3, "work", ("A",)),
        _event("d3/a_done2.png", 3, "work", ("A",)),
        _event("d4/a_late.png", 4, "work", ("A",)),  # both instructions closed the day before: no cycle
    ]
    cadence = find_cycles(_built(events))
    assert [
        (c.cut, c.instructed.day, c.returned.day, c.relay_pairs, c.instruction_paths, c.return_paths, c.pairs)
        for c in cadence.cycles
    ] == [
        ("A", 1, 3, 1, ("d1/a_notes.txt", "d1/a_sheet.txt"), ("d3/a_done.png", "d3/a_done2.png"), (first,)),
        ("A", 2, 3, 1, ("d2/a_notes.txt",), ("d3/a_done.png", "d3/a_done2.png"), (second,)),
        ("B", 1, 2, 0, ("d1/a_sheet.txt",), ("d2/b_done.png",), ()),
    ]
    assert cadence.instructed_cuts == 3 and cadence.cycle_days == (date(2024, 1, 1), date(2024, 1, 2))


@pytest.mark.parametrize("cached", [False, True])
def test_a_scan_read_from_another_thread_keeps_its_timeline(dump, tmp_path, cached):
    options = ScanOptions(cache=str(tmp_path / "cache.sqlite") if cached else None)
    batches = Pipeline(options).batches([str(dump.root)])
    results = [next(batches)]  # the timeline's store is opened here, in this thread

    def take_the_rest() -> None:
        results.extend(batches)

    reader = threading.Thread(target=take_the_rest)
    reader.start()
    reader.join()
    assert results[-1].days and [f.rule for f in results[-1].findings] == ["relay.batch-cadence"]

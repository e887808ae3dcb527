"""A hostile delivery cannot crash, blind or exhaust the scanner (issue 22: extraction and input files).

Every input is built in code (tests/hostile_fixtures.py). Time and memory figures live in
bench/hostile_bench.py; these tests prove the behaviour: each hostile file becomes an error or skipped row
naming the limit it hit, and the notes of every other file are still read.
"""

from __future__ import annotations

import json
import os
import pathlib
import socket
import threading
import time
import unicodedata
import zipfile
from datetime import date

import pytest
from extract_helpers import extract, notes
from hostile_fixtures import (
    RELAY_KO,
    RELAY_ZH,
    argosmodel_bomb,
    clip_chain,
    deep_xstage,
    dump_with_every_hostile_input,
    nested_shared_bomb,
    nested_xml,
    relay_note,
    sevenzip_of_empty_files,
    sevenzip_with_names,
    sparse_nul_file,
    xlsx_with_doctype_comment,
    xlsx_with_far_cells,
    zip_of,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.discover import Skipped, file_batches, walk_batches
from analyzer.extract import MAX_LOCATOR_CHARS, Limits, extract_bytes, extract_file
from analyzer.extract.base import Extractor, Note
from analyzer.extract.xmltree import MAX_DEPTH
from analyzer.timeline.dating import file_day, mtime_day

YEAR_318857 = 1e13  # seconds since the epoch: what tmpfs, btrfs, XFS and NFS can hold and `datetime` cannot


# -- parts a reader refuses ------------------------------------------------------------------------------------


def test_a_comments_part_the_parser_refuses_makes_the_workbook_an_error_row():
    [extraction] = extract("retakes.xlsx", xlsx_with_doctype_comment())
    assert extraction.row.status == "error"
    assert "xl/comments" in extraction.row.error and "unsafe XML refused" in extraction.row.error


# -- dates no calendar holds -----------------------------------------------------------------------------------


def test_an_mtime_out_of_the_calendar_leaves_the_file_undated():
    assert mtime_day(YEAR_318857) is None and mtime_day(float("nan")) is None and mtime_day(-1e15) is None
    assert file_day("d/inbox/a.json", None, [], YEAR_318857) is None
    assert file_day("d/2024-01-05/a.json", None, [], YEAR_318857) == (date(2024, 1, 5), "name")  # other evidence
    assert mtime_day(1704456000.0) == date(2024, 1, 5) and mtime_day(None) is None


def test_a_unit_whose_file_has_an_out_of_range_mtime_is_analysed_not_lost(tmpfs_path):
    from analyzer.run.analyze import analyze_units

    path = tmpfs_path / "c001_notes.txt"
    path.write_bytes(relay_note("C001"))
    os.utime(path, (YEAR_318857, YEAR_318857))
    [[ref]] = list(walk_batches([str(tmpfs_path)]))
    assert ref.mtime == YEAR_318857
    [result] = analyze_units([[ref]], Limits())
    assert [row.status for row in result.files] == ["ok"]
    assert [f.rule for f in result.findings] == ["relay.zh-ko-pair"]
    assert result.events == ()  # undated: on no day of the timeline


@pytest.fixture
def tmpfs_path():
    """A folder on tmpfs, which keeps a year-318857 mtime (ext4 clamps it to 2446)."""
    import shutil
    import tempfile

    if not (os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK)):
        pytest.skip("no tmpfs at /dev/shm")
    folder = tempfile.mkdtemp(prefix="analyzer-test-", dir="/dev/shm")
    yield pathlib.Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


# -- 7z members read by index ----------------------------------------------------------------------------------


def test_7z_members_are_read_by_index_whatever_their_names():
    data = sevenzip_with_names(
        [
            ("../x.txt", RELAY_ZH.encode()),
            ("dup1.txt", b"relay note"),
            ("dup1.txt", b"decoy"),  # same name, other content: two rows, each its own
            ("dir//x.txt", b"slashes"),
            ("./y.txt", b"dot"),
            ("/abs/z.txt", b"absolute"),
        ]
    )
    rows = extract("names.7z", data)
    assert [e.row.status for e in rows] == ["ok"] * 7
    assert [(e.row.member, [c.text for c in e.comments]) for e in rows[1:]] == [
        ("%2E%2E/x.txt", [RELAY_ZH]),
        ("dup1.txt", ["relay note"]),
        ("dup1.txt", ["decoy"]),
        ("dir/x.txt", ["slashes"]),
        ("y.txt", ["dot"]),
        ("%2Fabs/z.txt", ["absolute"]),
    ]


def test_7z_members_are_handed_over_one_by_one_and_the_extraction_stops_with_the_reader():
    from analyzer.extract.base import ReadContext
    from analyzer.extract.budget import file_budget
    from analyzer.extract.formats.sevenzip import read_7z

    data = sevenzip_with_names([(f"c{i:03d}.txt", relay_note(f"C{i:03d}")) for i in range(5)])
    with file_budget(Limits(), len(data)):
        reader = read_7z(data, ReadContext(Limits()))
        first = next(reader)
        assert first.name == "c000.txt" and first.data == relay_note("C000")
        reader.close()  # a limit stopped the scan of this archive: the extraction thread must end too
    assert not any(t.name == "analyzer-7z" and t.is_alive() for t in threading.enumerate())


def test_a_7z_header_listing_millions_of_members_is_refused_before_they_are_listed():
    started = time.perf_counter()
    [extraction] = extract("many.7z", sevenzip_of_empty_files(2_000_000))
    assert extraction.row.status == "error" and "2000000 members" in extraction.row.error
    assert "--max-members" in extraction.row.error
    assert time.perf_counter() - started < 20  # py7zr listing them took minutes and 4 GB


# -- locators that repeat their path ---------------------------------------------------------------------------


def test_deep_xml_is_read_to_the_depth_cap_with_short_locators():
    [extraction] = extract("deep.xml", nested_xml(30_000))
    assert extraction.row.status == "error" and f"deeper than {MAX_DEPTH} elements" in extraction.row.error
    assert len(extraction.comments) == MAX_DEPTH  # the notes above the cap are kept
    assert max(len(c.locator) for c in extraction.comments) < 40
    assert extraction.comments[-1].locator.startswith("/e/…/e/e")


def test_a_deep_harmony_scene_keeps_its_notes_above_the_cap():
    [extraction] = extract("deep.xstage", deep_xstage(20_000))
    assert extraction.row.status == "error" and "nested deeper" in extraction.row.error
    texts = {c.text for c in extraction.comments}
    assert {"节点0", "节点1"} <= texts and "节点19999" not in texts
    assert max(len(c.locator) for c in extraction.comments) <= MAX_LOCATOR_CHARS


def test_a_chain_of_clip_layers_gets_short_locators():
    [extraction] = extract("chain.clip", clip_chain(2_000))
    assert extraction.row.status == "ok" and len(extraction.comments) == 2_000
    assert max(len(c.locator) for c in extraction.comments) <= MAX_LOCATOR_CHARS
    last = extraction.comments[-1].locator
    assert last.startswith('layer "…/') and last.endswith('2000"')


def test_a_deep_json_pointer_keeps_its_innermost_steps():
    doc: object = {"note": RELAY_ZH}
    for level in range(500):
        doc = {f"k{level}": doc}
    [extraction] = extract("deep.json", json.dumps(doc).encode())
    [comment] = extraction.comments
    assert comment.locator.startswith("/k499/…/") and comment.locator.endswith("/k1/k0/note")


# -- small files within the size limits ------------------------------------------------------------------------


def test_a_sheet_with_one_cell_in_the_last_column_is_read_sparsely():
    [extraction] = extract("wide.xlsx", xlsx_with_far_cells(20_000))
    assert extraction.row.status == "ok"
    assert [(c.locator, c.text) for c in extraction.comments] == [("Wide!XFD1", f"{RELAY_ZH} {RELAY_KO}")]


def test_nul_only_text_is_skipped_as_binary_and_nul_padded_text_is_read():
    [extraction] = extract("sparse.txt", bytes(1 << 20))
    assert extraction.row.status == "skipped" and "binary, not text" in extraction.row.error
    padded = bytes(1 << 20) + relay_note("C001") + bytes(1 << 20)
    [extraction] = extract("c001_notes.txt", padded)
    assert extraction.row.status == "ok" and "NUL padding removed" in extraction.row.encoding
    assert [c.text for c in extraction.comments] == [f"C001 {RELAY_ZH}", f"C001 {RELAY_KO}"]


def test_a_text_file_of_blank_lines_costs_no_note():
    [extraction] = extract("blank.txt", b"\n" * (8 << 20) + RELAY_ZH.encode())
    assert [(c.locator, c.text) for c in extraction.comments] == [(f"line {(8 << 20) + 1}", RELAY_ZH)]


def test_lines_are_numbered_as_splitlines_numbers_them():
    text = "a\r\nb\rc\x0bd\x1ce\u2028\n\n f \r\n\r\ng"
    data = text.encode()
    expected = [(f"line {n}", line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    assert notes("a.txt", data) == expected


@pytest.mark.parametrize(
    ("limits", "reason", "kept"),
    [
        (Limits(max_notes_per_file=3), "more than 3 notes: the first 3 were read", 3),
        (Limits(max_chars_per_file=25), "more than 25 characters of notes", 4),  # the 4th cut at the 25th
        (Limits(max_note_chars=5), "cut at 5 characters (--max-note-chars)", 10),
    ],
)
def test_note_budgets_keep_the_first_notes_and_the_row_says_what_was_cut(limits, reason, kept):
    data = "".join(f"第{i}条 头太大了\n" for i in range(10)).encode()
    [extraction] = extract("c001_notes.txt", data, limits)
    assert extraction.row.status == "error" and reason in extraction.row.error
    assert extraction.row.error.endswith(")") and "--max-" in extraction.row.error  # names the flag
    assert len(extraction.comments) == kept == extraction.row.comments
    assert extraction.comments[0].text.startswith("第0")


def test_the_compression_budget_counts_along_the_nesting_path():
    data = nested_shared_bomb()  # 200 entries sharing an inner zip whose members expand 150:1: each ratio < 200
    rows = [e.row for e in extract("shared.zip", data)]
    refused = [r for r in rows if r.error and "counted over all nested archives" in r.error]
    assert refused and "--max-compression-ratio" in refused[0].error
    expanded = sum(r.size for r in rows[1:] if r.status == "ok" or "text" in (r.error or ""))
    assert expanded < 210 * len(data)  # stopped near the 200:1 budget of the outer file, not 200 x 15 MB
    assert len(rows) < 100


def test_the_archive_size_limit_counts_bytes_expanded_over_all_nested_archives():
    inner = zip_of({f"part{i}.txt": relay_note(f"C{i:03d}") * 2000 for i in range(4)}, zipfile.ZIP_STORED)
    data = zip_of({f"copy{i}.zip": inner for i in range(4)}, zipfile.ZIP_STORED)
    rows = [e.row for e in extract("copies.zip", data, Limits(max_archive_bytes=3 * len(inner)))]
    refused = [r for r in rows if r.error and "over all nested archives" in r.error]
    assert refused and "--max-archive-size" in refused[0].error
    assert sum(r.size for r in rows if r.status == "ok" and r.member and r.member.count("!") == 1) <= 3 * len(inner)


# -- files that are not regular, or change under the scan ------------------------------------------------------


def test_discovery_skips_fifos_sockets_and_links_to_them(tmp_path):
    (tmp_path / "c001_notes.txt").write_bytes(relay_note("C001"))
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "link.txt").symlink_to("pipe.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "sock.txt"))
    try:
        items = [item for batch in walk_batches([str(tmp_path)]) for item in batch]
    finally:
        listener.close()
    reasons = {os.path.basename(i.path): i.reason for i in items if isinstance(i, Skipped)}
    assert reasons == {
        "link.txt": "a FIFO, not a regular file",
        "pipe.txt": "a FIFO, not a regular file",
        "sock.txt": "a socket, not a regular file",
    }
    [given] = next(walk_batches([str(tmp_path / "pipe.txt")]))
    assert isinstance(given, Skipped) and "FIFO" in given.reason
    [device] = next(walk_batches(["/dev/zero"]))
    assert isinstance(device, Skipped) and device.reason == "a device, not a regular file"


def test_a_symlink_is_read_through_its_target_inside_the_root_only(tmp_path):
    (tmp_path / "dump").mkdir()
    (tmp_path / "dump" / "real.txt").write_bytes(relay_note("C001"))
    (tmp_path / "outside.txt").write_bytes(b"secret")
    (tmp_path / "dump" / "inside_link.txt").symlink_to("real.txt")
    (tmp_path / "dump" / "outside_link.txt").symlink_to(tmp_path / "outside.txt")
    items = {os.path.basename(i.path): i for batch in walk_batches([str(tmp_path / "dump")]) for i in batch}
    assert items["inside_link.txt"].fs_path == str((tmp_path / "dump" / "real.txt").resolve())
    assert isinstance(items["outside_link.txt"], Skipped)
    # A file named on the command line, or by a shell glob over the delivery, is held to its own folder.
    [given] = next(walk_batches([str(tmp_path / "dump" / "outside_link.txt")]))
    assert isinstance(given, Skipped) and "outside" in given.reason
    # The hook's and git's lists: a link out of the repository is skipped.
    listed = [
        i
        for batch in file_batches(
            [("outside_link.txt", str(tmp_path / "dump" / "outside_link.txt"))], str(tmp_path / "dump")
        )
        for i in batch
    ]
    assert isinstance(listed[0], Skipped)


@pytest.mark.parametrize("swap", ["fifo", "symlink", "gone", "folder"])
def test_a_file_swapped_after_discovery_is_an_error_row_not_a_hang(tmp_path, swap):
    path = tmp_path / "c001_notes.txt"
    path.write_bytes(relay_note("C001"))
    [ref] = next(walk_batches([str(tmp_path)]))
    path.unlink()
    if swap == "fifo":
        os.mkfifo(path)
    elif swap == "symlink":
        path.symlink_to("/etc/passwd")
    elif swap == "folder":
        path.mkdir()
    result: list = []
    reader = threading.Thread(target=lambda: result.extend(extract_file(ref)), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading hung"
    [extraction] = result
    said = {"fifo": "a FIFO", "symlink": "replaced by a symlink", "gone": "No such file", "folder": "a folder"}[swap]
    assert extraction.row.status == "error" and said in extraction.row.error and not extraction.comments


def test_a_folder_swapped_for_a_link_out_of_the_root_is_an_error_row(tmp_path):
    (tmp_path / "dump" / "ep01").mkdir(parents=True)
    (tmp_path / "dump" / "ep01" / "c001_notes.txt").write_bytes(relay_note("C001"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "c001_notes.txt").write_bytes(relay_note("C001"))
    [[ref]] = list(walk_batches([str(tmp_path / "dump")]))
    (tmp_path / "dump" / "ep01").rename(tmp_path / "old")
    (tmp_path / "dump" / "ep01").symlink_to(tmp_path / "elsewhere")
    [extraction] = extract_file(ref)
    assert extraction.row.status == "error" and "outside the scanned root" in extraction.row.error


def test_the_file_discovery_found_is_read_without_asking_where_it_is_and_any_other_is_checked(tmp_path, monkeypatch):
    (tmp_path / "dump" / "ep01").mkdir(parents=True)
    note = tmp_path / "dump" / "ep01" / "c001_notes.txt"
    note.write_bytes(relay_note("C001"))
    [[ref]] = list(walk_batches([str(tmp_path / "dump")]))
    assert (ref.device, ref.inode) == (note.stat().st_dev, note.stat().st_ino)
    asked: list[str] = []
    readlink = os.readlink
    monkeypatch.setattr(os, "readlink", lambda path: asked.append(path) or readlink(path))
    [extraction] = extract_file(ref)
    assert extraction.row.status == "ok" and extraction.comments and asked == []
    # Another file in its place (same size and time, a new inode) is looked up by the kernel's name, as before.
    stat = note.stat()
    note.rename(tmp_path / "dump" / "ep01" / "old.txt")
    note.write_bytes(relay_note("C001"))
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    [extraction] = extract_file(ref)
    assert extraction.row.status == "ok" and extraction.comments and len(asked) == 1


# -- the per-file clock ----------------------------------------------------------------------------------------


def _stalling(kind: str):
    def read(data: bytes, ctx):
        yield Note("line 1", RELAY_ZH)
        while True:  # a reader stuck on hostile bytes: busy, or yielding notes now and then
            if kind == "yielding":
                time.sleep(0.01)
                yield Note("line 2", "again")

    return Extractor(name="stall", suffixes=(".stall",), read=read)


@pytest.fixture
def stalling_format(monkeypatch):
    import analyzer.extract as extract_module

    def use(kind: str) -> None:
        monkeypatch.setattr(
            extract_module,
            "find_extractor",
            lambda name, head=b"": _stalling(kind) if name.endswith(".stall") else real(name, head),
        )

    real = extract_module.find_extractor
    return use


def test_the_clock_stops_a_stalled_reader_and_keeps_what_it_read(stalling_format):
    stalling_format("busy")
    started = time.perf_counter()
    [extraction] = extract_bytes("c001.stall", None, b"x", Limits(max_seconds_per_file=0.5), depth=0)
    assert time.perf_counter() - started < 5
    assert extraction.row.status == "error" and "0.5-second limit (--max-seconds-per-file)" in extraction.row.error
    assert [c.text for c in extraction.comments] == [RELAY_ZH]


def test_the_clock_runs_in_threads_too_where_no_signal_can_reach(stalling_format):
    stalling_format("yielding")
    result: list = []
    reader = threading.Thread(
        target=lambda: result.extend(extract_bytes("a.stall", None, b"x", Limits(max_seconds_per_file=0.5), 0))
    )
    reader.start()
    reader.join(10)
    [extraction] = result
    assert extraction.row.status == "error" and "--max-seconds-per-file" in extraction.row.error


def test_a_stalled_member_is_an_error_row_and_the_archive_goes_on_with_its_own_clock(stalling_format):
    stalling_format("busy")
    data = zip_of({"a/c001_notes.txt": relay_note("C001"), "b/c002.stall": b"x", "c/c003_notes.txt": relay_note("C3")})
    started = time.perf_counter()
    rows = list(extract_bytes("d.zip", None, data, Limits(max_seconds_per_file=0.5), depth=0))
    assert time.perf_counter() - started < 5
    by_member = {e.row.member: e for e in rows}
    assert by_member[None].row.status == "ok"  # the archive's clock stopped while its member was read
    assert (
        by_member["b/c002.stall"].row.status == "error"
        and "--max-seconds-per-file" in by_member["b/c002.stall"].row.error
    )
    assert [c.text for c in by_member["b/c002.stall"].comments] == [RELAY_ZH]  # what it read before
    assert [r.row.status for r in rows if r.row.member and r.row.member.endswith("_notes.txt")] == ["ok", "ok"]


def test_members_that_each_take_most_of_the_time_do_not_add_up_to_the_archive_limit(monkeypatch):
    import analyzer.extract as extract_module

    def slow_notes(data: bytes, ctx):
        time.sleep(0.3)
        yield Note("line 1", data.decode())

    real = extract_module.find_extractor
    slow = Extractor(name="slow", suffixes=(".slow",), read=slow_notes)
    monkeypatch.setattr(extract_module, "find_extractor", lambda n, h=b"": slow if n.endswith(".slow") else real(n, h))
    data = zip_of({f"m{i}.slow": f"note {i}".encode() for i in range(5)})  # 1.5 s of members, 0.5 s each allowed
    rows = [e.row for e in extract_bytes("d.zip", None, data, Limits(max_seconds_per_file=0.5), depth=0)]
    assert [r.status for r in rows] == ["ok"] * 6


def test_the_clock_leaves_no_alarm_behind(stalling_format):
    import signal

    stalling_format("busy")
    before = signal.getsignal(signal.SIGALRM)
    list(extract_bytes("c.stall", None, b"x", Limits(max_seconds_per_file=0.2), depth=0))
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_chunk_of_units_keeps_one_clock_handler_and_cuts_only_the_stalled_file(stalling_format, tmp_path):
    """A worker's chunk installs the SIGALRM handler once (analyze_units); each file still has its own clock."""
    import signal

    from analyzer.run.analyze import analyze_units

    stalling_format("busy")
    for cut, name in (("c001", "c001_notes.txt"), ("c002", "c002.stall"), ("c003", "c003_notes.txt")):
        (tmp_path / cut).mkdir()
        (tmp_path / cut / name).write_bytes(relay_note(cut.upper()) if name.endswith(".txt") else b"x")
    units = [unit for batch in walk_batches([str(tmp_path)]) for unit in [[ref] for ref in batch]]
    before = signal.getsignal(signal.SIGALRM)
    started = time.perf_counter()
    results = analyze_units(units, Limits(max_seconds_per_file=0.5))
    assert time.perf_counter() - started < 10
    rows = {os.path.basename(row.path): row for result in results for row in result.files}
    assert rows["c002.stall"].status == "error" and "--max-seconds-per-file" in rows["c002.stall"].error
    assert rows["c001_notes.txt"].status == rows["c003_notes.txt"].status == "ok"
    assert all(result.comments for result in results)  # the stalled file's first note is kept too
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_clock_left_running_after_a_file_never_rings_outside_a_file(tmp_path):
    """Within a chunk the timer set for one file is left running for the next (arming it costs a system call); when
    it fires after its file, between files or in the analysis, nothing is cut, and the next file still has its clock."""
    import signal

    from analyzer.extract.budget import alarm_handler

    limits = Limits(max_seconds_per_file=0.2)
    with alarm_handler():
        [first] = extract_bytes("c001_notes.txt", None, relay_note("C001"), limits, depth=0)
        started = time.perf_counter()
        while time.perf_counter() - started < 0.5:  # busy past the first file's deadline, as the analysis may be
            pass
        [second] = extract_bytes("c002_notes.txt", None, relay_note("C002"), limits, depth=0)
    assert first.row.status == second.row.status == "ok" and first.comments and second.comments
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# -- limits given on the command line --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--max-compression-ratio", "nan"),
        ("--max-compression-ratio", "inf"),
        ("--max-compression-ratio", "0.5"),
        ("--max-file-size", "0"),
        ("--max-archive-size", "0K"),
        ("--max-members", "0"),
        ("--max-archive-depth", "-1"),
        ("--max-notes-per-file", "0"),
        ("--max-note-chars", "1e400"),
        ("--max-chars-per-file", "nan"),
        ("--max-seconds-per-file", "0"),
        ("--max-seconds-per-file", "nan"),
    ],
)
def test_a_limit_that_would_silently_mean_something_else_is_a_usage_error(tmp_path, cli, flag, value):
    result = cli("scan", str(tmp_path), flag, value)
    assert result.returncode == 2 and flag in result.stderr and "Traceback" not in result.stderr


def test_limits_refuse_nan_and_zero_in_the_library_too():
    for bad in ({"max_compression_ratio": float("nan")}, {"max_file_bytes": 0}, {"max_seconds_per_file": 0}):
        with pytest.raises(ValueError, match="Limits.max_"):
            Limits(**bad)
    assert Limits(max_archive_depth=0).max_archive_depth == 0


def test_new_limit_flags_reach_the_extraction(tmp_path, cli):
    (tmp_path / "c001_notes.txt").write_bytes(relay_note("C001") * 3)
    result = cli("scan", str(tmp_path), "--format", "json", "--max-notes-per-file", "2")
    [row] = json.loads(result.stdout)["files"]
    assert row["status"] == "error" and "more than 2 notes" in row["error"] and row["comments"] == 2


# -- models and watchlists -------------------------------------------------------------------------------------


def test_models_install_refuses_a_package_bomb_before_writing_anything(tmp_path):
    from conftest import run_python

    package = tmp_path / "bomb.argosmodel"
    argosmodel_bomb(str(package), 64 << 20)
    target = tmp_path / "translate"
    result = run_python(
        "-m", "analyzer", "models", "install", str(package), env={"ANALYZER_TRANSLATE_DIR": str(target)}
    )
    assert result.returncode == 2 and "refused" in result.stderr and "Traceback" not in result.stderr
    assert "compression ratio" in result.stderr or "expands" in result.stderr
    assert not target.exists() or not any(target.rglob("*"))


def test_a_watchlist_name_cannot_inject_rows(tmp_path, cli):
    entity = {
        "id": "x",
        "schema": "Organization",
        "properties": {"name": ["SEK Studio\nEVIL\tinjected\tprimary\tforged source\r\nMORE"], "country": ["kp"]},
    }
    source = tmp_path / "ftm.json"
    source.write_text(json.dumps(entity), encoding="utf-8")
    target = tmp_path / "imported.tsv"
    result = cli("watchlist", "import", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in target.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert rows == [["SEK Studio EVIL injected primary forged source MORE"] * 2 + ["primary", rows[0][3]]]


MALFORMED_WATCHLISTS = {
    "empty.csv": b"",
    "binary.csv": bytes(range(256)) * 4,
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
    "entities_not_a_list.json": b'{"entities": 5}',
    "properties_of_the_wrong_type.json": json.dumps(
        [{"id": "a", "schema": "Company", "properties": {"name": 5, "country": ["kp"], "sanctions": 3}}]
    ).encode(),
    "wrong_encoding.json": b'\xff\xfe{"entities": [' + b"\xff" * 100,
    "huge_field.csv": b'1,"' + b"a" * 200_000 + b'"\n',
    "superscript_uid.csv": ",".join(["\u00b2", "SEK", *["-0-"] * 10]).encode(),
    "half_json.json": b'{"schema": "Company", "properties": ',
    "nul.csv": b"1,\x00\x00\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED_WATCHLISTS))
def test_every_malformed_watchlist_file_is_a_usage_error_with_a_message(tmp_path, cli, name):
    path = tmp_path / name
    path.write_bytes(MALFORMED_WATCHLISTS[name])
    result = cli("watchlist", "import", str(path), "-o", str(tmp_path / "out.tsv"))
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.strip()


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_watchlist_file_that_is_not_a_regular_file_is_refused_at_once(tmp_path, cli, special):
    path = str(tmp_path / "pipe.csv") if special == "fifo" else special
    if special == "fifo":
        os.mkfifo(path)
    result = cli("watchlist", "import", path, "-o", str(tmp_path / "out.tsv"))
    assert result.returncode == 2 and "not a regular file" in result.stderr


# -- the whole delivery ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "sarif", "html"])
def test_a_delivery_holding_every_hostile_input_scans_to_the_end_in_every_format(hostile_dump, fmt):
    import subprocess
    import sys

    from conftest import ROOT

    root, _ = hostile_dump
    result = subprocess.run(
        [sys.executable, "-m", "analyzer", "scan", root, "--format", fmt, "--jobs", "2"],
        cwd=ROOT,
        capture_output=True,
        timeout=240,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "400"},
    )
    assert result.returncode == 1, result.stderr.decode(errors="replace")  # findings, not a failed scan
    out = result.stdout
    for cut in ("c001", "c002", "c010"):  # every ordinary sketch's relay pair is reported
        assert f"{cut}_notes.txt".encode() in out or f"{cut.upper()} {RELAY_ZH}".encode() in out, cut
    if fmt == "json":
        report = json.loads(out)
        rows = {r["path"]: r for r in report["files"] if r["member"] is None}
        for path, said in hostile_dump[1].items():
            assert path in rows, path
            assert said in (rows[path]["error"] or "") or any(
                said in (r["error"] or "") for r in report["files"] if r["path"] == path
            ), (path, rows[path])


@pytest.fixture(scope="module")
def hostile_dump(tmp_path_factory):
    """The delivery of dump_with_every_hostile_input (smaller sizes), on tmpfs when there is one."""
    import shutil
    import tempfile

    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    base = tempfile.mkdtemp(prefix="hostile-", dir=shm) if shm else str(tmp_path_factory.mktemp("hostile"))
    root = os.path.join(base, "dump")
    expected = dump_with_every_hostile_input(root, full=False)
    yield root, expected
    shutil.rmtree(base, ignore_errors=True)


def test_the_sparse_file_builder_makes_a_hole(tmp_path):
    path = tmp_path / "sparse.txt"
    sparse_nul_file(str(path), 64 << 20)
    assert path.stat().st_size == 64 << 20 and path.stat().st_blocks * 512 < 1 << 20


_KEYS = ["id", "schema", "properties", "name", "alias", "sanctions", "datasets", "entity", "program", "country"]
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=3), inner),
    max_leaves=12,
)
_SDN_ROW = st.lists(st.text(max_size=6) | st.sampled_from(["34022", "²", "DPRK3", "-0-", "Linked To: X."]), max_size=13)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(document=_JSON, everything=st.booleans())
def test_the_ftm_importer_gives_rows_or_a_reason_for_any_json(document, everything):
    _rows_or_reason(json.dumps(document).encode(), everything)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(_SDN_ROW, min_size=1, max_size=4), everything=st.booleans())
def test_the_sdn_importer_gives_rows_or_a_reason_for_any_csv(rows, everything):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    _rows_or_reason(out.getvalue().encode(), everything)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=200))
def test_the_importers_give_rows_or_a_reason_for_any_bytes(data):
    _rows_or_reason(data, True)


def _rows_or_reason(data: bytes, everything: bool) -> None:
    from analyzer.watchlist.importers import ImportError_, read_watchlist_files

    try:
        rows = read_watchlist_files([("file", data)], everything)
    except ImportError_ as err:
        assert str(err)
        return
    for row in rows:  # each value stays one cell of one TSV row, in UTF-8, spelled as notes are read
        for value in (row.entity, row.name, row.form, row.source):
            assert not {unicodedata.category(c) for c in value} & {"Cc", "Cf", "Zl", "Zp", "Cs"}, repr(value)
            value.encode("utf-8")

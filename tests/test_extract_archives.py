"""Archives: legacy member names, nesting, and the guards (bombs, traversal names, links, limits)."""

from __future__ import annotations

import io
import os
import random
import tarfile
import zipfile

import py7zr
import pytest
from archive_fixtures import tar_of, zip_of, zip_with_offsets_shifted, zip_with_raw_names, zip_with_shared_data
from extract_helpers import extract, notes

import analyzer
from analyzer.extract import Limits


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("gbk", "修改意见/镜头012备注.txt"),
        ("cp949", "리테이크/수정사항.txt"),
        ("big5", "修改意見/備註.txt"),
        ("cp437", "notes/café.txt"),
        ("utf-8", "修改意见/备注.txt"),  # UTF-8 bytes without the UTF-8 flag (7-Zip on Linux)
    ],
)
def test_zip_member_names_in_legacy_encodings(codec, name):
    data = zip_with_raw_names([(name.encode(codec), "头太大了".encode())])
    rows = [e.row for e in extract("delivery.zip", data)]
    assert [r.member for r in rows] == [None, name]
    assert rows[1].status == "ok"


def test_zip_names_from_two_tools_are_decoded_one_by_one():
    data = zip_with_raw_names([("修改意见.txt".encode("gbk"), b"a b"), ("수정사항.txt".encode("cp949"), b"c d")])
    assert [e.row.member for e in extract("mixed.zip", data)][1:] == ["修改意见.txt", "수정사항.txt"]


def test_findings_name_the_archive_and_the_member(tmp_path):
    note = "头太大了，请缩小一点\n머리가 너무 큽니다. 조금 줄여주십시오.\n".encode()
    inner = zip_of({"c001/c001_notes.txt": note})
    (tmp_path / "delivery.tar.gz").write_bytes(tar_of({"ep01/inner.zip": inner}))
    report = analyzer.scan([str(tmp_path)])
    [finding] = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    assert finding.path.endswith("delivery.tar.gz")
    assert finding.member == "ep01/inner.zip!c001/c001_notes.txt"


def test_nesting_stops_at_the_depth_limit():
    data = zip_of({"note.txt": "眼睛太大".encode()})
    for level in range(3):
        data = zip_of({f"level{level}.zip": data})
    rows = [e.row for e in extract("deep.zip", data, Limits(max_archive_depth=2))]
    assert rows[-1].member == "level2.zip!level1.zip!level0.zip" and rows[-1].status == "skipped"
    assert "nested too deeply" in rows[-1].error
    deep_note = ("level2.zip!level1.zip!level0.zip!note.txt:line 1", "眼睛太大")
    assert deep_note in notes("deep.zip", data, Limits(max_archive_depth=4))


def test_zip_bomb_by_ratio_is_an_error_row_and_the_rest_is_read():
    data = zip_of({"bomb.txt": b"\0" * (20 * 1024 * 1024), "note.txt": "眼睛太大".encode()})
    rows = {e.row.member: e.row for e in extract("bomb.zip", data)}
    assert rows["bomb.txt"].status == "error" and "compression ratio" in rows["bomb.txt"].error
    assert rows["note.txt"].status == "ok" and rows["note.txt"].comments == 1


def test_zip_bomb_by_total_size_stops_reading_the_archive():
    members = {f"part{i}.txt": (b"a" * 79 + b"\n") * 5_000 for i in range(10)}
    data = zip_of(members, compression=zipfile.ZIP_STORED)
    rows = [e.row for e in extract("big.zip", data, Limits(max_archive_bytes=1_000_000))]
    assert [r.status for r in rows] == ["ok", "ok", "ok", "error"]  # the archive, two parts, then the refusal
    assert rows[-1].member == "part2.txt" and "total limit" in rows[-1].error
    assert [r.size for r in rows[1:3]] == [400_000, 400_000]  # members read whole, not cut to what is left


def test_tgz_bomb_is_refused_without_expanding_it():
    data = tar_of({"zeros.txt": b"\0" * (30 * 1024 * 1024)})
    rows = [e.row for e in extract("bomb.tgz", data)]
    assert rows[1].status == "error" and "compression ratio" in rows[1].error


def test_oversized_member_is_skipped_with_the_limit():
    data = zip_of({"big.txt": b"x y " * 50_000, "small.txt": b"hello there"})
    rows = {e.row.member: e.row for e in extract("a.zip", data, Limits(max_file_bytes=100_000))}
    assert rows["big.txt"].status == "skipped" and "100000-byte limit" in rows["big.txt"].error
    assert rows["small.txt"].status == "ok"


def test_traversal_names_are_escaped_and_never_touch_the_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = ["../../etc/passwd.txt", "/etc/shadow.txt", "C:\\Windows\\notes.txt", "ok/../../../x.txt"]
    data = zip_of({name: "眼睛太大".encode() for name in names})
    members = [e.row.member for e in extract("evil.zip", data)][1:]
    assert members == [
        "%2E%2E/%2E%2E/etc/passwd.txt",
        "%2Fetc/shadow.txt",
        "C%3A/Windows/notes.txt",
        "ok/%2E%2E/%2E%2E/%2E%2E/x.txt",
    ]
    assert all(not os.path.isabs(m) and ".." not in m.split("/") for m in members)
    assert os.listdir(tmp_path) == []


def test_symlink_members_are_ignored():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("passwd.txt")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    rows = [e.row for e in extract("links.zip", buffer.getvalue())]
    assert rows[1].status == "skipped" and "symlink" in rows[1].error
    tar_rows = [e.row for e in extract("links.tar", tar_of({}, mode="w", links={"up.txt": "../../etc/passwd"}))]
    assert tar_rows[1].status == "skipped" and "link member ignored" in tar_rows[1].error


def test_7z_members_are_read_in_memory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        archive.writestr("眼睛太大了".encode("gb18030"), "notes/c1.txt")
        archive.writestr(b'{"notes": ["head too big please"]}', "c1.json")
    found = notes("a.7z", buffer.getvalue())
    assert ("notes/c1.txt:line 1", "眼睛太大了") in found
    assert ("c1.json:/notes/0", "head too big please") in found
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["broken.zip", "broken.tar", "broken.tgz", "broken.7z"])
def test_broken_archives_are_error_rows(name):
    [extraction] = extract(name, b"PK\x03\x04garbage" if name.endswith("zip") else b"\x1f\x8b\x08garbage")
    assert extraction.row.status == "error" and extraction.row.error


def test_cli_limit_flags_reach_the_extractors(tmp_path, cli):
    (tmp_path / "a.zip").write_bytes(zip_of({"big.txt": b"x y " * 50_000}))
    result = cli("scan", str(tmp_path), "--format", "json", "--max-file-size", "64K")
    assert result.returncode == 0, result.stderr
    assert "65536-byte limit" in result.stdout
    bad = cli("scan", str(tmp_path), "--max-file-size", "lots")
    assert bad.returncode == 2 and "not a size" in bad.stderr
    negative = cli("scan", str(tmp_path), "--max-archive-depth", "-1")
    assert negative.returncode == 2 and "at least 0" in negative.stderr


def test_library_scan_takes_limits(tmp_path):
    (tmp_path / "a.zip").write_bytes(zip_of({"one.txt": b"hello there", "two.txt": b"hello again"}))
    report = analyzer.scan([str(tmp_path)], limits=analyzer.Limits(max_members=1))
    statuses = [(f.member, f.status) for f in report.files]
    assert ("one.txt", "ok") in statuses and statuses[-1][1] == "error"


@pytest.mark.parametrize(
    ("mode", "name"), [("w", "a.tar"), ("w:bz2", "a.tar.bz2"), ("w:xz", "a.txz"), ("w:gz", "a.tgz")]
)
def test_tar_compressions(mode, name):
    data = tar_of({"c1/notes.txt": "眼睛太大".encode()}, mode=mode)
    assert notes(name, data) == [("c1/notes.txt:line 1", "眼睛太大")]


def test_tar_member_names_in_gbk_are_decoded():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT, encoding="gbk") as archive:
        info = tarfile.TarInfo("修改意见/备注.txt")
        info.size = 5
        archive.addfile(info, io.BytesIO(b"a b c"))
    assert [e.row.member for e in extract("a.tar", buffer.getvalue())] == [None, "修改意见/备注.txt"]


def _seven_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(content, name)
    return buffer.getvalue()


def test_7z_bomb_is_refused_from_its_headers_and_the_rest_is_read():
    data = _seven_zip({"zeros.txt": b"\0" * (8 * 1024 * 1024), "note.txt": "眼睛太大".encode()})
    rows = {e.row.member: e.row for e in extract("bomb.7z", data)}
    assert rows["zeros.txt"].status == "error" and "compression ratio" in rows["zeros.txt"].error
    assert rows["note.txt"].status == "ok" and rows["note.txt"].comments == 1


def test_archives_nest_across_kinds_and_name_every_level():
    inner = _seven_zip({"c001/notes.txt": "眼睛太大".encode()})
    data = zip_of({"ep01/c001.7z": inner})
    assert notes("ep01.zip", data) == [("ep01/c001.7z!c001/notes.txt:line 1", "眼睛太大")]


def test_entries_sharing_one_compressed_block_are_stopped_by_the_whole_archive_ratio():
    # Each entry alone is an ordinary 2 MiB file compressed about 1.8:1; twenty entries share its data.
    content = random.Random(0).randbytes(1 << 20).hex().encode()
    data = zip_with_shared_data("frame.bin", content, copies=20)
    rows = [e.row for e in extract("shared.zip", data, Limits(max_compression_ratio=10))]
    read = [r for r in rows[1:] if r.status != "error"]
    assert rows[-1].status == "error" and "archive as a whole" in rows[-1].error
    assert 0 < len(read) < 10 and len(rows) < 20  # stopped after the first few, the rest not even listed


def test_a_damaged_member_is_its_own_error_row_and_the_other_members_are_read():
    data = zip_with_offsets_shifted({"a.txt": "眼睛太大".encode(), "b.txt": "머리가 너무 큽니다".encode()})
    rows = {e.row.member: e.row for e in extract("damaged.zip", data)}
    assert rows[None].status == "ok"
    assert rows["a.txt"].status == "error" and "unreadable member" in rows["a.txt"].error
    assert rows["b.txt"].status == "ok" and rows["b.txt"].comments == 1


def test_a_member_with_an_empty_name_does_not_stop_the_archive():
    rows = [e.row for e in extract("odd.zip", zip_of({"": b"x y", "note.txt": "眼睛太大".encode()}))]
    assert [(r.member, r.status) for r in rows] == [(None, "ok"), ("%2E", "skipped"), ("note.txt", "ok")]


def test_members_read_before_a_reader_crash_are_still_reported(monkeypatch):
    from analyzer.extract import archive

    real = archive.read_capped
    calls = []

    def fail_on_second(stream, cap):  # a library bug on the second member, not a reason we foresaw
        calls.append(cap)
        if len(calls) == 2:
            raise TypeError("unexpected library failure")
        return real(stream, cap)

    monkeypatch.setattr(archive, "read_capped", fail_on_second)
    data = zip_of({"one.txt": "眼睛太大".encode(), "two.txt": b"never read", "three.txt": b"never read"})
    rows = [e.row for e in extract("crash.zip", data)]
    assert [(r.member, r.status) for r in rows] == [(None, "error"), ("one.txt", "ok")]
    assert "reader failed: TypeError: unexpected library failure" in rows[0].error

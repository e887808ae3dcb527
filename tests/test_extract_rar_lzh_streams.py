"""RAR (real WinRAR files and stored archives laid out per the RAR technote), LZH made by jLHA, and single-file
gzip/bzip2/xz/zstd streams: members by index, safe names, the archive limits, bombs refused while streaming."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import subprocess
import tracemalloc
import zlib
from pathlib import Path

import pytest
import zstandard
from archive_fixtures import lzh_of, rar4_stored, rar5_stored
from extract_helpers import extract, notes

import analyzer
from analyzer.extract import Limits

RAR = Path(__file__).parent / "data" / "rar"
NOTE = "头太大了，请缩小一点\n머리가 너무 큽니다. 조금 줄여주십시오.\n"
STEST = "".join(f"{i:03d}\n" for i in range(512))  # what the rarfile samples hold


def _rows(name: str, data: bytes, limits: Limits | None = None) -> list:
    return [e.row for e in extract(name, data, limits)]


@pytest.mark.parametrize("sample", ["rar5-solid.rar", "rar3-solid.rar"])
def test_rar_solid_archives_from_winrar_are_decompressed(sample):
    rows = _rows(sample, (RAR / sample).read_bytes())
    assert [(r.member, r.status, r.size) for r in rows] == [
        (None, "ok", len((RAR / sample).read_bytes())),
        ("stest1.txt", "ok", 2048),
        ("stest2.txt", "ok", 2048),
    ]
    assert notes(sample, (RAR / sample).read_bytes())[-1] == ("stest2.txt:line 512", "511")


def test_rar_comment_compressed_and_stored_members():
    found = notes("crc.rar", (RAR / "rar5-crc.rar").read_bytes())
    assert found[0] == ("archive comment", "RAR5 archive - crc")
    assert ("stest1.txt:line 1", "000") in found and ("stest2.txt:line 512", "511") in found


def test_rar_links_are_reported_not_followed():
    rows = {r.member: r for r in _rows("links.rar", (RAR / "rar5-symlink-unix.rar").read_bytes())}
    assert rows["data_link"].status == "skipped" and "link member ignored (-> data.txt)" in rows["data_link"].error
    assert "(-> %2E%2E/random123)" in rows["random_link"].error
    assert rows["data.txt"].status == "ok"


def test_rar_file_copies_are_members_with_the_copied_content():
    rows = _rows("dups.rar", (RAR / "rar5-dups.rar").read_bytes())
    assert [r.member for r in rows[1:]] == [f"stest{i}.txt" for i in range(1, 10)]
    assert {(r.status, r.size) for r in rows[1:]} == {("ok", 2048)}


def test_encrypted_rar_headers_and_members():
    [row] = _rows("hpsw.rar", (RAR / "rar5-hpsw.rar").read_bytes())
    assert row.status == "error" and "encrypted headers" in row.error
    rows = _rows("psw.rar", (RAR / "rar5-psw.rar").read_bytes())
    assert [(r.member, r.status) for r in rows[1:]] == [("stest1.txt", "skipped"), ("stest2.txt", "skipped")]
    assert all("encrypted member" in r.error for r in rows[1:])


def test_rar_members_with_one_name_are_read_by_their_own_headers():
    data = rar5_stored([("c012/notes.txt", "眼睛太大".encode()), ("c012/notes.txt", "눈이 너무 큽니다".encode())])
    assert notes("twice.rar", data) == [
        ("c012/notes.txt:line 1", "眼睛太大"),
        ("c012/notes.txt:line 1", "눈이 너무 큽니다"),
    ]


def test_rar_names_are_made_safe_and_legacy_names_decoded():
    data = rar5_stored([("../../etc/passwd", b"x y"), ("修改意见/备注.txt", NOTE.encode())])
    assert [r.member for r in _rows("names.rar", data)[1:]] == ["%2E%2E/%2E%2E/etc/passwd", "修改意见/备注.txt"]
    legacy = rar4_stored([("修改意见.txt".encode("gbk"), b"a b"), ("备注.txt".encode("gbk"), b"c d")])
    assert [r.member for r in _rows("legacy.rar", legacy)[1:]] == ["修改意见.txt", "备注.txt"]


def test_the_test_rar_files_are_read_by_unar_too(tmp_path):
    """The stored archives the tests lay out by hand are real RAR files: the set-up's unar lists and extracts them."""
    archive = tmp_path / "notes.rar"
    archive.write_bytes(rar5_stored([("修改意见/备注.txt", NOTE.encode())]))
    listing = subprocess.run(["lsar", str(archive)], capture_output=True, text=True, check=True).stdout
    assert "修改意见/备注.txt" in listing
    extracted = subprocess.run(["unar", "-q", "-o", "-", str(archive)], capture_output=True, check=True).stdout
    assert extracted == NOTE.encode()


def test_rar_archive_limits():
    data = rar5_stored([(f"part{i}.txt", (b"a" * 99 + b"\n") * 4000) for i in range(4)])  # 400 KB, short lines
    rows = _rows("big.rar", data, Limits(max_archive_bytes=1_000_000))
    assert [r.status for r in rows] == ["ok", "ok", "ok", "error"] and "total limit" in rows[-1].error
    rows = _rows("many.rar", data, Limits(max_members=2))
    assert rows[3].status == "error" and "more than 2 members" in rows[3].error


def test_scan_finds_the_relay_pair_in_a_rar(tmp_path):
    (tmp_path / "delivery.rar").write_bytes(rar5_stored([("ep01/c001_notes.txt", NOTE.encode())]))
    report = analyzer.scan([str(tmp_path)])
    [finding] = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    assert finding.path.endswith("delivery.rar") and finding.member == "ep01/c001_notes.txt"


def test_lzh_from_jlha_compressed_and_stored_members():
    data = lzh_of({"c012/notes.txt": NOTE.encode() * 10, "memo.txt": "눈".encode()})
    assert data[2:7] == b"-lh5-"
    rows = _rows("ep01.lzh", data)
    assert [(r.member, r.format, r.status) for r in rows] == [
        (None, "lzh", "ok"),
        ("c012/notes.txt", "text", "ok"),
        ("memo.txt", "text", "ok"),
    ]
    assert ("c012/notes.txt:line 2", "머리가 너무 큽니다. 조금 줄여주십시오.") in notes("ep01.lzh", data)


def test_lzh_limits_and_damage():
    data = lzh_of({f"part{i}.txt": b"0123456789" * 1000 for i in range(3)})
    rows = _rows("big.lzh", data, Limits(max_members=2))
    assert rows[-1].status == "error" and "more than 2 members" in rows[-1].error
    [row] = _rows("cut.lzh", data[:200])
    assert row.status == "error" and "LZH" in row.error


def _gzip_named(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(name, "wb", fileobj=buffer, mtime=0) as stream:
        stream.write(content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "compress", "kind"),
    [
        ("c012.txt.gz", gzip.compress, "gzip"),
        ("c012.txt.bz2", bz2.compress, "bzip2"),
        ("c012.txt.xz", lzma.compress, "xz"),
        ("c012.txt.zst", lambda data: zstandard.ZstdCompressor().compress(data), "zstd"),
    ],
)
def test_single_file_streams_hold_one_member_named_without_the_suffix(name, compress, kind):
    rows = _rows(name, compress(NOTE.encode("gb18030")))
    assert [(r.member, r.format) for r in rows] == [(None, kind), ("c012.txt", "text")]
    assert ("c012.txt:line 1", "头太大了，请缩小一点") in notes(name, compress(NOTE.encode("gb18030")))


def test_gzip_member_takes_the_stored_file_name():
    data = _gzip_named("修改意见.txt".encode().decode("latin-1"), NOTE.encode())  # FNAME holds the bytes as written
    assert [r.member for r in _rows("upload.gz", data)] == [None, "ä¿®æ\x94¹æ\x84\x8fè§\x81.txt"]
    assert [r.member for r in _rows("upload.gz", _gzip_named("retake/notes.txt", b"a b"))] == [None, "notes.txt"]


def test_concatenated_gzip_members_are_one_file():
    data = gzip.compress("头太大了\n".encode()) + gzip.compress("머리가 큽니다\n".encode())
    assert notes("n.txt.gz", data) == [("n.txt:line 1", "头太大了"), ("n.txt:line 2", "머리가 큽니다")]


def test_stream_bomb_is_refused_while_decompressing():
    """2 GiB of zeros in a zstd frame of about 70 KB: refused once the output passes 200 times the input, so
    memory holds at most that much (14 MB here), never the expansion."""
    compressor = zstandard.ZstdCompressor(level=19).compressobj()
    chunk = b"\0" * (16 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(128)) + compressor.flush()
    assert len(data) < 200_000
    tracemalloc.start()
    rows = _rows("zeros.txt.zst", data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert rows[1].status == "error" and "over the 200:1 limit (bomb?)" in rows[1].error
    assert peak < 200 * len(data) + (4 << 20), peak


def test_stream_over_the_file_limit_is_skipped_and_damage_is_an_error():
    data = gzip.compress(bytes(range(256)) * 4000)  # 1 MB that compresses poorly: no ratio alarm
    rows = _rows("big.bin.gz", data, Limits(max_file_bytes=500_000))
    assert rows[1].status == "skipped" and "500000-byte limit" in rows[1].error
    [row] = _rows("cut.txt.gz", gzip.compress(NOTE.encode() * 50)[:-30])
    assert row.status == "error" and "damaged gzip stream" in row.error
    [row] = _rows("junk.txt.xz", b"\xfd7zXZ\x00" + zlib.compress(b"not xz"))
    assert row.status == "error"


def test_lzh_names_in_shift_jis_are_decoded():
    """LZH is a Japanese format: names are Shift-JIS bytes. jLHA here can only write ASCII names, so a placeholder
    of the same length is swapped for the CP932 bytes (lhafile does not check the level-1 header checksum)."""
    data = lzh_of({"ABCDEFGHIJ.txt": NOTE.encode(), "KLMN.txt": "눈".encode()}, level=1)
    data = data.replace(b"ABCDEFGHIJ.txt", "修正指示書.txt".encode("cp932"))
    data = data.replace(b"KLMN.txt", "メモ.txt".encode("cp932"))
    assert [r.member for r in _rows("jp.lzh", data)[1:]] == ["修正指示書.txt", "メモ.txt"]


def test_rar3_unicode_names_outside_the_bmp():
    rows = _rows("unicode.rar", (RAR / "unicode.rar").read_bytes())
    assert [(r.member, r.status) for r in rows[1:]] == [("уииоотивл.txt", "ok"), ("𝐀𝐁𝐁𝐂.txt", "ok")]

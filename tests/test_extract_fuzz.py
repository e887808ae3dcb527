"""No bytes make an extractor raise: random and mutated inputs against every registered format.

The registry is iterated, so formats registered later are covered without touching this file.
"""

from __future__ import annotations

import io
import json
import zipfile

from archive_fixtures import tar_of, zip_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.extract import Limits, extract_bytes, find_extractor
from analyzer.extract.formats import EXTRACTORS

LIMITS = Limits(max_file_bytes=1 << 20, max_archive_bytes=4 << 20, max_members=50)
SEEDS: list[bytes] = [
    json.dumps({"notes": [{"text": "眼睛太大", "author": "王"}]}, ensure_ascii=False).encode("gb18030"),
    "镜头,备注\nC1,头太大了\n".encode(),
    b'<?xml version="1.0"?><x a="1"><note>hi there</note></x>',
    b'<tnz><notes><note>1 "a \\" b" 0 0 0 0</note></notes></tnz>',
    zip_of({"a.txt": "眼睛太大".encode(), "maindoc.xml": b"<DOC/>", "DOMDocument.xml": b"<DOMDocument/>"}),
    tar_of({"a.txt": b"hello there"}),
    b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(range(256)),
    b"\xff\xfe" + "머리".encode("utf-16-le"),
]
SUFFIXES = ["", *sorted({suffix for extractor in EXTRACTORS for suffix in extractor.suffixes})]  # "": sniffing


def _xlsx_seed() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["备注", "头太大了"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SEEDS.append(_xlsx_seed())


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "dup", "insert"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "dup":
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = draw(st.binary(max_size=16))
    return bytes(data)


def _run(suffix: str, data: bytes) -> None:
    rows = list(extract_bytes(f"fuzz{suffix}", None, data, LIMITS, depth=0))
    assert rows and all(r.row.status in ("ok", "error", "skipped") for r in rows)
    assert all(r.row.error for r in rows if r.row.status != "ok")


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2048))
def test_random_bytes_never_escape_an_extractor(suffix, data):
    _run(suffix, data)


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(suffix=st.sampled_from(SUFFIXES), data=mutated())
def test_mutated_files_never_escape_an_extractor(suffix, data):
    _run(suffix, data)


def test_every_registered_format_is_reached_by_the_fuzzed_names():
    reached = {find_extractor(f"fuzz{suffix}").name for suffix in SUFFIXES if suffix}
    sniffed = {e.name for e in EXTRACTORS if not e.suffixes and e.sniff}  # sniff-only formats get random bytes
    assert reached | sniffed == {e.name for e in EXTRACTORS}


def test_reader_exceptions_become_error_rows_not_tracebacks(monkeypatch):
    data = zip_of({"a.txt": b"x"})

    def explode(*args, **kwargs):  # a library that blows up mid-read must still give a row
        raise RuntimeError("boom")

    monkeypatch.setattr(zipfile, "ZipFile", explode)
    [extraction] = list(extract_bytes("a.zip", None, data, LIMITS, depth=0))
    assert extraction.row.status == "error" and "boom" in extraction.row.error

"""Content first: a renamed file is read as what its bytes are; the suffix decides only when they say nothing,
when its format claims them too, or when they are a container that the suffix's format lives in."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from pathlib import Path

import py7zr
import pytest
import zstandard
from archive_fixtures import lzh_of, rar5_stored, tar_of, zip_of
from extract_helpers import extract, notes
from media import RELAY_KO, RELAY_ZH, jpeg, png_chunk, png_with
from PIL import Image

from analyzer.extract import HEAD_BYTES, find_extractor

NOTE = f"{RELAY_ZH}\n{RELAY_KO}\n".encode()
MSG = (Path(__file__).parent / "data" / "msg" / "hello-cjk.msg").read_bytes()


def _seven_zip() -> bytes:
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        archive.writestr(NOTE, "notes.txt")
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["镜头", "备注"])
    book.active.append(["C012", RELAY_ZH])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _format(name: str, data: bytes) -> str | None:
    extractor = find_extractor(name, data[:HEAD_BYTES])
    if extractor is not None and extractor.dispatch is not None:
        extractor = extractor.dispatch(data)
    return extractor.name if extractor else None


RENAMED = {
    "zip as notes.txt": ("notes.txt", zip_of({"notes.txt": NOTE}), "zip"),
    "zip as cut.png": ("cut.png", zip_of({"notes.txt": NOTE}), "zip"),
    "jpeg as cut.png": ("cut.png", jpeg(comment=RELAY_ZH.encode()), "jpeg"),
    "png as cut.jpg": ("cut.jpg", png_with(png_chunk(b"tEXt", b"Comment\x00note")), "png"),
    "rar as notes.zip": ("notes.zip", rar5_stored([("notes.txt", NOTE)]), "rar"),
    "7z as notes.txt": ("notes.txt", _seven_zip(), "7z"),
    "gzip as notes.txt": ("notes.txt", gzip.compress(NOTE), "gzip"),
    "bzip2 as data.json": ("data.json", bz2.compress(NOTE), "bzip2"),
    "xz as no suffix": ("NOTES", lzma.compress(NOTE), "xz"),
    "zstd as notes.csv": ("notes.csv", zstandard.ZstdCompressor().compress(NOTE), "zstd"),
    "lzh as notes.xml": ("notes.xml", lzh_of({"notes.txt": NOTE}), "lzh"),
    "msg as mail.txt": ("mail.txt", MSG, "msg"),
    "msg as mail.dat": ("mail.dat", MSG, "msg"),
}


@pytest.mark.parametrize("case", sorted(RENAMED))
def test_renamed_file_is_read_as_its_content(case):
    name, data, expected = RENAMED[case]
    assert _format(name, data) == expected
    rows = [e.row for e in extract(name, data)]
    assert rows[0].format == expected and rows[0].status == "ok", rows[0]


def test_notes_inside_a_renamed_archive_are_found():
    data = zip_of({"c012/notes.txt": NOTE})
    assert ("c012/notes.txt:line 2", RELAY_KO) in notes("notes.txt", data)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("retakes.xlsx", _xlsx(), "xlsx"),  # a zip, but the suffix names a zip-based format
        ("ep01.tgz", tar_of({"notes.txt": NOTE}), "tar"),  # a gzip holding a tar
        ("ep01.tar.gz", tar_of({"notes.txt": NOTE}), "tar"),
        ("mail.msg", MSG, "msg"),  # an OLE2 file of the suffix's own kind
        ("c012.kra", zip_of({"maindoc.xml": b"<DOC/>"}), "kra"),
        ("cut.apng", png_with(), "png"),
    ],
)
def test_suffix_keeps_a_format_stored_in_the_container_its_bytes_show(name, data, expected):
    assert _format(name, data) == expected


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("notes.txt", "From the director, 12:30 2024\nSubject: eyes\n头太大了\n"),
        ("notes.txt", "%PDF is what the client wants\n"),
        ("notes.json", '{"notes": ["BZh91AY&SY is not a note"]}'),
        ("review.xml", "<review><cut comment='头太大了'/></review>"),
        ("notes.csv", "8BPS,备注\nC012,头太大了\n"),
    ],
)
def test_text_files_are_not_taken_by_a_magic(name, text):
    assert _format(name, text.encode()) == find_extractor(name).name


def test_no_magic_and_no_suffix_is_skipped():
    [row] = [e.row for e in extract("README", b"just some words")]
    assert row.status == "skipped" and row.error == "no extractor for this format"


def test_pillow_images_under_each_others_names():
    for kind, name, expected in (("PNG", "x.jpg", "png"), ("JPEG", "x.png", "jpeg"), ("TIFF", "x.png", "tiff")):
        buffer = io.BytesIO()
        Image.new("RGB", (2, 2)).save(buffer, kind)
        assert _format(name, buffer.getvalue()) == expected, kind


def test_a_name_claims_the_format_of_the_longest_suffix_it_ends_with_in_every_folder():
    """The suffix lookup is cached on the name's end from its last `/` (so every folder's note.txt shares an entry):
    the same extractor as the plain rule, the longest registered suffix the lower-cased name ends with."""
    import random

    from analyzer.extract import _by_suffix

    table, _ = _by_suffix()
    assert all("/" not in suffix[1:] for suffix in table)  # what the cut relies on

    def plain(name: str) -> str | None:
        lowered = name.lower()
        found = max((s for s in table if lowered.endswith(s)), key=len, default=None)
        return None if found is None else table[found].name

    rng = random.Random(7)
    folders = ["", "a/", "ep01/c001/", "/abs/path/to/a-long-folder-name/", "x.zip!inner/", "DomDocument/", "dir.xml/"]
    stems = ["note", "DOMDocument", "domdocument", "x.tar", "LIBRARY/domdocument", "a/b", "", ".hidden", "c001_zh"]
    names = [
        f + s + suffix.upper() if rng.random() < 0.3 else f + s + suffix
        for f in folders
        for s in stems
        for suffix in table
    ]
    names += ["".join(rng.choice("ab/._xmlXMLtargz") for _ in range(rng.randrange(1, 24))) for _ in range(3000)]
    for name in names:
        found = find_extractor(name)
        assert (found.name if found else None) == plain(name), name

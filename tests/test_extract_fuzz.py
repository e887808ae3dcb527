"""No bytes make an extractor raise: random bytes, and mutations of a real file of every registered format.

A mutated file keeps its own name most of the time (so the mutation reaches deep into its reader)
and is otherwise given another format's name or none (so readers meet bytes they do not expect).
Every failure must be a deliberate reason: a row saying "reader failed" is an exception a reader
did not turn into one, which the catch-all in `extract_bytes` only keeps from stopping the scan.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import tempfile
import zipfile
import zlib
from datetime import UTC, datetime
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import py7zr
import pytest
import zstandard
from archive_fixtures import lzh_of, rar4_stored, rar5_stored, tar_of, zip_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from media import (
    RELAY_KO,
    RELAY_ZH,
    clip_database,
    clip_file,
    iim,
    irb,
    itxt,
    jpeg,
    png_chunk,
    png_with,
    psd_file,
    string_array,
    with_segment,
    xmp_packet,
)
from msg_fixture import outlook_message
from office_fixtures import (
    convert,
    deck_pptx,
    retake_ods,
    retake_pdf,
    retake_xlsx,
    review_docx,
    review_odt,
    soffice_missing,
)
from PIL import Image

from analyzer.extract import HEAD_BYTES, Limits, extract_bytes, find_extractor
from analyzer.extract.formats import EXTRACTORS

LIMITS = Limits(max_file_bytes=1 << 20, max_archive_bytes=4 << 20, max_members=50)
XMP = xmp_packet(
    {"zh-CN": RELAY_ZH, "ko": RELAY_KO}, extra="<photoshop:Instructions>请在周五前交</photoshop:Instructions>"
)


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010E] = RELAY_ZH.encode()
    exif[0x9C9C] = RELAY_KO.encode("utf-16-le") + b"\x00\x00"
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\x00" + RELAY_KO.encode("utf-16-be")
    return exif


def _pillow(kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, kind, **options)
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    book.active.append(["镜头", "备注", "번역"])
    book.active.append(["C012", RELAY_ZH, RELAY_KO])
    book.active["B2"].comment = Comment("线条太粗", "王")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _seven_zip() -> bytes:
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        archive.writestr(RELAY_ZH.encode("gb18030"), "c012/notes.txt")
        archive.writestr(b'{"notes": ["head too big"]}', "c012.json")
    return buffer.getvalue()


MSG = (Path(__file__).parent / "data" / "msg" / "msg-in-msg.msg").read_bytes()


def _mail() -> MIMEMultipart:
    mail = MIMEMultipart()
    mail["Subject"] = Header("C012 修改意见", "gb2312")
    mail["From"] = "=?utf-8?b?546L5bCP5piO?= <wang@example.cn>"
    mail["Date"] = "Fri, 01 Mar 2024 18:20:00 +0800"
    mail.attach(MIMEText(RELAY_ZH, "plain", "gb2312"))
    mail.attach(MIMEText(f"<p>{RELAY_KO}</p><script>x</script>", "html", "euc-kr"))
    note = MIMEApplication(zip_of({"c012/notes.txt": RELAY_ZH.encode("gbk")}), "zip")
    note.add_header("Content-Disposition", "attachment", filename="c012.zip")
    mail.attach(note)
    return mail


DOM = '<DOMDocument><timelines><DOMTimeline name="t"><layers><DOMLayer name="L"><frames><DOMFrame name="头太大了"/>'
DOM += "</frames></DOMLayer></layers></DOMTimeline></timelines></DOMDocument>"
KRITA_MAINDOC = f'<DOC><IMAGE description="{RELAY_ZH}"><layers><layer name="머리"/></layers></IMAGE></DOC>'
ASS = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
ASS += f"Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{RELAY_ZH}\\N{RELAY_KO}\n"

# One real file per registered format, named so that the registry picks that format.
SEEDS: dict[str, bytes] = {
    "c012.txt": f"C012 修改\n\n{RELAY_ZH}\n".encode("gb18030"),
    "c012.json": json.dumps({"notes": [{"text": RELAY_ZH, "author": "王", "time": "2024-03-01"}]}).encode(),
    "c012.jsonl": (json.dumps({"comment": RELAY_ZH}) + "\n" + json.dumps({"memo": RELAY_KO}) + "\n").encode(),
    "c012.xmp": XMP.encode(),
    "c012.png": png_with(
        png_chunk(b"tEXt", b"Comment\x00" + RELAY_ZH.encode("gbk")),
        png_chunk(b"zTXt", b"Description\x00\x00" + zlib.compress(b"Keep the eye line level.")),
        itxt("XML:com.adobe.xmp", XMP, compressed=True),
        png_chunk(b"eXIf", _exif().tobytes()),
    ),
    "c012.jpg": with_segment(
        with_segment(
            jpeg(exif=_exif(), comment="注释".encode()), 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP.encode()
        ),
        0xED,
        b"Photoshop 3.0\x00" + irb((0x0404, iim((1, 90, b"\x1b%G"), (2, 120, RELAY_ZH.encode()), (2, 40, b"rush")))),
    ),
    "c012.tif": _pillow("TIFF", description=RELAY_ZH),
    "c012.webp": _pillow("WEBP", exif=_exif(), xmp=XMP.encode()),
    "c012.bmp": _pillow("BMP"),  # no notes in the format: only OCR reads a BMP
    "c012.psd": psd_file(
        f"{RELAY_ZH}\r{RELAY_KO}",
        "张三".encode("gbk"),
        "眼睛位置太高了",
        "台词".encode("gbk"),
        irb((0x0424, XMP.encode())),
    ),
    "c012.clip": clip_file(
        clip_database([(1, "", 2, 0, None, None), (2, "台词", 0, 0, b"x", string_array(RELAY_ZH, RELAY_KO))], "备注")
    ),
    "c012.srt": f"1\n00:00:01,000 --> 00:00:02,000\n<i>{RELAY_ZH}</i>\n\n2\n00:00:03,000 --> 00:00:04,000\nok\n".encode(
        "gb18030"
    ),
    "c012.ass": ASS.encode("utf-8-sig"),
    "c012.vtt": f"WEBVTT\n\nNOTE 修改意见\n\nc1\n00:01.000 --> 00:02.000\n{RELAY_KO}\n".encode(),
    "c012.csv": f"镜头,备注,번역\nC012,{RELAY_ZH},{RELAY_KO}\n".encode(),
    "c012.tsv": f"컷\t메모\nC012\t{RELAY_KO}\n".encode("cp949"),
    "c012.xlsx": _xlsx(),
    "ep01.zip": zip_of({"c012/notes.txt": RELAY_ZH.encode(), "c012.json": b'{"memo": "a b"}', "inner.zip": zip_of({})}),
    "ep01.tar": tar_of({"c012/notes.txt": RELAY_KO.encode()}, mode="w", links={"up.txt": "../x"}),
    "ep01.tgz": tar_of({"c012/notes.txt": RELAY_ZH.encode("gbk")}),
    "ep01.7z": _seven_zip(),
    "review.xml": f'<review><cut comment="{RELAY_ZH}"><!-- 线条太粗 --><i>{RELAY_KO}</i></cut></review>'.encode(),
    "c012.tnz": f'<tnz><scene><notes><note>1 "<p>{RELAY_ZH}</p> \\" b" 3 2 0 0</note></notes></scene></tnz>'.encode(),
    "c012.xstage": f'<project><elements><element elementName="{RELAY_ZH}"/></elements></project>'.encode(),
    "c012.kra": zip_of(
        {
            "maindoc.xml": KRITA_MAINDOC.encode(),
            "documentinfo.xml": b"<document-info><about><title>C012</title></about></document-info>",
            "annotations/xmp": XMP.encode(),
        }
    ),
    "c012.fla": zip_of({"DOMDocument.xml": DOM.encode(), "META-INF/metadata.xml": XMP.encode()}),
    "c012/DOMDocument.xml": DOM.encode(),
    "ep01.rar": rar5_stored([("c012/notes.txt", RELAY_ZH.encode("gb18030")), ("c012/ko.txt", RELAY_KO.encode())]),
    "ep03.rar": (Path(__file__).parent / "data" / "rar" / "rar5-solid.rar").read_bytes(),  # WinRAR, via unar
    "ep02.rar": rar4_stored([("备注.txt".encode("gbk"), RELAY_ZH.encode("gbk"))]),
    "c012.txt.gz": gzip.compress(f"{RELAY_ZH}\n{RELAY_KO}\n".encode()),
    "c012.txt.bz2": bz2.compress(f"{RELAY_ZH}\n{RELAY_KO}\n".encode("gb18030")),
    "c012.json.xz": lzma.compress(json.dumps({"notes": [RELAY_ZH]}).encode()),
    "c012.txt.zst": zstandard.ZstdCompressor().compress(f"{RELAY_KO}\n".encode("cp949")),
    "retake.eml": _mail().as_bytes(),
    "review.mbox": b"From wang@example.cn Fri Mar  1 18:20:00 2024\n"
    + _mail().as_bytes()
    + b"\n\n"
    + b"From kim@example.kp Sat Mar  2 09:00:00 2024\nSubject: =?euc-kr?B?uvi/qg==?=\n\n"
    + RELAY_KO.encode("cp949")
    + b"\n",
    "hello.msg": MSG,
    "c012.dat": MSG,  # an Outlook message found by its OLE2 streams
    "c013.msg": outlook_message(
        RELAY_ZH,
        "",
        "王",
        datetime(2024, 3, 1, tzinfo=UTC),
        {"번역.txt": RELAY_KO.encode("cp949")},
        code_page=936,
        transport_headers="Date: Fri, 01 Mar 2024 18:20:00 +0800\r\n",
        rtf_body=b"{\\rtf1\\ansi\\ansicpg936 \\'cd\\'b7\\par}",
    ),
    "ep01.lzh": lzh_of({"c012/notes.txt": f"{RELAY_ZH}\n{RELAY_KO}\n".encode() * 4, "memo.txt": RELAY_KO.encode()}),
}
# Documents, presentations, sheets and PDFs from their producing libraries; the legacy formats from LibreOffice.
SEEDS.update(
    {
        "review.docx": review_docx(),
        "review.odt": review_odt(),
        "deck.pptx": deck_pptx(),
        "retakes.ods": retake_ods(),
        "retake.pdf": retake_pdf(),
        "notes.rtf": b"{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0 A;}}{\\*\\atnauthor W}\\chatn{\\*\\annotation x}"
        b"\\pard \\'cd\\'b7\\'cc\\'ab\\'b4\\'f3\\par{\\header h\\par}{\\footnote f}\\u-12345\\'3f}",
    }
)
LEGACY = {"review.doc": (review_odt, ".odt", "doc"), "deck.ppt": (deck_pptx, ".pptx", "ppt")}
LEGACY["deck.odp"] = (deck_pptx, ".pptx", "odp")
LEGACY["retakes.xls"] = (retake_xlsx, ".xlsx", "xls")
if soffice_missing() is None:
    SEEDS.update({name: convert(make(), suffix, target) for name, (make, suffix, target) in LEGACY.items()})


def _production_seeds() -> dict[str, bytes]:
    """Timesheets, video containers and the other production formats, built as their tools lay them out."""
    from test_extract_production import _xcf, xdts

    chpl = b"\x01\x00\x00\x00\x00\x00\x00\x00\x01" + b"\x00" * 8 + bytes([len(RELAY_ZH.encode())]) + RELAY_ZH.encode()

    def atom(kind: bytes, body: bytes) -> bytes:
        return (8 + len(body)).to_bytes(4, "big") + kind + body

    data_box = atom(b"data", b"\x00\x00\x00\x01\x00\x00\x00\x00" + RELAY_KO.encode())
    ilst = atom(b"ilst", atom(b"\xa9cmt", data_box))
    moov = atom(b"moov", atom(b"udta", atom(b"meta", b"\x00" * 4 + ilst) + atom(b"chpl", chpl)))
    mp4 = atom(b"ftyp", b"isom\x00\x00\x02\x00isom") + atom(b"mdat", b"\x00" * 16) + moov

    def ebml(ident: bytes, body: bytes) -> bytes:
        size = len(body)
        return ident + ((0x4000 | size).to_bytes(2, "big")) + body

    simple = ebml(b"\x67\xc8", ebml(b"\x45\xa3", b"COMMENT") + ebml(b"\x44\x87", RELAY_ZH.encode()))
    mkv = ebml(b"\x1a\x45\xdf\xa3", b"\x42\x82" + b"\x84webm") + ebml(
        b"\x18\x53\x80\x67", ebml(b"\x12\x54\xc3\x67", ebml(b"\x73\x73", simple))
    )
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00!\xfe" + bytes([len(RELAY_ZH.encode())]) + RELAY_ZH.encode()
    gif += b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    epub = zip_of(
        {
            "META-INF/container.xml": b'<container><rootfiles><rootfile full-path="c.opf"/></rootfiles></container>',
            "c.opf": b'<package><manifest><item id="a" href="a.xhtml"/></manifest>'
            b'<spine><itemref idref="a"/></spine></package>',
            "a.xhtml": f"<html><body><p>{RELAY_ZH}</p></body></html>".encode(),
        }
    )
    otio = {"OTIO_SCHEMA": "Timeline.1", "name": "t", "tracks": {"OTIO_SCHEMA": "Stack.1", "children": [
        {"OTIO_SCHEMA": "Track.1", "name": "V1", "children": [{"OTIO_SCHEMA": "Clip.2", "name": "C012",
         "markers": [{"OTIO_SCHEMA": "Marker.2", "name": RELAY_ZH, "metadata": {"note": RELAY_KO}}]}]}]}}  # fmt: skip
    return {
        "c012.xdts": xdts([(0, "小明", RELAY_ZH)], [(4, "镜头推近")]),
        "c012.tdts": xdts([(0, "小明", RELAY_KO)], [], header="toei"),
        "c012.mp4": mp4,
        "c012.mkv": mkv,
        "c012.gif": gif,
        "c012.svg": f'<svg xmlns="http://www.w3.org/2000/svg"><desc>{RELAY_ZH}</desc><text>{RELAY_KO}</text></svg>'.encode(),
        "c012.xcf": _xcf(RELAY_ZH, [("台词", RELAY_KO)]),
        "ep01.sboard": (
            f'<project><metas><meta name="caption"><string value="{RELAY_ZH}"/></meta></metas></project>'
        ).encode(),
        "ep01.edl": "TITLE: X\n001  C012 V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n"
        f"* LOC: 01:00:00:10 RED {RELAY_ZH}\n".encode(),
        "ep01.otio": json.dumps(otio, ensure_ascii=False).encode(),
        "review.html": f"<html><head><title>C012</title></head><body><p>{RELAY_ZH}</p><!-- {RELAY_KO} -->"
        "</body></html>".encode(),
        "ep01.epub": epub,
    }


SEEDS.update(_production_seeds())
NAMES = sorted(SEEDS)
CONTAINERS = ("zip", "tar", "7z", "rar", "lzh", "gzip", "bzip2", "xz", "zstd")  # their notes are in member rows
SUFFIXES = ["", *sorted({suffix for extractor in EXTRACTORS for suffix in extractor.suffixes})]  # "": sniffing


DOCUMENTS = sorted(
    name
    for name in NAMES
    if name.rsplit(".", 1)[-1] in {"doc", "ppt", "xls", "rtf", "pdf", "docx", "odt", "pptx", "odp", "ods"}
)


@st.composite
def mutated(draw: st.DrawFn, names: list[str] = NAMES) -> tuple[str, bytes]:
    name = draw(st.sampled_from(names))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 8))):
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
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
    if draw(st.integers(0, 3)) == 0:  # a quarter of the time, under another format's name or none
        name = "fuzz" + draw(st.sampled_from(SUFFIXES))
    return name, bytes(data)


def _check(name: str, data: bytes) -> None:
    extractions = list(extract_bytes(name, None, data, LIMITS, depth=0))
    assert extractions and extractions[0].row.member is None
    for extraction in extractions:
        row = extraction.row
        assert row.status in ("ok", "error", "skipped")
        assert (row.error is None) == (row.status == "ok"), row
        assert "reader failed" not in (row.error or ""), f"{name}: {row.error}"
        assert "FormatError:" not in (row.error or ""), f"{name}: a reason wrapped twice: {row.error}"
        for comment in extraction.comments:  # writable as the UTF-8 every report format is
            assert comment.locator and comment.text.strip()
            "".join((comment.locator, comment.text, comment.author or "", comment.timestamp or "")).encode("utf-8")
        (row.error or "").encode("utf-8")


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2048))
def test_random_bytes_are_an_error_row_with_a_reason(suffix, data):
    _check(f"fuzz{suffix}", data)


@settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_mutated_files_of_every_format_are_read_or_refused_with_a_reason(case):
    _check(*case)


@settings(max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated(DOCUMENTS))
def test_mutated_documents_are_read_or_refused_with_a_reason(case):
    """The hand-written binary readers (.doc piece table, .ppt records, RTF) and the PDF reader get extra rounds."""
    _check(*case)


@pytest.mark.parametrize("name", NAMES)
def test_each_seed_is_a_real_file_its_format_reads(name):
    extraction = next(iter(extract_bytes(name, None, SEEDS[name], LIMITS, depth=0)))
    assert extraction.row.status == "ok", extraction.row.error
    expected = find_extractor(name, SEEDS[name][:HEAD_BYTES])
    if expected.dispatch is not None:  # OLE2: the format found inside reads it
        expected = expected.dispatch(SEEDS[name])
    assert extraction.row.format == expected.name
    assert extraction.comments or extraction.row.format in (*CONTAINERS, "bmp")  # only OCR reads a BMP's notes


def test_every_registered_format_has_a_seed_and_is_reached_by_name():
    if soffice_missing() is not None:
        pytest.skip(f"no .doc/.ppt/.odp/.xls seeds: {soffice_missing()}")
    seeded = {find_extractor(name, SEEDS[name][:HEAD_BYTES]).name for name in NAMES}
    reached = {find_extractor(f"fuzz{suffix}").name for suffix in SUFFIXES if suffix}
    by_content_only = {e.name for e in EXTRACTORS if not e.suffixes}  # OLE2: reached by its magic
    assert seeded == reached | by_content_only == {e.name for e in EXTRACTORS}


def test_reader_exceptions_become_error_rows_not_tracebacks(monkeypatch):
    data = zip_of({"a.txt": b"x"})

    def explode(*args, **kwargs):  # a library that blows up mid-read must still give a row
        raise RuntimeError("boom")

    monkeypatch.setattr(zipfile, "ZipFile", explode)
    [extraction] = list(extract_bytes("a.zip", None, data, LIMITS, depth=0))
    assert extraction.row.status == "error" and "boom" in extraction.row.error


OLE_STREAMS = {"review.doc": ("WordDocument", "1Table", "0Table"), "deck.ppt": ("PowerPoint Document", "Current User")}


@st.composite
def flipped_stream(draw: st.DrawFn) -> tuple[str, bytes]:
    """A legacy Office file whose FIB, piece table, records or persist directory has bytes flipped in place."""
    import olefile

    name = draw(st.sampled_from(sorted(n for n in OLE_STREAMS if n in SEEDS)))
    ole = olefile.OleFileIO(SEEDS[name])
    streams = [s for s in OLE_STREAMS[name] if ole.exists(s)]
    stream = draw(st.sampled_from(streams))
    content = bytearray(ole.openstream(stream).read())
    for _ in range(draw(st.integers(1, 16))):
        near_start = draw(st.booleans())  # headers, FIB and directories sit early in the streams
        at = draw(st.integers(0, min(len(content), 1024 if near_start else len(content)) - 1))
        content[at] = draw(st.integers(0, 255))
    with tempfile.NamedTemporaryFile(suffix=name) as copy:
        copy.write(SEEDS[name])
        copy.flush()
        with olefile.OleFileIO(copy.name, write_mode=True) as writable:
            writable.write_stream(stream, bytes(content))
        return name, Path(copy.name).read_bytes()


@pytest.mark.skipif(soffice_missing() is not None, reason=soffice_missing() or "")
@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(case=flipped_stream())
def test_doc_and_ppt_with_flipped_stream_bytes_are_read_or_refused_with_a_reason(case):
    _check(*case)

"""PNG, JPEG and TIFF metadata read from real files built with Pillow or byte by byte."""

from __future__ import annotations

import io
import zlib

import pytest
from media import (
    RELAY_KO,
    RELAY_ZH,
    by_locator,
    extract,
    iim,
    irb,
    itxt,
    jpeg,
    png_chunk,
    png_with,
    with_segment,
    xmp_packet,
)
from PIL import Image, PngImagePlugin, TiffImagePlugin

import analyzer
from analyzer.extract import Limits, find_extractor
from analyzer.extract.decode import decode_loose
from analyzer.extract.embedded.exif import decode_user_comment


def test_png_text_chunks_become_notes_located_by_chunk_and_keyword():
    data = png_with(
        png_chunk(b"tEXt", b"Comment\x00" + "线条太粗，请画细一点".encode("gbk")),  # a Chinese tool's local code page
        png_chunk(b"zTXt", b"Description\x00\x00" + zlib.compress("Keep the eye line level.".encode("latin-1"))),
        itxt("Comment", "눈 위치가 너무 높습니다", lang="ko"),
        itxt("Title", "表情太僵硬", compressed=True),
        png_chunk(b"tEXt", b"Software\x00Clip Studio Paint"),
    )
    row, comments = extract("c001.png", data)
    assert row.status == "ok" and row.format == "png"
    assert by_locator(comments) == {
        "PNG tEXt:Comment": "线条太粗，请画细一点",
        "PNG zTXt:Description": "Keep the eye line level.",
        "PNG iTXt:Comment[ko]": "눈 위치가 너무 높습니다",
        "PNG iTXt:Title": "表情太僵硬",
        "PNG tEXt:Software": "Clip Studio Paint",
    }
    assert {c.locator for c in comments if c.source == "metadata"} == {"PNG tEXt:Software"}


def test_png_cut_short_is_an_error_row_with_the_reason():
    whole = png_with(png_chunk(b"tEXt", b"Comment\x00Keep the eye line level."))
    assert extract("c001.png", whole)[0].status == "ok"
    iend = png_chunk(b"IEND", b"")
    for cut in (whole[:8], whole[: -len(iend)], whole[:-3]):  # signature only; cut before IEND; inside IEND
        row, comments = extract("c001.png", cut)
        assert row.status == "error" and "truncated PNG" in (row.error or ""), row
        assert not comments


def test_png_xmp_packet_is_read_with_xmp_locators():
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp_packet({"zh-CN": RELAY_ZH, "ko-KP": RELAY_KO}))
    buffer = io.BytesIO()
    Image.new("L", (2, 2)).save(buffer, "PNG", pnginfo=info)
    row, comments = extract("c001.png", buffer.getvalue())
    assert row.status == "ok"
    assert by_locator(comments) == {"XMP dc:description[zh-CN]": RELAY_ZH, "XMP dc:description[ko-KP]": RELAY_KO}


def test_relay_note_in_png_itxt_is_flagged_by_a_full_scan(tmp_path):
    cut = tmp_path / "ep01" / "c020"
    cut.mkdir(parents=True)
    (cut / "c020.png").write_bytes(png_with(itxt("XML:com.adobe.xmp", xmp_packet({"zh-CN": RELAY_ZH, "ko": RELAY_KO}))))
    report = analyzer.scan([str(tmp_path)])
    relay = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    assert len(relay) == 1
    assert relay[0].path.endswith("c020.png") and relay[0].locator == "XMP dc:description[zh-CN]"
    assert relay[0].evidence["zh"] == RELAY_ZH and relay[0].evidence["ko"] == RELAY_KO


def test_png_exif_chunk_is_read():
    exif = Image.Exif()
    exif[0x010E] = "背景颜色太暗".encode()
    buffer = io.BytesIO()
    Image.new("L", (2, 2)).save(buffer, "PNG", exif=exif)
    _, comments = extract("c004.png", buffer.getvalue())
    assert by_locator(comments) == {"EXIF:ImageDescription": "背景颜色太暗"}


def test_png_imagemagick_raw_iptc_profile_is_read():
    block = irb((0x0404, iim((2, 120, "口型和对白不一致".encode()))))
    profile = b"\n8bim\n" + f"{len(block):8d}".encode() + b"\n" + block.hex().encode() + b"\n"
    _, comments = extract(
        "c010.png", png_with(png_chunk(b"zTXt", b"Raw profile type 8bim\x00\x00" + zlib.compress(profile)))
    )
    assert by_locator(comments) == {"IPTC:2:120": "口型和对白不一致"}


def test_png_compressed_text_past_the_limit_is_an_error_not_a_bomb():
    bomb = png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"a" * 2_000_000))
    row, comments = extract("bomb.png", png_with(bomb), Limits(max_file_bytes=100_000))
    assert row.status == "error" and "limit" in row.error and comments == ()


def test_png_compression_ratio_limit_stops_a_small_bomb():
    bomb = png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"a" * 5_000_000))  # ~5 kB inflating 1000x
    row, _ = extract("bomb.png", png_with(bomb), Limits(max_compression_ratio=50))
    assert row.status == "error" and "limit" in row.error


def test_png_is_found_by_its_signature_without_a_suffix():
    data = png_with(png_chunk(b"tEXt", b"Comment\x00ok"))
    assert find_extractor("scan_0001", data[:64]).name == "png"
    row, comments = extract("scan_0001", data)
    assert row.format == "png" and by_locator(comments) == {"PNG tEXt:Comment": "ok"}


def _exif_with_notes() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010E] = "身体比例不对，腿太短".encode()
    exif[0x9C9C] = "表情太僵硬".encode("utf-16-le") + b"\x00\x00"  # XPComment: UCS-2 LE
    exif[0x013B] = "Zhang"
    sub = exif.get_ifd(0x8769)
    sub[0x9286] = b"UNICODE\x00" + "머리카락 색깔을 통일하십시오".encode("utf-16-be")
    sub[0x9003] = "2024:01:09 10:12:00"
    sub[0x9011] = "+08:30"
    return exif


def test_jpeg_exif_notes_dates_and_offsets():
    row, comments = extract("c002.jpg", jpeg(exif=_exif_with_notes(), comment="JPEG 注释".encode()))
    assert row.status == "ok" and row.format == "jpeg"
    assert by_locator(comments) == {
        "EXIF:ImageDescription": "身体比例不对，腿太短",
        "EXIF:XPComment": "表情太僵硬",
        "EXIF:Artist": "Zhang",
        "EXIF:UserComment": "머리카락 색깔을 통일하십시오",
        "EXIF:DateTimeOriginal": "2024-01-09T10:12:00+08:30",
        "EXIF:OffsetTimeOriginal": "+08:30",
        "JPEG COM": "JPEG 注释",
    }
    notes = {c.locator: c for c in comments}
    assert notes["EXIF:OffsetTimeOriginal"].source == "metadata"
    assert notes["EXIF:DateTimeOriginal"].source == "metadata"
    assert notes["EXIF:UserComment"].timestamp == "2024-01-09T10:12:00+08:30"
    assert notes["EXIF:ImageDescription"].author == "Zhang"
    assert notes["JPEG COM"].timestamp == "2024-01-09T10:12:00+08:30"


def test_jpeg_iptc_in_photoshop_app13_honours_the_coded_character_set():
    block = iim(
        (1, 90, b"\x1b%G"),
        (2, 120, "阴影方向要统一".encode()),
        (2, 40, "그림자 방향을 통일하십시오.".encode()),
        (2, 55, b"20240109"),
        (2, 60, b"101200+0830"),
    )
    data = with_segment(jpeg(), 0xED, b"Photoshop 3.0\x00" + irb((0x0404, block)))
    _, comments = extract("c003.jpg", data)
    notes = {c.locator: c for c in comments}
    assert notes["IPTC:2:120"].text == "阴影方向要统一"
    assert notes["IPTC:2:40"].text == "그림자 방향을 통일하십시오."
    assert notes["IPTC:2:55"].text == "2024-01-09T10:12:00+08:30" and notes["IPTC:2:55"].source == "metadata"
    assert notes["IPTC:2:120"].timestamp == "2024-01-09T10:12:00+08:30"


def test_repeated_iptc_datasets_are_told_apart():
    block = iim((2, 120, b"first caption"), (2, 120, b"second caption"), (2, 80, b"Zhang"))
    data = with_segment(jpeg(), 0xED, b"Photoshop 3.0\x00" + irb((0x0404, block)))
    _, comments = extract("c006.jpg", data)
    assert [(c.locator, c.text, c.author) for c in comments if c.source == "note"] == [
        ("IPTC:2:120", "first caption", "Zhang"),
        ("IPTC:2:120 #2", "second caption", "Zhang"),
    ]


def test_iptc_without_a_character_set_falls_back_to_detection():
    caption = "눈 위치가 너무 높습니다. 아래로 옮겨주십시오.".encode("cp949")
    data = with_segment(jpeg(), 0xED, b"Photoshop 3.0\x00" + irb((0x0404, iim((2, 120, caption)))))
    _, comments = extract("c001.jpg", data)
    assert by_locator(comments) == {"IPTC:2:120": "눈 위치가 너무 높습니다. 아래로 옮겨주십시오."}


def test_jpeg_xmp_packet_in_app1():
    packet = xmp_packet({"zh-CN": RELAY_ZH}, extra="<photoshop:Instructions>请在周五前交</photoshop:Instructions>")
    data = with_segment(jpeg(), 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet.encode())
    _, comments = extract("c005.jpeg", data)
    assert by_locator(comments) == {"XMP dc:description[zh-CN]": RELAY_ZH, "XMP photoshop:Instructions": "请在周五前交"}


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"ASCII\x00\x00\x00Retake C012", "Retake C012"),
        (b"ASCII\x00\x00\x00" + "眼睛位置太高了".encode(), "眼睛位置太高了"),  # "ASCII" that is really UTF-8
        (b"UNICODE\x00" + "눈 위치".encode("utf-16-be"), "눈 위치"),
        (b"UNICODE\x00" + "눈 위치".encode("utf-16-le"), "눈 위치"),  # writers that ignore the byte order
        (b"JIS\x00\x00\x00\x00\x00" + "目の位置".encode("iso2022_jp"), "目の位置"),
        (b"JIS\x00\x00\x00\x00\x00" + "目の位置".encode("iso2022_jp")[3:-3], "目の位置"),  # bare JIS X 0208
        (b"\x00" * 8 + "头太大了，请缩小一点".encode("gb18030"), "头太大了，请缩小一点"),  # undefined
        (b"\x00" * 8 + b"   \x00\x00", ""),  # the blank comment cameras write
    ],
)
def test_user_comment_honours_its_character_code_prefix(raw, text):
    assert decode_user_comment(raw, ">") == text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("头太大了".encode("gbk"), "头太大了"),
        ("머리가 너무".encode("cp949"), "머리가 너무"),
        ("Café".encode("latin-1"), "Café"),
        ("crème brûlée, Müller".encode("cp1252"), "crème brûlée, Müller"),
        ("請修改眼睛".encode("big5"), "請修改眼睛"),
        ("目の位置が高い".encode("shift_jis"), "目の位置が高い"),
        ("눈 위치가 너무 높습니다".encode("cp949"), "눈 위치가 너무 높습니다"),
        ("김철수".encode("cp949"), "김철수"),  # short Korean: the same bytes are valid GBK too
        ("修改".encode("gbk"), "修改"),
        ("线条太粗".encode("utf-16"), "线条太粗"),
    ],
)
def test_undeclared_metadata_strings_are_decoded(raw, text):
    assert decode_loose(raw) == text


def test_webp_exif_and_xmp_chunks():
    exif = Image.Exif()
    exif[0x010E] = RELAY_ZH.encode()
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "WEBP", exif=exif, xmp=xmp_packet({"ko": RELAY_KO}).encode())
    row, comments = extract("c013.webp", buffer.getvalue())
    assert row.status == "ok" and row.format == "webp"
    assert by_locator(comments) == {"EXIF:ImageDescription": RELAY_ZH, "XMP dc:description[ko]": RELAY_KO}


def test_tiff_pages_and_embedded_iptc_and_xmp():
    first = TiffImagePlugin.ImageFileDirectory_v2()
    first[270] = "第一页：线条太粗".encode()
    first[33723] = iim((1, 90, b"\x1b%G"), (2, 40, "请在周五前交".encode()))
    first[700] = xmp_packet({"ko": RELAY_KO}).encode()
    buffer = io.BytesIO()
    pages = [Image.new("L", (2, 2)), Image.new("L", (2, 2))]
    pages[1].encoderinfo = {"description": "Page two: fix the hands"}
    pages[0].save(buffer, "TIFF", tiffinfo=first, save_all=True, append_images=pages[1:])
    row, comments = extract("c011.tif", buffer.getvalue())
    assert row.status == "ok" and row.format == "tiff"
    notes = by_locator(comments)
    assert notes["EXIF:ImageDescription"] == "第一页：线条太粗"
    assert notes["IPTC:2:40"] == "请在周五前交"
    assert notes["XMP dc:description[ko]"] == RELAY_KO
    assert notes["EXIF:ImageDescription (page 2)"] == "Page two: fix the hands"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("cut.png", png_with(png_chunk(b"tEXt", b"Comment\x00hi"))[:40], "truncated PNG"),
        ("cut.png", b"\x89PNG\r\n\x1a\n" + png_chunk(b"iTXt", b"Comment"), "separator"),
        ("cut.png", png_with(itxt("XML:com.adobe.xmp", "<x:xmpmeta><unclosed")), "invalid XML"),
        ("cut.jpg", jpeg()[:12], "truncated JPEG"),
        ("cut.jpg", b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00garbagegar", "not a TIFF"),
        ("cut.jpg", b"BM6\x00\x00\x00 a BMP, not a jpeg", "not a JPEG"),
        ("cut.jpg", b"GIF89a not a jpeg", "broken GIF"),  # content first: GIF bytes are read as a GIF
        ("cut.tif", b"II*\x00\xff\xff\x00\x00", "outside the data"),
        ("cut.tif", b"II+\x00\x08\x00\x00\x00", "BigTIFF"),
        ("cut.webp", b"RIFF\x20\x00\x00\x00WEBPEXIF\xff\x00\x00\x00II*", "truncated WebP"),
    ],
)
def test_broken_images_are_error_rows_with_a_reason(name, data, reason):
    row, comments = extract(name, data)
    assert row.status == "error" and reason in row.error and comments == ()


def test_sample_sketches_carry_their_embedded_notes():
    from conftest import SAMPLES

    _, comments = extract("c004.png", (SAMPLES / "ep01" / "c004" / "c004.png").read_bytes())
    assert by_locator(comments) == {"PNG tEXt:Comment": "背景参考设定稿第三版"}  # GBK bytes in a Latin-1 chunk
    _, comments = extract("c016.png", (SAMPLES / "ep02" / "c016" / "c016.png").read_bytes())
    assert by_locator(comments)["XMP dc:description[ko-KP]"] == "옷 색깔이 맞지 않습니다."

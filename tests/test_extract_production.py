"""Production formats read from files the producing tools write: ffmpeg, exiftool, ImageMagick,
OpenTimelineIO, the stdlib zipfile (EPUB), and timesheets in the layout OpenToonz reads and writes."""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from extract_helpers import extract, notes
from media import RELAY_KO, RELAY_ZH

import analyzer

needs = {tool: pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} not installed (make test installs it)")
         for tool in ("ffmpeg", "exiftool", "convert")}  # fmt: skip


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def xdts(dialogue: list[tuple[int, str, str]], camera: list[tuple[int, str]], header: str = "exchange") -> bytes:
    """A timesheet as OpenToonz's xdtsio.cpp writes it: the identifier line, then the JSON document."""

    def track(number: int, frames: list[tuple[int, list[str]]]) -> dict:
        return {"trackNo": number, "frames": [{"frame": f, "data": [{"id": 0, "values": v}]} for f, v in frames]}

    table = {
        "name": "c012",
        "duration": 72,
        "operatorName": "王明",
        "timeTableHeaders": [
            {"fieldId": 0, "names": ["A", "B"]},
            {"fieldId": 3, "names": ["S1"]},
            {"fieldId": 5, "names": ["CAM"]},
        ],
        "fields": [
            {"fieldId": 0, "tracks": [track(0, [(0, ["1"]), (12, ["2"]), (24, ["SYMBOL_NULL_CELL"])])]},
            {"fieldId": 3, "tracks": [track(0, [(f, [who, line]) for f, who, line in dialogue])]},
            {"fieldId": 5, "tracks": [track(0, [(f, [v]) for f, v in camera] + [(60, ["SYMBOL_NULL_CELL"])])]},
        ],
    }
    document = {"header": {"cut": "12", "scene": "3"}, "timeTables": [table], "version": 5}
    return f"{header}DigitalTimeSheet Save Data\n".encode() + json.dumps(document, ensure_ascii=False).encode()


def test_xdts_dialogue_and_camera_notes_are_frame_located_with_the_operator_as_author():
    data = xdts([(36, "小明", RELAY_ZH)], [(0, "PAN"), (40, "镜头慢慢推近，停在眼睛上")])
    [extraction] = extract("c012.xdts", data)
    assert extraction.row.status == "ok" and extraction.row.format == "xdts"
    found = {c.locator: c for c in extraction.comments}
    line = found['timesheet "c012" dialogue track "S1" frame 37 (小明)']
    assert (line.text, line.author, line.source) == (RELAY_ZH, "王明", "note")
    assert found['timesheet "c012" camera track "CAM" frame 41'].text == "镜头慢慢推近，停在眼睛上"
    assert found['timesheet "c012" camera track "CAM" frame 1'].source == "metadata"  # the PAN preset
    assert found["header cut"].source == "metadata"
    assert not any("cell" in c.locator for c in extraction.comments)  # cell numbers are not text


def test_tdts_header_direction_is_a_note_and_the_format_is_told_apart():
    data = xdts([(0, "S", RELAY_KO)], [], header="toei").replace(
        b'"cut": "12"', b'"cut": "12", "direction": "\\u773c\\u775b\\u8981\\u5927"'
    )
    [extraction] = extract("c012.tdts", data)
    assert extraction.row.format == "tdts"
    assert ("header direction", "眼睛要大") in [(c.locator, c.text) for c in extraction.comments]
    [broken] = extract("c012.xdts", b"not a timesheet")
    assert broken.row.status == "error" and "exchangeDigitalTimeSheet" in broken.row.error


@needs["ffmpeg"]
@pytest.mark.parametrize("suffix", ["mp4", "mov", "mkv"])
def test_ffmpeg_metadata_comments_and_chapters_are_read(tmp_path, suffix):
    meta = tmp_path / "meta.txt"
    meta.write_text(
        f";FFMETADATA1\ntitle=C012\ncomment={RELAY_ZH}\ndescription={RELAY_KO}\n\n"
        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=500\ntitle=第一段 眼睛太大\n",
        encoding="utf-8",
    )
    out = tmp_path / f"c012.{suffix}"
    codec = "libvpx" if suffix == "mkv" else "libx264"
    _run("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=black:s=16x16:d=1", "-i", str(meta),
         "-map_metadata", "1", "-map_chapters", "1", "-c:v", codec, "-t", "1", str(out))  # fmt: skip
    [extraction] = extract(out.name, out.read_bytes())
    assert extraction.row.status == "ok", extraction.row.error
    texts = {c.text: c for c in extraction.comments}
    assert texts[RELAY_ZH].source == "note"
    assert "第一段 眼睛太大" in texts
    if suffix != "mov":  # ffmpeg's QuickTime muxer keeps no description atom
        assert texts[RELAY_KO].source == "note"
    assert all(c.source == "metadata" for c in extraction.comments if c.text.startswith(("Lav", "Lavf")))


@needs["exiftool"]
def test_exiftool_utf16_xmp_packet_in_a_jpeg_is_read(tmp_path):
    from PIL import Image

    image = tmp_path / "c012.jpg"
    Image.new("RGB", (4, 4)).save(image)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
        f'<rdf:li xml:lang="zh-CN">{RELAY_ZH}</rdf:li><rdf:li xml:lang="ko">{RELAY_KO}</rdf:li>'
        '</rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    for codec in ("utf-16-be", "utf-16-le"):
        (tmp_path / "p.xmp").write_bytes(packet.encode(codec))
        _run("exiftool", "-q", "-overwrite_original", f"-xmp<={tmp_path / 'p.xmp'}", str(image))
        [extraction] = extract(image.name, image.read_bytes())
        assert extraction.row.status == "ok", extraction.row.error
        assert {c.text for c in extraction.comments} >= {RELAY_ZH, RELAY_KO}


@needs["convert"]
@needs["exiftool"]
def test_imagemagick_gif_comment_and_exiftool_xmp_in_a_gif(tmp_path):
    gif = tmp_path / "c012.gif"
    _run("convert", "-size", "4x4", "xc:white", "-set", "comment", RELAY_ZH, str(gif))
    _run("exiftool", "-q", "-overwrite_original", f"-XMP-dc:Description={RELAY_KO}", str(gif))
    assert set(notes(gif.name, gif.read_bytes())) >= {
        ("GIF comment", RELAY_ZH),
        ("XMP dc:description[x-default]", RELAY_KO),
    }


@needs["convert"]
def test_imagemagick_png_date_chunks_are_metadata_not_notes(tmp_path):
    png = tmp_path / "c012.png"
    _run("convert", "-size", "4x4", "xc:white", "-set", "comment", RELAY_ZH, str(png))
    [extraction] = extract(png.name, png.read_bytes())
    sources = {c.locator: c.source for c in extraction.comments}
    assert sources["PNG tEXt:date:create"] == sources["PNG tEXt:date:modify"] == "metadata"
    assert [c.text for c in extraction.comments if c.source == "note"] == [RELAY_ZH]


@needs["ffmpeg"]
def test_ffmpegs_ass_banner_is_metadata(tmp_path):
    (tmp_path / "a.srt").write_text(f"1\n00:00:01,000 --> 00:00:02,000\n{RELAY_ZH}\n", encoding="utf-8")
    _run("ffmpeg", "-loglevel", "error", "-i", str(tmp_path / "a.srt"), str(tmp_path / "c012.ass"))
    [extraction] = extract("c012.ass", (tmp_path / "c012.ass").read_bytes())
    assert [c.text for c in extraction.comments if c.source == "note"] == [RELAY_ZH]


def test_opentimelineio_marker_comments_and_metadata_notes():
    otio = pytest.importorskip("opentimelineio")
    timeline = otio.schema.Timeline(name="Timeline 1")
    track = otio.schema.Track(name="V1")
    start, length = otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(48, 24)
    clip = otio.schema.Clip(name="C012", source_range=otio.opentime.TimeRange(start, length))
    marker = otio.schema.Marker(name=RELAY_ZH, marked_range=otio.opentime.TimeRange(otio.opentime.RationalTime(10, 24)))
    marker.metadata["review"] = {"note": RELAY_KO, "author": "김철수"}
    clip.markers.append(marker)
    track.append(clip)
    timeline.tracks.append(track)
    found = {
        (c.locator, c.text, c.source)
        for c in extract("c012.otio", otio.adapters.write_to_string(timeline).encode())[0].comments
    }
    assert ('track "V1" clip "C012" marker 1', RELAY_ZH, "note") in found
    assert ('track "V1" clip "C012" marker 1 metadata/review/note', RELAY_KO, "note") in found
    assert ("timeline name", "Timeline 1", "metadata") in found


def test_cmx3600_edl_locators_and_comments():
    edl = (
        "TITLE: EP01 RETAKES\nFCM: NON-DROP FRAME\n\n"
        "001  C012     V     C        01:00:00:00 01:00:02:00 01:00:00:00 01:00:02:00\n"
        "* FROM CLIP NAME: C012_v3.mov\n"
        f"* LOC: 01:00:01:00 RED     {RELAY_ZH}\n"
        f"* COMMENT: {RELAY_KO}\n"
        "*  线条太粗\n"
    ).encode("gb18030")
    found = notes("ep01.edl", edl)
    assert ("event 001 line 6 LOC 01:00:01:00 RED", RELAY_ZH) in found
    assert ("event 001 line 7", RELAY_KO) in found and ("event 001 line 8", "线条太粗") in found
    assert all(text != "C012_v3.mov" for _, text in found if not text.startswith("FROM"))


def test_html_text_and_comments_without_script_and_epub_chapters_in_spine_order():
    page = (
        '<html><head><meta charset="utf-8"><title>C012 修改</title><script>var x = "不是注释";</script>'
        f'<meta name="author" content="王明"></head><body><h1>修改意见</h1><p>{RELAY_ZH}<br>{RELAY_KO}</p>'
        "<!-- 线条太粗 --><style>p { color: red }</style></body></html>"
    )
    found = {c.text: c for c in extract("review.html", page.encode())[0].comments}
    assert found[f"{RELAY_ZH}\n{RELAY_KO}"].author == "王明"
    assert {"C012 修改", "修改意见", "线条太粗"} <= set(found) and "不是注释" not in str(list(found))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                      '<rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>')  # fmt: skip
        book.writestr("OEBPS/content.opf", '<package xmlns="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                      "<metadata><dc:title>第一集</dc:title><dc:creator>王明</dc:creator></metadata>"
                      '<manifest><item id="b" href="b.xhtml"/><item id="a" href="a.xhtml"/></manifest>'
                      '<spine><itemref idref="a"/><itemref idref="b"/></spine></package>')  # fmt: skip
        book.writestr("OEBPS/a.xhtml", f"<html><body><p>{RELAY_ZH}</p></body></html>")
        book.writestr("OEBPS/b.xhtml", f"<html><body><p>{RELAY_KO}</p></body></html>")
    found = notes("ep01.epub", buffer.getvalue())
    assert found == [("OEBPS/content.opf dc:title", "第一集"), ("OEBPS/a.xhtml line 1 <p>", RELAY_ZH),
                     ("OEBPS/b.xhtml line 1 <p>", RELAY_KO)]  # fmt: skip


def test_svg_title_desc_text_and_inkscape_labels():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape">'
        "<!-- Created with Inkscape (http://www.inkscape.org/) --><title>C012</title>"
        f'<desc>{RELAY_ZH}</desc><g inkscape:label="Layer 1"><g inkscape:label="修改">'
        f"<text><tspan>{RELAY_KO}</tspan><tspan>2행</tspan></text></g></g></svg>"
    ).encode()
    found = {(c.text, c.source) for c in extract("c012.svg", svg)[0].comments}
    assert {(RELAY_ZH, "note"), (f"{RELAY_KO}\n2행", "note"), ("修改", "layer-name"), ("Layer 1", "metadata")} <= found
    assert [source for text, source in found if "Inkscape" in text] == ["metadata"]  # Inkscape's banner


def _xcf(comment: str, layers: list[tuple[str, str | None]]) -> bytes:
    """A version 3 XCF as devel-docs/xcf.txt lays it out: header, image properties, layer pointers, layers."""

    def string(text: str) -> bytes:
        raw = text.encode() + b"\x00"
        return struct.pack(">I", len(raw)) + raw

    def parasites(items: dict[str, bytes]) -> bytes:
        body = b"".join(string(n) + struct.pack(">II", 1, len(d)) + d for n, d in items.items())
        return struct.pack(">II", 21, len(body)) + body

    head = b"gimp xcf v003\x00" + struct.pack(">III", 4, 4, 0)
    head += parasites({"gimp-comment": comment.encode() + b"\x00"}) + struct.pack(">II", 0, 0)
    bodies, offset = [], len(head) + 4 * (len(layers) + 1) + 4
    for name, text in layers:
        props = parasites({"gimp-text-layer": f'(text "{text}")(font "Sans")'.encode()}) if text else b""
        bodies.append(struct.pack(">III", 4, 4, 0) + string(name) + props + struct.pack(">II", 0, 0) + b"\x00" * 8)
    pointers = []
    for body in bodies:
        pointers.append(offset)
        offset += len(body)
    return head + b"".join(struct.pack(">I", p) for p in pointers) + b"\x00" * 4 + b"\x00" * 4 + b"".join(bodies)


def test_xcf_comment_layer_names_and_text_layers():
    data = _xcf(RELAY_ZH, [("台词", RELAY_KO), ("Background", None)])
    found = {(c.locator, c.text, c.source) for c in extract("c012.xcf", data)[0].comments}
    assert ("XCF gimp-comment", RELAY_ZH, "note") in found
    assert ('layer "台词" text', RELAY_KO, "note") in found
    assert ('layer "Background"', "Background", "metadata") in found  # GIMP's default name


def test_sboard_captions_and_names():
    sboard = (
        '<project><metas><meta name="projectTitle"><string value="EP01"/></meta></metas><scenes>'
        '<scene name="panel_1" id="1"><metas><meta name="panelCaptions"><caption name="Dialogue"'
        f' value="{RELAY_ZH}"/><caption name="Action Notes" value="Keep the eye line level."/></meta></metas>'
        "</scene></scenes></project>"
    ).encode()
    found = [text for _, text in notes("ep01.sboard", sboard)]
    assert RELAY_ZH in found and "Keep the eye line level." in found


def test_krita_keeps_psd_resource_blocks_under_annotations():
    from media import iim, irb, xmp_packet

    resources = irb(
        (0x0404, iim((1, 90, b"\x1b%G"), (2, 120, RELAY_ZH.encode()))), (0x0424, xmp_packet({"ko": RELAY_KO}).encode())
    )
    maindoc = ('<DOC><IMAGE name="c012"><annotations><annotation type="PSD Resource Block: 1060"'
               ' description="0x0424 - XMP data block"/></annotations></IMAGE></DOC>')  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as kra:
        kra.writestr("maindoc.xml", maindoc)
        kra.writestr("annotations/PSD Resource Block: 1028", resources)
        kra.writestr("annotations/PSD Resource Block: 1060", xmp_packet({"zh-CN": "线条太粗"}).encode("utf-16"))
    found = {(c.text, c.source) for c in extract("c012.kra", buffer.getvalue())[0].comments}
    assert {(RELAY_ZH, "note"), (RELAY_KO, "note"), ("线条太粗", "note")} <= found
    assert ("0x0424 - XMP data block", "metadata") in found


def test_harmony_note_node_text_in_english_and_chinese():
    xstage = (b'<project><scenes><scene name="Top"><rootgroup><nodeslist><module type="NOTE" name="Note_1">'
              b'<attrs><text val="Keep the eye line level."/></attrs></module></nodeslist></rootgroup></scene>'
              b'</scenes></project>')  # fmt: skip
    assert ('NOTE node "Note_1" text', "Keep the eye line level.") in notes("c012.xstage", xstage)


def test_psd_style_pdf_dates_become_iso():
    from analyzer.extract.dates import pdf_date_to_iso

    assert pdf_date_to_iso("D:20120314093000+03'00'") == "2012-03-14T09:30:00+03:00"
    assert pdf_date_to_iso("D:20240109101200Z") == "2024-01-09T10:12:00Z"
    assert pdf_date_to_iso("D:20121399") is None and pdf_date_to_iso("yesterday") is None


@needs["ffmpeg"]
def test_a_scan_finds_the_relay_pair_in_a_timesheet_and_in_video_metadata(tmp_path):
    cut = tmp_path / "ep01" / "c012"
    cut.mkdir(parents=True)
    (cut / "c012.xdts").write_bytes(xdts([(0, "小明", RELAY_ZH), (24, "小明", RELAY_KO)], []))
    video = tmp_path / "ep02" / "c020"
    video.mkdir(parents=True)
    _run("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=black:s=16x16:d=1", "-c:v", "libx264",
         "-metadata", f"comment={RELAY_ZH}", "-metadata", f"description={RELAY_KO}", "-t", "1",
         str(video / "c020.mp4"))  # fmt: skip
    report = analyzer.scan([str(tmp_path)])
    pairs = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    where = {Path(f.path).suffix for f in pairs}
    assert {".xdts", ".mp4"} <= where, [(f.path, f.locator) for f in report.findings]

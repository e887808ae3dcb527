"""Photoshop and Clip Studio files: layers, text layers, annotations and embedded resources."""

from __future__ import annotations

import pytest
from media import (
    RELAY_KO,
    RELAY_ZH,
    by_locator,
    clip_database,
    clip_file,
    extract,
    iim,
    irb,
    psd_file,
    string_array,
    xmp_packet,
)

import analyzer


@pytest.fixture(scope="module")
def psd_bytes() -> bytes:
    resources = irb(
        (0x0404, iim((1, 90, b"\x1b%G"), (2, 40, "线条太粗，请画细一点".encode()))),
        (0x0424, xmp_packet({"ko": "선이 너무 굵습니다. 좀 가늘게 그려주십시오."}).encode()),
    )
    return psd_file(
        type_text=f"{RELAY_ZH}\r{RELAY_KO}",
        note_author="张三".encode("gbk"),
        note_text="眼睛位置太高了，往下移",
        legacy_name="台词".encode("gbk"),
        resources=resources,
    )


def test_psd_text_layers_layer_names_annotations_and_resources(psd_bytes):
    row, comments = extract("c001.psd", psd_bytes)
    assert row.status == "ok" and row.format == "psd"
    notes = {c.locator: c for c in comments}
    assert notes['layer "text" text'].text == f"{RELAY_ZH}\n{RELAY_KO}"
    assert notes['layer "修改/레이어 3"'].text == "레이어 3"
    assert notes['layer "修改/레이어 3"'].source == "metadata"  # Photoshop's Korean default name, not a note
    assert notes['layer "修改"'].source == "layer-name"
    assert notes['layer "台词"'].text == "台词"  # a legacy (non-Unicode) name in the local code page
    assert notes["annotation 1"].text == "眼睛位置太高了，往下移"
    assert notes["annotation 1"].author == "张三"  # psd-tools hands it over as MacRoman mojibake
    assert notes["IPTC:2:40"].text == "线条太粗，请画细一点"
    assert notes["XMP dc:description[ko]"].text == "선이 너무 굵습니다. 좀 가늘게 그려주십시오."


def test_psd_annotation_author_in_utf16_is_decoded():
    data = psd_file("x", "김철수".encode("utf-16-be"), "확인 바랍니다", b"Layer 1")
    _, comments = extract("c002.psd", data)
    assert {c.locator: c.author for c in comments}["annotation 1"] == "김철수"


def test_psd_text_layer_relay_pair_is_flagged(tmp_path, psd_bytes):
    (tmp_path / "c001.psd").write_bytes(psd_bytes)
    report = analyzer.scan([str(tmp_path)])
    locators = {f.locator for f in report.findings if f.rule == "relay.zh-ko-pair"}
    assert 'layer "text" text' in locators


def test_psd_is_found_by_its_signature(psd_bytes):
    row, _ = extract("c001.bin", psd_bytes)
    assert row.format == "psd"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"8BPS\x00\x01", "truncated PSD header"), (b"not a psd at all", "bad signature")],
)
def test_broken_psd_is_an_error_row(data, reason):
    row, comments = extract("bad.psd", data)
    assert row.status == "error" and reason in row.error and comments == ()


def test_truncated_psd_layers_are_an_error_row(psd_bytes):
    row, _ = extract("cut.psd", psd_bytes[: len(psd_bytes) // 2])
    assert row.status == "error" and row.error


def _clip() -> bytes:
    layers = [
        # MainId, LayerName, first child, next sibling, TextLayerString, TextLayerStringArray
        (1, "", 2, 0, None, None),  # the root folder
        (2, "修改", 3, 4, None, None),
        (3, "台词", 0, 0, RELAY_ZH.encode(), string_array(RELAY_ZH, RELAY_KO)),
        (4, "용지", 0, 0, None, None),
    ]
    return clip_file(clip_database(layers, project_comment="背景颜色太暗，参考设定稿"))


def test_clip_layers_text_and_comment_columns_come_from_the_embedded_database():
    row, comments = extract("c010.clip", _clip())
    assert row.status == "ok" and row.format == "clip"
    assert [(c.locator, c.text, c.source) for c in comments] == [
        ('layer "修改"', "修改", "layer-name"),
        ('layer "修改/台词"', "台词", "layer-name"),
        ('layer "修改/台词" text', RELAY_ZH, "note"),
        ('layer "修改/台词" text 2', RELAY_KO, "note"),
        ('layer "용지"', "용지", "metadata"),  # Clip Studio's Korean paper layer: a default, not a note
        ("Project.ProjectComment[1]", "背景颜色太暗，参考设定稿", "note"),
    ]


def test_clip_scan_flags_the_text_layer_pair_and_writes_nothing(tmp_path):
    (tmp_path / "c010.clip").write_bytes(_clip())
    before = sorted(p.name for p in tmp_path.iterdir())
    report = analyzer.scan([str(tmp_path)])
    assert [f.locator for f in report.findings if f.rule == "relay.zh-ko-pair"] == ['layer "修改/台词" text']
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_clip_without_a_chunk_header_is_carved_from_the_sqlite_header():
    database = clip_database([(1, "草稿", 0, 0, None, None)])
    row, comments = extract("c011.clip", b"CSFCHUNK" + b"\x00" * 40 + database)
    assert row.status == "ok" and by_locator(comments) == {'layer "草稿"': "草稿"}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"CSFCHUNK" + b"\x00" * 64, "no SQLite database"),
        (_clip()[:400], "broken SQLite chunk"),
        (b"SQLite format 3\x00 not a clip", "no CSFCHUNK"),
        (b"PK\x03\x04 not a clip", "not a readable zip archive"),  # content first: zip bytes are read as a zip
    ],
)
def test_broken_clip_is_an_error_row(data, reason):
    row, comments = extract("bad.clip", data)
    assert row.status == "error" and reason in row.error and comments == ()


def test_clip_query_budget_stops_a_database_too_costly_to_read(monkeypatch):
    from analyzer.extract.formats import clip

    monkeypatch.setattr(clip, "MAX_STEPS", 10_000)
    layers = [(i, f"图层 {i}", 0, i + 1, None, None) for i in range(1, 3000)]
    row, comments = extract("huge.clip", clip_file(clip_database(layers)))
    assert row.status == "error" and "query steps" in row.error and comments == ()


def test_psb_large_document_format_is_read():
    import io

    from PIL import Image
    from psd_tools import PSDImage

    psd = PSDImage.new("RGB", (4, 4))
    layer = psd.create_pixel_layer(Image.new("RGB", (4, 4)), name="layer")
    layer.name = "背景修改"
    psd._record.header.version = 2  # PSB: 8-byte lengths in the layer section
    buffer = io.BytesIO()
    psd.save(buffer)
    row, comments = extract("c020.psb", buffer.getvalue())
    assert buffer.getvalue()[4:6] == b"\x00\x02"
    assert row.status == "ok" and by_locator(comments) == {'layer "背景修改"': "背景修改"}

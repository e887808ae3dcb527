"""Legacy encodings on short, realistic notes: the file row records the encoding used."""

from __future__ import annotations

import json

import pytest
from extract_helpers import extract

from analyzer.extract.decode import decode_text

NOTES = [
    ("眼睛太大", "gb18030"),
    ("头太大了，请缩小一点", "gb18030"),
    ("頭太大了，請縮小一點", "big5"),
    ("眼睛位置太高", "big5"),
    ("머리가 너무 큽니다", "cp949"),
    ("눈 위치 수정", "cp949"),
    ("目の位置が高すぎる", "cp932"),
    ("線を細くしてください", "cp932"),
]


@pytest.mark.parametrize(("text", "codec"), NOTES)
def test_short_json_note_in_a_legacy_encoding(text, codec):
    data = json.dumps({"notes": [{"text": text}]}, ensure_ascii=False).encode(codec)
    [extraction] = extract("c012.json", data)
    assert [c.text for c in extraction.comments] == [text]
    assert extraction.row.encoding == codec


def test_the_gbk_note_from_the_issue_is_not_read_as_cp949():
    data = '{"notes":[{"text":"眼睛太大"}]}'.encode("gbk")
    assert decode_text(data) == decode_text(data).__class__('{"notes":[{"text":"眼睛太大"}]}', "gb18030")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["眼睛太大 C012", "머리가 너무 큽니다", "C012: 目が大きい"])
def test_utf16_without_bom(text, codec):
    decoded = decode_text(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, codec)


def test_euc_kr_and_shift_jis_are_their_supersets():
    assert decode_text("수정 요청".encode("euc-kr")).encoding == "cp949"
    assert decode_text("修正してください".encode("shift_jis")).encoding == "cp932"


def test_latin_text_still_goes_to_charset_normalizer():
    decoded = decode_text("Retake: the café scene, cut 12 — keep the line thinner.".encode("cp1252"))
    assert "café" in decoded.text

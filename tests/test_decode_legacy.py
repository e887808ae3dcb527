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


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_byte_order_mark_decides_and_the_row_records_it(codec):
    import codecs

    bom = {"utf-8-sig": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]  # fmt: skip
    lines = ["头太大了，请缩小一点", "머리가 너무 큽니다. 조금 줄여주십시오."]
    [extraction] = extract("c012.txt", bom + "\n".join(lines).encode(codec))
    assert extraction.row.encoding == codec
    assert [c.text for c in extraction.comments] == lines


@pytest.mark.parametrize(("text", "codec"), NOTES)
def test_plain_note_file_in_a_legacy_encoding_records_it(text, codec):
    [extraction] = extract("c012.txt", f"C012: {text}\n".encode(codec))
    assert [c.text for c in extraction.comments] == [f"C012: {text}"]
    assert extraction.row.encoding == codec


def test_a_file_named_in_gbk_on_a_utf8_file_system_is_read_and_shown_decoded(tmp_path):
    import os

    from analyzer.extract import extract_file
    from analyzer.model import FileRef

    folder = os.fsencode(tmp_path) + b"/" + "第2集".encode()  # a UTF-8 folder, then a GBK file name from unzip
    os.mkdir(folder)
    raw = folder + b"/" + "修改意见.txt".encode("gbk")
    with open(raw, "wb") as handle:
        handle.write("头太大了".encode())
    path = os.fsdecode(raw)  # what os.walk gives: the GBK bytes surrogate-escaped
    [extraction] = extract_file(FileRef(path=path, fs_path=path, size=12, root=str(tmp_path)))
    shown = f"{tmp_path}/第2集/修改意见.txt"
    assert (extraction.row.path, extraction.row.status) == (shown, "ok")
    assert [(c.path, c.text) for c in extraction.comments] == [(shown, "头太大了")]
    assert extraction.comments[0].id.encode("ascii")  # the id is computed, not a crash on surrogates


def test_json_escapes_of_lone_surrogates_become_replacement_characters():
    [extraction] = extract("c012.json", b'{"notes": ["\\udb2e head too big \\ud83d\\ude00"]}')
    assert [c.text for c in extraction.comments] == ["\ufffd head too big \U0001f600"]  # a valid pair is kept

"""Retake sheets: CSV/TSV/XLSX with note columns found by header, and the fallback without one."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from extract_helpers import extract, notes
from openpyxl.comments import Comment

import analyzer
from analyzer.extract.sheet import header_kind


def _workbook(rows: list[list[object]], title: str = "Retakes") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    sheet["B3"].comment = Comment("头太大了，请缩小一点", "审核A")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_note_columns_by_header_with_time_and_author():
    data = _workbook(
        [
            ["第2集 修改单"],  # a title row above the header
            ["镜头", "修改意见", "번역", "修改人", "日期", "帧数"],
            ["C012", "眼睛位置太高了", "눈 위치가 너무 높습니다", "王", "2024-03-01", 24],
        ]
    )
    [extraction] = extract("ep02/retakes.xlsx", data)
    assert extraction.row.status == "ok" and extraction.row.format == "xlsx"
    found = {c.locator: c for c in extraction.comments}
    assert found["Retakes!B3"].text == "眼睛位置太高了"
    assert found["Retakes!C3"].text == "눈 위치가 너무 높습니다"
    assert (found["Retakes!B3"].author, found["Retakes!B3"].timestamp) == ("王", "2024-03-01")
    assert found["Retakes!B3 (comment)"].text == "头太大了，请缩小一点"
    assert found["Retakes!B3 (comment)"].author == "审核A"
    assert "C012" not in {c.text for c in extraction.comments}  # the cut column is not a note column


def test_xlsx_sheet_names_with_spaces_are_quoted_and_no_header_reads_human_cells():
    data = _workbook([["C012", "眼睛太大", "x1"], [3, "OK", "Keep the line weight"]], title="Sheet 2")
    assert notes("a.xlsx", data)[:2] == [("'Sheet 2'!B1", "眼睛太大"), ("'Sheet 2'!C2", "Keep the line weight")]


def test_csv_in_gbk_with_korean_header_variants():
    text = "镜头,备注/비고,작성자\nC001,头太大了,김\nC002,-,김\nC003,眼睛太大,\n"
    [extraction] = extract("sheet.csv", text.encode("gb18030"))
    assert extraction.row.encoding == "gb18030"
    assert [(c.locator, c.text, c.author) for c in extraction.comments] == [
        ("B2", "头太大了", "김"),
        ("B4", "眼睛太大", None),
    ]


def test_csv_semicolon_delimiter_and_multiline_cell_counts_records_not_lines():
    text = 'cut;comment\nC1;"line one\nline two"\nC2;머리가 너무 큽니다\n'
    assert notes("a.csv", text.encode("utf-8")) == [("B2", "line one\nline two"), ("B3", "머리가 너무 큽니다")]


def test_tsv_in_cp949_with_memo_column():
    text = "컷\t메모\nC1\t머리가 너무 큽니다\n"
    [extraction] = extract("a.tsv", text.encode("cp949"))
    assert extraction.row.encoding == "cp949"
    assert [(c.locator, c.text) for c in extraction.comments] == [("B2", "머리가 너무 큽니다")]


def test_broken_xlsx_is_an_error_row():
    [extraction] = extract("a.xlsx", b"PK\x03\x04 not really a workbook")
    assert extraction.row.status == "error"
    assert "xlsx" in extraction.row.error or "workbook" in extraction.row.error


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("修改意见 (CN)", "note"),
        ("备注/비고", "note"),
        ("画面修改意见", "note"),
        ("한국어 번역", "note"),
        ("Retake notes", "note"),
        ("修改", "note"),
        ("备注", "note"),
        ("수정", "note"),
        ("메모", "note"),
        ("Comment", "note"),
        ("note_ko", "note"),  # a language tag around a note word
        ("Memo (KR)", "note"),
        ("retakeNotes", "note"),
        ("修改时间", "time"),
        ("updated_by", "author"),
        ("修改人", "author"),
        ("日期", "time"),
        ("镜头", None),
        ("Standby", None),  # "by" is an author key, but too short to match inside a word
    ],
)
def test_header_kinds(header, kind):
    assert header_kind(header) == kind


def test_bilingual_retake_sheet_is_reported_as_a_relay_at_its_cell(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "修改单"
    sheet.append(["镜头", "修改意见", "번역", "修改人"])
    sheet.append(["C012", "眼睛位置太高了，往下移", "눈 위치가 너무 높습니다. 아래로 옮겨주십시오.", "王"])
    book.save(tmp_path / "retakes.xlsx")
    report = analyzer.scan([str(tmp_path)])
    [finding] = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    assert (finding.path, finding.locator) == (str(tmp_path / "retakes.xlsx"), "修改单!B2")


def test_excel_unicode_text_export_utf16_tabs_in_a_csv():
    text = "镜头\t备注\r\nC012\t眼睛太大\r\n"
    [extraction] = extract("export.csv", text.encode("utf-16"))  # with BOM, as Excel writes it
    assert extraction.row.encoding.startswith("utf-16")
    assert [(c.locator, c.text) for c in extraction.comments] == [("B2", "眼睛太大")]


def test_entity_expansion_inside_a_workbook_part_is_refused():
    book = openpyxl.Workbook()
    book.active.append(["备注", "头太大了"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    laughs = b'<!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in source.namelist():
            part = source.read(name)
            package.writestr(name, part.replace(b"<worksheet", laughs, 1) if name.endswith("sheet1.xml") else part)
    [extraction] = extract("bomb.xlsx", out.getvalue())
    assert extraction.row.status == "error" and "unsafe XML refused" in extraction.row.error

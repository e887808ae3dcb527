"""Documents, presentations, sheets and PDFs made by their producing tools: every place a note can sit is read.

Files come from python-docx, python-pptx, odfpy, openpyxl, reportlab + pypdf, and LibreOffice headless
for the legacy formats and its own exports (tests/office_fixtures.py).
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from extract_helpers import extract
from office_fixtures import (
    KO,
    KO2,
    ZH,
    ZH2,
    convert,
    deck_pptx,
    retake_ods,
    retake_pdf,
    retake_xlsx,
    review_docx,
    review_odt,
    soffice_missing,
)

import analyzer

needs_soffice = pytest.mark.skipif(soffice_missing() is not None, reason=soffice_missing() or "")


def _read(name: str, data: bytes) -> tuple[object, dict[str, object]]:
    extractions = extract(name, data)
    row = extractions[0].row
    assert row.status == "ok", row.error
    return row, {c.locator: c for c in extractions[0].comments}


def _notes(found: dict) -> dict[str, str]:
    return {locator: c.text for locator, c in found.items() if c.source == "note"}


def test_docx_paragraph_runs_comment_tracked_changes_table_and_header():
    row, found = _read("review.docx", review_docx())
    assert row.format == "docx"
    assert found["paragraph 1"].text == "C012 " + ZH  # two runs, one note
    assert found["paragraph 2"].text == KO
    comment = found["comment 1 (paragraph 2)"]
    assert (comment.text, comment.author) == (KO2, "김") and comment.timestamp.startswith("20")
    inserted, deleted = found["paragraph 3 (inserted)"], found["paragraph 3 (deleted)"]
    assert (inserted.text, inserted.author, inserted.timestamp) == (ZH2, "王", "2024-03-01T10:00:00Z")
    assert (deleted.text, deleted.author) == ("旧的说明", "李")
    assert found["paragraph 3"].text == "Keep"
    assert found["paragraph 5"].text == "线条太粗"  # table cells are paragraphs in document order
    assert found["header 1 paragraph 1"].text == "第2集 修改单"
    assert found["docProps/app.xml:Application"].source == "metadata"


def test_docx_relay_pair_is_a_finding_end_to_end(tmp_path):
    (tmp_path / "ep02").mkdir()
    (tmp_path / "ep02" / "c012_review.docx").write_bytes(review_docx())
    report = analyzer.scan([str(tmp_path)])
    assert any(f.rule == "relay.zh-ko-pair" for f in report.findings)


def test_retake_pdf_relay_pair_is_a_finding_end_to_end(tmp_path):
    (tmp_path / "c012_retake.pdf").write_bytes(retake_pdf())
    report = analyzer.scan([str(tmp_path)])
    pairs = [f for f in report.findings if f.rule == "relay.zh-ko-pair"]
    assert pairs and all(f.path.endswith("c012_retake.pdf") for f in pairs)


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


def test_a_refused_part_makes_the_document_an_error_row_not_an_empty_ok():
    bomb = b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa">]><w:comments ' + b'xmlns:w="x">&a;</w:comments>'
    data = _with_part(review_docx(), "word/comments.xml", bomb)
    [extraction] = extract("review.docx", data)
    assert extraction.row.status == "error" and "word/comments.xml" in extraction.row.error
    assert "unsafe XML" in extraction.row.error
    for name, part in (("deck.pptx", "ppt/comments/comment1.xml"), ("review.odt", "content.xml")):
        source = deck_pptx() if name.endswith("pptx") else review_odt()
        [extraction] = extract(name, _with_part(source, part, bomb))
        assert extraction.row.status == "error" and "unsafe XML" in extraction.row.error, name


def test_odt_tracked_changes_comment_footnote_and_header():
    row, found = _read("review.odt", review_odt())
    assert row.format == "odt"
    assert found["paragraph 1"].text == "C012 " + ZH
    inserted = found["paragraph 2 (inserted)"]
    assert (inserted.text, inserted.author, inserted.timestamp) == (KO, "김", "2024-03-02T09:00:00")
    assert found["paragraph 3"].text == ZH2
    assert (found["paragraph 3 (deleted)"].text, found["paragraph 3 (deleted)"].author) == ("旧的说明", "王")
    comment = found["comment 1 (paragraph 3)"]
    assert (comment.text, comment.author, comment.timestamp) == (KO2, "김", "2024-03-01T10:00:00")
    assert found["footnote 1"].text == "线条太粗"
    assert found["header paragraph 1"].text == "第2集 修改单"


@needs_soffice
def test_libreoffice_docx_export_keeps_changes_comments_and_footnotes():
    _, found = _read("review.docx", convert(review_odt(), ".odt", "docx"))
    assert found["paragraph 2 (inserted)"].text == KO and found["paragraph 2 (inserted)"].author == "김"
    assert found["paragraph 3 (deleted)"].text == "旧的说明"
    assert found["comment 1 (paragraph 3)"].author == "김"
    assert found["footnote 1"].text == "线条太粗"


@needs_soffice
def test_legacy_doc_piece_table_changes_footnote_header_and_comment_author():
    row, found = _read("review.doc", convert(review_odt(), ".odt", "doc"))
    assert row.format == "doc"
    assert found["paragraph 1"].text == "C012 " + ZH
    inserted = found["paragraph 2 (inserted)"]  # revision marks in the character properties, authors in SttbfRMark
    assert (inserted.text, inserted.author, inserted.timestamp) == (KO, "김", "2024-03-02T09:00:00")
    assert found["paragraph 3"].text == ZH2
    deleted = found["paragraph 3 (deleted)"]
    assert (deleted.text, deleted.author, deleted.timestamp) == ("旧的说明", "王", "2024-03-02T10:00:00")
    assert found["footnote 1"].text == "线条太粗"
    assert found["header paragraph 1"].text == "第2集 修改单"
    comment = found["comment 1 (paragraph 3)"]
    assert (comment.text, comment.author, comment.timestamp) == (KO2, "김", "2024-03-01T10:00:00")


@needs_soffice
def test_legacy_doc_with_8_bit_pieces():
    import docx

    document = docx.Document()
    document.add_paragraph("Keep the eye line level, café style.")
    buffer = io.BytesIO()
    document.save(buffer)
    _, found = _read("western.doc", convert(buffer.getvalue(), ".docx", "doc"))
    assert found["paragraph 1"].text == "Keep the eye line level, café style."


@needs_soffice
def test_libreoffice_rtf_export_marks_insertions_deletions_and_comments():
    row, found = _read("review.rtf", convert(review_odt(), ".odt", "rtf"))
    assert row.format == "rtf"
    assert found["paragraph 1"].text == "C012 " + ZH
    inserted = found["paragraph 2 (inserted)"]
    assert (inserted.text, inserted.author, inserted.timestamp) == (KO, "김", "2024-03-02T09:00:00")
    assert found["paragraph 3 (deleted)"].text == "旧的说明"
    comment = found["comment 1 (paragraph 3)"]
    assert (comment.text, comment.timestamp) == (KO2, "2024-03-01T10:00:00")
    assert found["footnote 1"].text == "线条太粗"


CODE_PAGES = [(936, "gbk", ZH), (949, "cp949", KO), (950, "big5", "頭太大了")]


@pytest.mark.parametrize(("codepage", "codec", "text"), CODE_PAGES)
def test_rtf_legacy_code_pages_in_hex_escapes(codepage, codec, text):
    escaped = "".join(f"\\'{byte:02x}" for byte in text.encode(codec))
    rtf = (
        f"{{\\rtf1\\ansi\\ansicpg{codepage}\\deff0{{\\fonttbl{{\\f0\\fnil\\fcharset0 Font;}}}}"
        f"{{\\info{{\\author \\'cd\\'f5}}}}"
        f"\\pard C012 {escaped}\\par\\pard \\u54\\'3f\\u50\\'3f OK\\par}}"
    )
    row, found = _read("notes.rtf", rtf.encode("ascii"))
    assert found["paragraph 1"].text == "C012 " + text
    assert found["paragraph 2"].text == "62 OK"  # \uN with its one fallback byte skipped
    assert found["info:author"].source == "metadata"


def test_rtf_font_charset_wins_over_the_document_code_page():
    korean = "".join(f"\\'{b:02x}" for b in KO2.encode("cp949"))
    rtf = f"{{\\rtf1\\ansi\\ansicpg1252{{\\fonttbl{{\\f1\\fnil\\fcharset129 Gulim;}}}}\\pard\\f1 {korean}\\par}}"
    _, found = _read("notes.rtf", rtf.encode("ascii"))
    assert found["paragraph 1"].text == KO2


def test_pdf_annotations_replies_dates_page_text_info_and_attachment():
    extractions = extract("retake.pdf", retake_pdf())
    row = extractions[0].row
    assert row.status == "ok" and row.format == "pdf"
    found = {c.locator: c for c in extractions[0].comments}
    note = found["page 1 annotation 1"]
    assert (note.text, note.author, note.timestamp) == (ZH2, "王", "2024-03-01T10:12:00+08:00")
    reply = found["page 1 annotation 2 (reply to annotation 1)"]
    assert (reply.text, reply.author, reply.timestamp) == (KO2, "김", "2024-03-01T11:30:00Z")
    assert found["page 2 annotation 1"].text == "线条太粗"  # FreeText
    highlight = found["page 2 annotation 2"]
    assert (highlight.text, highlight.author) == ("口型对不上", "王")
    assert found["page 2 annotation 3"].text == "已 确认 &通过"  # a stamp's rich text, markup removed; no popup row
    assert "page 2 annotation 4" not in found
    assert found["XMP dc:description[zh-CN]"].text == ZH
    assert found["page 1 line 1"].text == "C012 " + ZH  # a wrapped sentence is one note
    assert found["page 1 line 3"].text == KO
    assert found["page 2 line 1"].text == "Layout approved."
    assert found["PDF Info:Title"].source == "metadata" and found["PDF Info:Title"].text == "第2集 修改"
    [member] = [e for e in extractions if e.row.member]
    assert member.row.member == "c012_notes.txt" and member.comments[0].text == "口型对不上"


def test_pdf_with_a_user_password_is_an_error_row_and_an_empty_one_is_read():
    [locked] = extract("locked.pdf", retake_pdf(user_password="secret"))
    assert locked.row.status == "error" and "password" in locked.row.error
    _, found = _read("open.pdf", retake_pdf(user_password=""))
    assert found["page 1 annotation 1"].text == ZH2


@needs_soffice
def test_libreoffice_pdf_export_reads_page_text():
    _, found = _read("review.pdf", convert(review_odt(), ".odt", "pdf"))
    text = "\n".join(_notes(found).values())
    assert ZH2 in text and "头太大了" in text


def test_pptx_slides_notes_comments_in_order_and_prompts_are_metadata():
    row, found = _read("deck.pptx", deck_pptx())
    assert row.format == "pptx"
    assert found["slide 1 shape 1"].text == "C012 修改"
    assert found["slide 1 shape 2"].text == ZH
    assert found["slide 1 shape 3"].text == KO
    assert found["slide 1 notes"].text == ZH2
    comment = found["slide 1 comment 1"]
    assert (comment.text, comment.author, comment.timestamp) == (KO2, "김", "2024-03-01T10:00:00.000")
    assert found["slide 2 shape 1"].source == "metadata"  # "Click to add title" left in a slide


@needs_soffice
def test_odp_and_legacy_ppt_from_libreoffice():
    for target in ("odp", "ppt"):
        row, found = _read(f"deck.{target}", convert(deck_pptx(), ".pptx", target))
        assert row.format == target
        assert found["slide 1 shape 2"].text == ZH, target
        assert found["slide 1 shape 3"].text == KO, target
        assert found["slide 1 notes"].text == ZH2, target
        assert found["slide 2 shape 1"].source == "metadata", target


def test_ods_note_columns_comment_and_a_million_repeated_rows():
    row, found = _read("retakes.ods", retake_ods())
    assert row.format == "ods"
    assert found["'Retake list'!B2"].text == ZH and found["'Retake list'!C2"].text == KO
    comment = found["'Retake list'!B2 (comment)"]
    assert (comment.text, comment.author, comment.timestamp) == (ZH2, "王", "2024-03-01T10:00:00")
    assert "'Retake list'!A2" not in found  # the cut column is not a note column


@needs_soffice
def test_legacy_xls_note_columns_time_author_and_cell_comment():
    row, found = _read("retakes.xls", convert(retake_xlsx(), ".xlsx", "xls"))
    assert row.format == "xls"
    note = found["Retakes!B3"]
    assert (note.text, note.author, note.timestamp) == (ZH, "王", "2024-03-01")
    assert found["Retakes!C3"].text == KO
    assert found["Retakes!B3 (comment)"].text == ZH2


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def biff5_workbook(codepage: int, codec: str, rows: list[list[str]]) -> bytes:
    """An Excel 5/95 workbook stream written record by record ([MS-XLS]: BOF, CODEPAGE, BOUNDSHEET, LABEL, EOF):
    its 8-bit text is in the code page the CODEPAGE record names. LibreOffice no longer writes BIFF5."""
    sheet = _record(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0, 0))  # BOF of a worksheet
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            raw = value.encode(codec)
            sheet += _record(0x0204, struct.pack("<HHHH", r, c, 0, len(raw)) + raw)  # LABEL
    sheet += _record(0x000A, b"")
    globals_ = _record(0x0809, struct.pack("<HHHH", 0x0500, 0x0005, 0, 0)) + _record(
        0x0042, struct.pack("<H", codepage)
    )
    name = b"Retakes"
    position = len(globals_) + len(_record(0x0085, bytes(7 + len(name)))) + 4  # the sheet's BOF follows EOF
    bound = _record(0x0085, struct.pack("<IHB", position, 0, len(name)) + name)
    return globals_ + bound + _record(0x000A, b"") + sheet


BIFF5_SHEETS = [(936, "gbk", ["镜头", "修改意见"], ZH), (949, "cp949", ["컷", "메모"], KO)]


@pytest.mark.parametrize(("codepage", "codec", "header", "text"), BIFF5_SHEETS)
def test_legacy_xls_biff5_text_in_the_workbook_code_page(codepage, codec, header, text):
    row, found = _read("old.xls", biff5_workbook(codepage, codec, [header, ["C012", text]]))
    assert row.encoding == f"cp{codepage}"
    assert found["Retakes!B2"].text == text


def test_broken_documents_are_error_rows_with_a_reason():
    for name in ("a.doc", "a.ppt", "a.xls", "a.pdf", "a.rtf", "a.docx", "a.odt", "a.pptx", "a.ods", "a.odp"):
        [extraction] = extract(name, b"not a document at all")
        assert extraction.row.status == "error" and extraction.row.error, name
        assert "reader failed" not in extraction.row.error, name


def test_pdf_caps_pages_and_annotations_and_says_so(monkeypatch):
    from analyzer.extract.formats import pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    monkeypatch.setattr(pdf, "MAX_ANNOTATIONS", 1)
    extractions = extract("retake.pdf", retake_pdf())
    row, found = extractions[0].row, {c.locator: c for c in extractions[0].comments}
    assert row.status == "error" and "only the first 1" in row.error and "more than 1 annotations" in row.error
    assert "page 1 annotation 1" in found and "page 1 annotation 2 (reply to annotation 1)" not in found
    assert not any(locator.startswith("page 2") for locator in found)


def test_pdf_embedded_files_go_through_the_archive_budget():
    extractions = extract("retake.pdf", retake_pdf(), analyzer.Limits(max_archive_bytes=4))
    assert extractions[0].row.comments
    [member] = [e.row for e in extractions if e.row.member]
    assert member.member == "c012_notes.txt" and member.status == "error" and "limit" in member.error


def test_rtf_text_box_of_a_shape_is_read_once_and_its_fallback_skipped():
    box = "".join(f"\\'{b:02x}" for b in ZH2.encode("gbk"))
    rtf = (
        "{\\rtf1\\ansi\\ansicpg936\\pard C012\\par{\\shp{\\*\\shpinst{\\sp{\\sn shapeType}{\\sv 202}}"
        f"{{\\shptxt \\pard {box}\\par}}}}{{\\shprslt{{\\*\\do\\dobxcolumn{{\\dptxbxtext \\pard {box}\\par}}}}}}}}"
        "\\pard OK\\par}"
    )
    _, found = _read("notes.rtf", rtf.encode("ascii"))
    assert _notes(found) == {"paragraph 1": "C012", "paragraph 2": ZH2, "paragraph 3": "OK"}


@needs_soffice
def test_a_legacy_office_file_under_a_new_format_name_says_what_it_is():
    [extraction] = extract("review.docx", convert(review_odt(), ".odt", "doc"))
    assert extraction.row.status == "error" and "legacy Office (OLE) file" in extraction.row.error


def test_comments_nested_past_what_a_reader_walks_are_an_error_row():
    opening = b"<office:annotation><text:p>" * 20000
    closing = b"</text:p></office:annotation>" * 20000
    content = (
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>'
        + opening
        + b"x"
        + closing
        + b"</text:p></office:text></office:body></office:document-content>"
    )
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w") as package:  # stored, so the bomb guard lets it through to the reader
        package.writestr("content.xml", content)
    [extraction] = extract("deep.odt", stored.getvalue())
    assert extraction.row.status == "error" and "nested too deeply" in extraction.row.error


@needs_soffice
def test_legacy_office_files_without_their_suffix_are_found_by_their_streams():
    for target, fmt in (("doc", "doc"), ("ppt", "ppt"), ("xls", "xls")):
        source = retake_xlsx() if target == "xls" else deck_pptx() if target == "ppt" else review_odt()
        suffix = {"doc": ".odt", "ppt": ".pptx", "xls": ".xlsx"}[target]
        [extraction] = extract("c012_attachment.dat", convert(source, suffix, target))
        assert extraction.row.status == "ok" and extraction.row.format == fmt, extraction.row


def test_a_renamed_pdf_is_read_as_a_pdf():
    row, found = _read("c012_notes.txt", retake_pdf())
    assert row.format == "pdf" and found["page 1 annotation 1"].text == ZH2

"""Office documents, presentations, sheets and PDFs made by their producing libraries (and LibreOffice headless).

Each carries a relay pair (a Chinese instruction and its Korean translation) in the places its format
keeps notes. Legacy formats (.doc, .ppt, .xls) and LibreOffice's own exports come from `soffice
--headless --convert-to`; `soffice_missing()` says why they cannot be made when LibreOffice is absent.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from functools import cache
from pathlib import Path

ZH = "头太大了，请缩小一点。"
KO = "머리가 너무 큽니다. 조금 줄여주십시오."
ZH2 = "眼睛位置太高了"
KO2 = "눈 위치가 너무 높습니다"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def soffice_missing() -> str | None:
    if shutil.which("soffice") is None:
        return "LibreOffice (soffice) is not installed: `make test` installs libreoffice-writer/-calc/-impress"
    return None


@cache
def convert(data: bytes, suffix: str, target: str) -> bytes:
    """The file LibreOffice writes when it converts `data` (a `suffix` file) to `target` (doc, ppt, xls, rtf, pdf)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"in{suffix}"
        source.write_bytes(data)
        profile = Path(folder) / "profile"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
             "--outdir", folder, str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return (Path(folder) / f"in.{target.split(':')[0]}").read_bytes()


@cache
def review_odt() -> bytes:
    """A review document: a relay pair as tracked insertion, a deletion, a comment, a footnote, a header."""
    from odf.dc import Creator, Date
    from odf.namespaces import XMLNS
    from odf.office import Annotation, ChangeInfo
    from odf.opendocument import OpenDocumentText
    from odf.style import Header, MasterPage, PageLayout
    from odf.text import (
        Change,
        ChangedRegion,
        ChangeEnd,
        ChangeStart,
        Deletion,
        Insertion,
        Note,
        NoteBody,
        NoteCitation,
        P,
        Span,
        TrackedChanges,
    )  # fmt: skip

    def info(author: str, date: str) -> ChangeInfo:
        change = ChangeInfo()
        change.addElement(Creator(text=author))
        change.addElement(Date(text=date))
        return change

    doc = OpenDocumentText()
    layout = PageLayout(name="pm1")
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    header.addElement(P(text="第2集 修改单"))
    master.addElement(header)
    doc.masterstyles.addElement(master)
    changes = TrackedChanges()
    inserted = ChangedRegion(qattributes={(XMLNS, "id"): "ct1"}, id="ct1")
    insertion = Insertion()
    insertion.addElement(info("김", "2024-03-02T09:00:00"))
    inserted.addElement(insertion)
    deleted = ChangedRegion(qattributes={(XMLNS, "id"): "ct2"}, id="ct2")
    deletion = Deletion()
    deletion.addElement(info("王", "2024-03-02T10:00:00"))
    deletion.addElement(P(text="旧的说明"))
    deleted.addElement(deletion)
    changes.addElement(inserted)
    changes.addElement(deleted)
    doc.text.addElement(changes)
    first = P(text="C012 " + ZH[:5])
    first.addElement(Span(text=ZH[5:]))  # one note across two runs
    doc.text.addElement(first)
    second = P(text="")
    second.addElement(ChangeStart(changeid="ct1"))
    second.addText(KO)
    second.addElement(ChangeEnd(changeid="ct1"))
    doc.text.addElement(second)
    third = P(text=ZH2)
    third.addElement(Change(changeid="ct2"))
    comment = Annotation()
    comment.addElement(Creator(text="김"))
    comment.addElement(Date(text="2024-03-01T10:00:00"))
    comment.addElement(P(text=KO2))
    third.addElement(comment)
    note = Note(noteclass="footnote", id="ftn1")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="线条太粗"))
    note.addElement(body)
    third.addElement(note)
    doc.text.addElement(third)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


@cache
def review_docx() -> bytes:
    """python-docx: a paragraph in two runs, a Korean comment with author, tracked changes, a table, a header."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("C012 " + ZH[:5])
    paragraph.add_run(ZH[5:])
    translation = document.add_paragraph(KO)
    document.add_comment(translation.runs, text=KO2, author="김", initials="K")
    changed = document.add_paragraph("Keep ")
    change = 'w:author="{}" w:date="2024-03-0{}T10:00:00Z" ' + W
    inserted = f"<w:ins w:id='9' {change.format('王', 1)}><w:r><w:t>{ZH2}</w:t></w:r></w:ins>"
    deleted = f"<w:del w:id='10' {change.format('李', 2)}><w:r><w:delText>旧的说明</w:delText></w:r></w:del>"
    changed._p.append(parse_xml(inserted))
    changed._p.append(parse_xml(deleted))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "C013"
    table.cell(0, 1).text = "线条太粗"
    document.sections[0].header.paragraphs[0].text = "第2集 修改单"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def retake_pdf(user_password: str | None = None) -> bytes:
    """reportlab page text (CID fonts, no font files) plus pypdf annotations, a reply, info and an attachment."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText, Highlight, Popup, Text
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject, TextStringObject
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdfmetrics.registerFont(UnicodeCIDFont("HYSMyeongJo-Medium"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=True)
    page.setFont("STSong-Light", 12)
    page.drawString(72, 700, "C012 " + ZH[:5])  # one sentence wrapped over two lines
    page.drawString(72, 686, ZH[5:])
    page.setFont("HYSMyeongJo-Medium", 12)
    page.drawString(72, 660, KO)
    page.showPage()
    page.setFont("Helvetica", 12)
    page.drawString(72, 700, "Layout approved.")
    page.showPage()
    page.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    note = Text(rect=(50, 550, 200, 650), text=ZH2)
    note[NameObject("/T")] = TextStringObject("王")
    note[NameObject("/M")] = TextStringObject("D:20240301101200+08'00'")
    parent = writer.add_annotation(page_number=0, annotation=note)
    reply = Text(rect=(50, 550, 200, 650), text=KO2)
    reply[NameObject("/T")] = TextStringObject("김")
    reply[NameObject("/CreationDate")] = TextStringObject("D:20240301113000Z")
    reply[NameObject("/IRT")] = parent.indirect_reference
    writer.add_annotation(page_number=0, annotation=reply)
    writer.add_annotation(page_number=1, annotation=FreeText(text="线条太粗", rect=(50, 550, 200, 650)))
    highlight = Highlight(
        rect=(72, 655, 300, 672),
        quad_points=ArrayObject([FloatObject(v) for v in (72, 672, 300, 672, 72, 655, 300, 655)]),
    )
    highlight[NameObject("/Contents")] = TextStringObject("口型对不上")
    highlight[NameObject("/T")] = TextStringObject("王")
    marked = writer.add_annotation(page_number=1, annotation=highlight)
    popup = Popup(rect=(300, 600, 400, 700), parent=marked)  # the highlight's pop-up window: not a second comment
    writer.add_annotation(page_number=1, annotation=popup)
    stamp = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Stamp")})
    stamp[NameObject("/Rect")] = ArrayObject([FloatObject(v) for v in (300, 300, 400, 350)])
    stamp[NameObject("/RC")] = TextStringObject(
        '<body xmlns="http://www.w3.org/1999/xhtml"><p>已<b>确认</b>&amp;通过</p></body>'
    )
    writer.add_annotation(page_number=1, annotation=stamp)
    writer.add_attachment("c012_notes.txt", "口型对不上\n".encode())
    writer.add_metadata({"/Title": "第2集 修改", "/Author": "王"})
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
        f'<rdf:li xml:lang="zh-CN">{ZH}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>'
    )
    metadata = StreamObject()
    metadata.set_data(xmp.encode())
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer.root_object[NameObject("/Metadata")] = writer._add_object(metadata)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@cache
def deck_pptx() -> bytes:
    """python-pptx: title, body and a text box on slide 1, speaker notes, a leftover prompt on slide 2, a comment."""
    import pptx
    from pptx.util import Inches

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "C012 修改"
    body = slide.placeholders[1].text_frame
    body.text = ZH[:5]
    body.paragraphs[0].add_run().text = ZH[5:]
    box = slide.shapes.add_textbox(Inches(1), Inches(5), Inches(4), Inches(1))
    box.text_frame.text = KO
    slide.notes_slide.notes_text_frame.text = ZH2
    deck.slides.add_slide(deck.slide_layouts[1]).shapes.title.text = "Click to add title"
    buffer = io.BytesIO()
    deck.save(buffer)
    return _with_pptx_comment(buffer.getvalue(), KO2, "김", "2024-03-01T10:00:00.000")


def _with_pptx_comment(data: bytes, text: str, author: str, date: str) -> bytes:
    """A classic PowerPoint comment on slide 1 (python-pptx cannot write one): the parts PowerPoint 2010 writes."""
    p = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "ppt/commentAuthors.xml": f'<p:cmAuthorLst {p}><p:cmAuthor id="0" name="{author}" initials="K" lastIdx="1" '
        'clrIdx="0"/></p:cmAuthorLst>',
        "ppt/comments/comment1.xml": f'<p:cmLst {p}><p:cm authorId="0" dt="{date}" idx="1"><p:pos x="10" y="10"/>'
        f"<p:text>{text}</p:text></p:cm></p:cmLst>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "ppt/_rels/presentation.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdC" Type="{rel}/commentAuthors" Target="commentAuthors.xml"/>'
                    "</Relationships>".encode(),
                )
            elif info.filename == "ppt/slides/_rels/slide1.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdC" Type="{rel}/comments" Target="../comments/comment1.xml"/>'
                    "</Relationships>".encode(),
                )
            target.writestr(info, content)
        for name, xml in parts.items():
            target.writestr(name, xml.encode())
    return out.getvalue()


@cache
def retake_xlsx() -> bytes:
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Retakes"
    sheet.append(["第2集 修改单"])
    sheet.append(["镜头", "修改意见", "번역", "修改人", "日期"])
    sheet.append(["C012", ZH, KO, "王", "2024-03-01"])
    sheet["B3"].comment = Comment(ZH2, "审核A")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@cache
def retake_ods() -> bytes:
    """odfpy: a header row, a relay pair row, a cell comment with author and date, a million repeated empty rows."""
    from odf.dc import Creator, Date
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Retake list")

    def row(*values: str, repeat: int = 1) -> TableRow:
        element = TableRow(numberrowsrepeated=repeat) if repeat > 1 else TableRow()
        for value in values:
            cell = TableCell()
            if value:
                cell.addElement(P(text=value))
            element.addElement(cell)
        return element

    table.addElement(row("镜头", "修改意见", "번역"))
    data = row("C012", ZH, KO)
    comment = Annotation()
    comment.addElement(Creator(text="王"))
    comment.addElement(Date(text="2024-03-01T10:00:00"))
    comment.addElement(P(text=ZH2))
    data.childNodes[1].addElement(comment)
    table.addElement(data)
    table.addElement(row("", "", "", repeat=1_048_000))
    doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()

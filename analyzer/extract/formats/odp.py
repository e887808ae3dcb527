"""OpenDocument presentations (.odp/.otp, LibreOffice Impress): slide text, speaker notes and slide comments.

Located as `slide 3 shape 2` (shapes with text, in drawing order), `slide 3 notes`, `slide 3 comment 1`
with its author and date; meta.xml as metadata. Masters and layouts (template text) are not read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from analyzer.extract.base import Extractor, Note, ReadContext
from analyzer.extract.office import (
    OdfText,
    descendants,
    note_or_template,
    odf_properties,
    opendocument_content,
    read_document,
)
from analyzer.extract.xmltree import local_name

_SHAPES = frozenset({"frame", "custom-shape", "rect", "ellipse", "polygon", "path", "line", "connector", "caption"})


def _shape_notes(reader: OdfText, shape: Element, locator: str) -> Iterator[Note]:
    paragraphs = list(reader.paragraphs(shape))
    for change in ("", "inserted", "deleted"):
        text = "\n".join(t for p in paragraphs if (t := p.text(change)))
        if text:
            author, date = next((p.who[change] for p in paragraphs if change in p.who), (None, None))
            yield note_or_template(f"{locator} ({change})" if change else locator, text, date, author)
    for paragraph in paragraphs:  # comments anchored inside text
        for text, author, date in paragraph.comments:
            yield Note(f"{locator} comment", text, timestamp=date, author=author)


def _slide_notes(reader: OdfText, slide: Element, number: int) -> Iterator[Note]:
    shape_number = 0
    comment_number = 0
    for child in slide:
        name = local_name(child.tag)
        if name == "annotation":
            comment_number += 1
            text = "\n".join(reader.plain(p) for p in child if local_name(p.tag) in ("p", "h")).strip()
            author = next(
                (("".join(c.itertext()).strip() or None) for c in child if local_name(c.tag) == "creator"), None
            )
            date = next((("".join(c.itertext()).strip() or None) for c in child if local_name(c.tag) == "date"), None)
            if text:
                yield Note(f"slide {number} comment {comment_number}", text, timestamp=date, author=author)
        elif name == "notes":
            notes = [
                frame
                for frame in child
                if local_name(frame.tag) in _SHAPES and (frame.get(_PRESENTATION_CLASS) or "notes") == "notes"
            ]
            for frame in notes:
                yield from _shape_notes(reader, frame, f"slide {number} notes")
        elif name in _SHAPES or name == "g":
            shape_number += 1
            yield from _shape_notes(reader, child, f"slide {number} shape {shape_number}")


_PRESENTATION_CLASS = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}class"


def read_odp(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    return read_document(data, ctx, "OpenDocument presentation", _read_package)


def _read_package(package: zipfile.ZipFile) -> Iterator[Note]:
    content = opendocument_content(package)
    reader = OdfText(content)
    for number, slide in enumerate((e for e in descendants(content, "page")), start=1):
        yield from _slide_notes(reader, slide, number)
    yield from odf_properties(package)


EXTRACTOR = Extractor(name="odp", suffixes=(".odp", ".otp"), read=read_odp)

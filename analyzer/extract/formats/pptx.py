"""PowerPoint presentations (.pptx/.pptm/.potx): slide text, speaker notes and comments.

Located as `slide 3 shape 2` (shapes with text, in drawing order; a table is one shape), `slide 3 notes`,
`slide 3 comment 1` with its author and date (classic and modern comments). Slides are numbered in
presentation order. Masters and layouts hold the template's prompts, so they are not read; a prompt
typed into a slide is metadata.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.office import (
    attribute,
    descendants,
    note_or_template,
    ooxml_properties,
    open_ooxml,
    read_document,
    read_part,
    relationships,
)
from analyzer.extract.xmltree import local_name

_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SHAPES = frozenset({"sp", "graphicFrame", "cxnSp"})
_PLACEHOLDERS_WITHOUT_NOTES = frozenset({"sldNum", "sldImg", "dt", "ftr", "hdr"})


def paragraph_text(paragraph: Element) -> str:
    """A DrawingML paragraph's runs joined (`a:t`), with `a:br` as a line break."""
    out: list[str] = []
    for element in paragraph.iter():
        name = local_name(element.tag)
        if name == "t" and element.text:
            out.append(element.text)
        elif name == "br":
            out.append("\n")
    return "".join(out).strip()


def shape_text(shape: Element) -> str:
    return "\n".join(t for p in descendants(shape, "p") if (t := paragraph_text(p)))


def _placeholder_type(shape: Element) -> str | None:
    ph = next(descendants(shape, "ph"), None)
    return (attribute(ph, "type") or "body") if ph is not None else None


def _shapes(tree: Element) -> Iterator[Element]:
    """Top-level and grouped shapes in drawing order."""
    stack = list(reversed(tree))
    while stack:
        element = stack.pop()
        name = local_name(element.tag)
        if name in _SHAPES:
            yield element
        elif name == "grpSp":
            stack.extend(reversed(element))


def _slide_notes(package: zipfile.ZipFile, slide_part: str, number: int, authors: dict[str, str]) -> Iterator[Note]:
    slide = read_part(package, slide_part)
    if slide is None:
        return
    tree = next(descendants(slide, "spTree"), None)
    shape_number = 0
    for shape in _shapes(tree) if tree is not None else ():
        text = shape_text(shape)
        if text:
            shape_number += 1
            yield note_or_template(f"slide {number} shape {shape_number}", text)
    comment_number = 0
    for kind, target in relationships(package, slide_part).values():
        if kind == "notesSlide":
            notes = read_part(package, target)
            tree = next(descendants(notes, "spTree"), None) if notes is not None else None
            texts = [
                shape_text(shape)
                for shape in (_shapes(tree) if tree is not None else ())
                if _placeholder_type(shape) not in _PLACEHOLDERS_WITHOUT_NOTES
            ]
            text = "\n".join(t for t in texts if t)
            if text:
                yield note_or_template(f"slide {number} notes", text)
        elif kind == "comments":  # classic p:cm and modern p188:cm comments, and modern replies
            comments = read_part(package, target)
            found = (e for e in comments.iter() if local_name(e.tag) in ("cm", "reply")) if comments is not None else ()
            for comment in found:
                text = "\n".join(
                    t
                    for element in comment
                    if local_name(element.tag) in ("text", "txBody")
                    for t in ([element.text or ""] if local_name(element.tag) == "text" else [shape_text(element)])
                ).strip()
                if not text:
                    continue
                comment_number += 1
                author = authors.get(attribute(comment, "authorId") or "")
                date = attribute(comment, "dt") or attribute(comment, "created")
                yield Note(f"slide {number} comment {comment_number}", text, timestamp=date, author=author)


def _authors(package: zipfile.ZipFile, presentation_part: str) -> dict[str, str]:
    """Comment author id -> name, from the classic commentAuthors part and the modern authors part."""
    out: dict[str, str] = {}
    for kind, target in relationships(package, presentation_part).values():
        if kind in ("commentAuthors", "authors"):
            root = read_part(package, target)
            found = (e for e in root.iter() if local_name(e.tag) in ("cmAuthor", "author")) if root is not None else ()
            for author in found:
                name = attribute(author, "name")
                if name:
                    out[attribute(author, "id") or ""] = name
    return out


def read_pptx(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    return read_document(data, ctx, "PowerPoint presentation", _read_package, open_ooxml)


def _read_package(package: zipfile.ZipFile) -> Iterator[Note]:
    main = next((t for k, t in relationships(package, "").values() if k == "officeDocument"), "ppt/presentation.xml")
    presentation = read_part(package, main)
    if presentation is None:
        raise FormatError(f"not a PowerPoint presentation: no {main}")
    rels = relationships(package, main)
    authors = _authors(package, main)
    slides = [rels[s.get(_REL_ID, "")][1] for s in descendants(presentation, "sldId") if s.get(_REL_ID, "") in rels]
    for number, part in enumerate(slides, start=1):
        yield from _slide_notes(package, part, number, authors)
    yield from ooxml_properties(package)


EXTRACTOR = Extractor(name="pptx", suffixes=(".pptx", ".pptm", ".potx", ".ppsx"), read=read_pptx)

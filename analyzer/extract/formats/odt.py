"""OpenDocument text (.odt/.ott, LibreOffice Writer): paragraphs, comments, tracked changes, headers, footers, notes.

Located as `paragraph 4`, `paragraph 4 (inserted)` / `(deleted)` with the change's author and date,
`comment 2 (paragraph 4)` with its author and date, `footnote 1`, `header paragraph 1`; meta.xml as metadata.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from analyzer.extract.base import Extractor, Note, ReadContext
from analyzer.extract.office import (
    OdfText,
    descendants,
    odf_paragraph_notes,
    odf_properties,
    opendocument_content,
    read_document,
    read_part,
)

_OFFICE_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text"


def story_notes(reader: OdfText, container: Element, prefix: str, counts: dict[str, int]) -> Iterator[Note]:
    """`prefix paragraph N` for each paragraph, then its comments and footnotes (numbered across the document)."""
    for number, paragraph in enumerate(reader.paragraphs(container), start=1):
        locator = f"{prefix}paragraph {number}"
        yield from odf_paragraph_notes(paragraph, locator)
        for text, author, date in paragraph.comments:
            counts["comment"] = counts.get("comment", 0) + 1
            yield Note(f"comment {counts['comment']} ({locator})", text, timestamp=date, author=author)
        for kind, citation, text in paragraph.footnotes:
            counts[kind] = counts.get(kind, 0) + 1
            yield Note(f"{kind} {citation or counts[kind]}", text)


def read_odt(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    return read_document(data, ctx, "OpenDocument text", _read_package)


def _read_package(package: zipfile.ZipFile) -> Iterator[Note]:
    content = opendocument_content(package)
    body = next(content.iter(_OFFICE_TEXT), None)
    counts: dict[str, int] = {}
    if body is not None:
        yield from story_notes(OdfText(content), body, "", counts)
    styles = read_part(package, "styles.xml")
    if styles is not None:
        reader = OdfText(styles)
        for kind in ("header", "header-left", "header-first", "footer", "footer-left", "footer-first"):
            for number, part in enumerate(descendants(styles, kind), start=1):
                prefix = f"{kind} {number} " if number > 1 else f"{kind} "
                yield from story_notes(reader, part, prefix, counts)
    yield from odf_properties(package)


EXTRACTOR = Extractor(name="odt", suffixes=(".odt", ".ott"), read=read_odt)

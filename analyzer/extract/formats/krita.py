"""Krita documents (`.kra`, a zip): layer and mask names, document info, XMP annotations.

Read: `maindoc.xml` layer/mask names and the image description; `documentinfo.xml` title,
description, subject, abstract, keywords (with its author and date); `annotations/*` parts
that hold an XMP packet; with OCR, the text drawn on `mergedimage.png`. Layer pixels and other annotations
(EXIF, ICC) are not read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from analyzer.extract.archive import open_package, package_errors
from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.formats.xmp import notes_from_xmp
from analyzer.extract.pixels import drawn_text
from analyzer.extract.xmltree import Where, local_name, notes_by_table, parse_xml

MAINDOC = (
    Where("layer", "name", "layer-name"),
    Where("mask", "name", "layer-name"),
    Where("IMAGE", "description", "note"),
)
MERGED_IMAGE = "mergedimage.png"  # the flattened picture Krita stores beside the layers
ABOUT_NOTES = ("title", "description", "subject", "abstract", "keyword")
ABOUT_AUTHOR = ("full-name", "initial-creator", "creator")
ABOUT_TIME = ("date", "creation-date")


def _document_info(data: bytes) -> Iterator[Note]:
    root, _ = parse_xml(data)
    fields: dict[str, str] = {}
    for element in root.iter():
        name = local_name(element.tag)
        text = "".join(element.itertext()).strip()
        if text and name not in fields:
            fields[name] = text
    author = next((fields[k] for k in ABOUT_AUTHOR if k in fields), None)
    timestamp = next((fields[k] for k in ABOUT_TIME if k in fields), None)
    for key in ABOUT_NOTES:
        if key in fields:
            yield Note(f"documentinfo.xml:{key}", fields[key], timestamp=timestamp, author=author)


def read_kra(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    package = open_package(data, ctx.limits, "Krita document")
    ctx.encoding = "utf-8"
    with package_errors("Krita document"):
        yield from _read_parts(package)
        if ctx.ocr and MERGED_IMAGE in package.namelist():
            yield from drawn_text(package.read(MERGED_IMAGE), ctx)


def _read_parts(package: zipfile.ZipFile) -> Iterator[Note]:
    names = package.namelist()
    if "maindoc.xml" not in names:
        raise FormatError("not a Krita document: no maindoc.xml")
    root, _ = parse_xml(package.read("maindoc.xml"))
    yield from notes_by_table(root, MAINDOC, prefix="maindoc.xml:")
    if "documentinfo.xml" in names:
        yield from _document_info(package.read("documentinfo.xml"))
    for name in names:
        if name.startswith("annotations/"):
            head = package.read(name)
            if b"<x:xmpmeta" in head or b"<?xpacket" in head:
                yield from notes_from_xmp(head.decode("utf-8", errors="replace"), locator_prefix=f"{name}:")


EXTRACTOR = Extractor(name="kra", suffixes=(".kra",), read=read_kra)

"""Krita documents (`.kra`, a zip): layer and mask names, document info, XMP/IPTC/EXIF annotations.

Read: `maindoc.xml` layer/mask names and the image description; `documentinfo.xml` title,
description, subject, abstract, keywords (with its author and date); `annotations/*` parts that
hold an XMP packet, or Photoshop image-resource blocks kept from an imported PSD (Krita's
`PSD Resource Block: 1060` annotations: XMP, IPTC, EXIF), read as the PSD reader reads them.
Krita's labels of those blocks (`0x0424 - XMP data block`) are metadata, never notes. With OCR, the text drawn on
`mergedimage.png`. Layer pixels and ICC profiles are not read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from analyzer.extract.archive import open_package, package_errors
from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.embedded.blocks import notes_from_blocks, xmp_packet_text
from analyzer.extract.embedded.iptc import IRB_EXIF, IRB_IPTC, IRB_SIGNATURES, IRB_XMP
from analyzer.extract.formats.xmp import notes_from_xmp
from analyzer.extract.pixels import drawn_text
from analyzer.extract.xmltree import Where, local_name, notes_by_table, parse_xml

MAINDOC = (
    Where("layer", "name", "layer-name"),
    Where("mask", "name", "layer-name"),
    Where("IMAGE", "description", "note"),
    Where("annotation", "description", "metadata"),  # Krita's label of a kept resource block
)
MERGED_IMAGE = "mergedimage.png"  # the flattened picture Krita stores beside the layers
_RESOURCE_ID = re.compile(r"(?:PSD Resource Block|8BIM)\D*(\d{4})\s*$")
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
            yield from _annotation(name, package.read(name))


def _annotation(name: str, data: bytes) -> Iterator[Note]:
    """An annotation part: an XMP packet, Photoshop resource blocks (`8BIM...`), or one block's data
    stored under its resource id (`annotations/PSD Resource Block: 1060`)."""
    prefix = f"{name}:"
    resource = _RESOURCE_ID.search(name)
    resource_id = int(resource.group(1)) if resource else None
    if data[:4] in IRB_SIGNATURES:
        notes = notes_from_blocks(irb=data)
    elif resource_id == IRB_IPTC or (resource_id is None and data[:1] == b"\x1c"):
        notes = notes_from_blocks(iptc=data)
    elif resource_id == IRB_EXIF:
        notes = notes_from_blocks(exif=data)
    elif resource_id == IRB_XMP or _is_xmp(data):
        yield from notes_from_xmp(xmp_packet_text(data), locator_prefix=prefix)
        return
    else:
        return  # ICC profiles, layer styles, resolution and other blocks hold no text
    for note in notes:
        yield Note(prefix + note.locator, note.text, note.timestamp, note.author, note.source)


def _is_xmp(data: bytes) -> bool:
    head = data[:4096].replace(b"\x00", b"")
    return b"<x:xmpmeta" in head or b"<?xpacket" in head


EXTRACTOR = Extractor(name="kra", suffixes=(".kra",), read=read_kra)

"""Adobe Animate (Flash) XFL documents: `.fla` (a zip) and XFL folders (DOMDocument.xml + LIBRARY/*.xml).

Read: frame comments and labels (`DOMFrame@name`), text-field text (`DOMTextRun/characters`),
layer, timeline and symbol names, and the XMP in META-INF/metadata.xml. Scripts are not read.
Binary .fla files from Flash CS4 and earlier are refused with a reason.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from analyzer.extract.archive import open_package, package_errors
from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.formats.xmp import notes_from_xmp
from analyzer.extract.xmltree import Where, notes_by_table, parse_xml

ROOTS = frozenset({"DOMDocument", "DOMSymbolItem"})
TABLE = (
    Where("DOMFrame", "name", "note"),  # frame labels and frame comments (labelType="comment")
    Where("characters", None, "note", lambda e, path: "/DOMTextRun" in path),
    Where("DOMTextRun", "characters", "note"),  # some writers keep the run's text in an attribute
    Where("DOMLayer", "name", "layer-name"),
    Where("DOMTimeline", "name", "layer-name"),
    Where("DOMSymbolItem", "name", "layer-name"),
)
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def notes_from_dom(root: Element, prefix: str = "") -> Iterator[Note]:
    yield from notes_by_table(root, TABLE, prefix)


def read_dom_document(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    root, ctx.encoding = parse_xml(data)
    yield from notes_from_dom(root)


def read_fla(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if data.startswith(_CFB_MAGIC):
        raise FormatError("binary .fla (Flash CS4 or earlier) is not supported; save as XFL or CS5+ .fla")
    package = open_package(data, ctx.limits, "XFL package")
    ctx.encoding = "utf-8"
    with package_errors("XFL package"):
        yield from _read_parts(package)


def _read_parts(package: zipfile.ZipFile) -> Iterator[Note]:
    for name in sorted(package.namelist()):
        lowered = name.lower()
        if lowered == "meta-inf/metadata.xml":
            text = package.read(name).decode("utf-8", errors="replace")
            yield from notes_from_xmp(text, locator_prefix=f"{name}:")
        elif lowered == "domdocument.xml" or (lowered.startswith("library/") and lowered.endswith(".xml")):
            root, _ = parse_xml(package.read(name))
            yield from notes_from_dom(root, prefix=f"{name}:")


FLA = Extractor(name="fla", suffixes=(".fla",), read=read_fla)
XFL_DOCUMENT = Extractor(name="xfl", suffixes=("/domdocument.xml",), read=read_dom_document)

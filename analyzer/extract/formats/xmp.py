"""XMP sidecars and packets: the tag table below says which properties hold notes.

Each property may be a simple value (element text or attribute), or an rdf:Alt /
rdf:Seq / rdf:Bag whose items become separate notes located as `dc:description[zh-CN]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from xml.etree.ElementTree import Element, ParseError

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.xmltree import parse_tree, parse_xml

NAMESPACES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/": "xmpDM",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LI = f"{{{RDF}}}li"
_DESCRIPTION = f"{{{RDF}}}Description"
_DECLARATION = re.compile(r"^<\?xml[^>]*\?>")

# property -> what it holds: "note" (a note), "author" (the note's writer), "time" (its date), or
# "metadata" (kept as a metadata row, never a note's author or time). The ExifTool-style tag table;
# the IPTC Core fields are those of the IPTC Photo Metadata Standard mapped to XMP.
PROPERTIES = {
    "dc:description": "note",  # IPTC Description
    "dc:title": "note",  # IPTC Title
    "dc:subject": "note",  # IPTC Keywords
    "photoshop:Instructions": "note",  # IPTC Instructions
    "photoshop:Headline": "note",  # IPTC Headline
    "Iptc4xmpCore:AltTextAccessibility": "note",  # IPTC Alt Text (Accessibility)
    "Iptc4xmpCore:ExtDescrAccessibility": "note",  # IPTC Extended Description (Accessibility)
    "xmpDM:logComment": "note",
    "xmpDM:shotName": "note",
    "exif:UserComment": "note",
    "tiff:ImageDescription": "note",
    "Iptc4xmpExt:PersonInImage": "note",
    "photoshop:CaptionWriter": "author",  # IPTC Description Writer
    "dc:creator": "author",  # IPTC Creator
    "dc:rights": "metadata",  # IPTC Copyright Notice
    "xmpRights:UsageTerms": "metadata",  # IPTC Rights Usage Terms
    "photoshop:Credit": "metadata",  # IPTC Credit Line
    "photoshop:Source": "metadata",  # IPTC Source
    "photoshop:TransmissionReference": "metadata",  # IPTC Job Id
    "photoshop:City": "metadata",
    "photoshop:State": "metadata",
    "photoshop:Country": "metadata",
    "Iptc4xmpCore:Location": "metadata",  # IPTC Sublocation
    "Iptc4xmpCore:CountryCode": "metadata",
    "Iptc4xmpCore:IntellectualGenre": "metadata",
    "Iptc4xmpCore:CreatorContactInfo": "metadata",
    "xmp:CreatorTool": "metadata",  # the software, not a person
    "xmp:CreateDate": "time",
    "xmp:ModifyDate": "time",
    "xmp:MetadataDate": "time",
    "photoshop:DateCreated": "time",  # IPTC Date Created
    "exif:DateTimeOriginal": "time",
    "exif:DateTimeDigitized": "time",
}


@lru_cache(maxsize=1024)  # the same properties come back in every packet
def _qname(tag: str) -> str | None:
    if not tag.startswith("{"):
        return None
    uri, local = tag[1:].split("}", 1)
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else None


def _values(element: Element) -> Iterator[tuple[str, str]]:
    """(suffix, text) for a property element: its rdf:li items, or its own text."""
    items = [li for container in element for li in container if li.tag == _LI]
    if items:
        for index, item in enumerate(items, start=1):
            lang = item.get(XML_LANG)
            text = "".join(item.itertext()).strip()
            if text:
                yield (f"[{lang}]" if lang else f"[{index}]"), text
        return
    text = "".join(element.itertext()).strip()
    if text:
        yield "", text


def notes_from_xmp(xml_text: str, locator_prefix: str = "") -> Iterator[Note]:
    """Notes and metadata from an XMP packet; raises FormatError on broken or unsafe XML."""
    # The text is already decoded: an `encoding="UTF-16"` declaration would now be a lie.
    source = _DECLARATION.sub("", xml_text.strip(), count=1).encode("utf-8")
    try:
        root = parse_tree(source)  # FormatError for unsafe XML
    except ParseError as err:
        raise FormatError(f"invalid XML: {err}") from None
    yield from notes_from_xmp_element(root, locator_prefix)


def notes_from_xmp_element(root: Element, locator_prefix: str = "") -> Iterator[Note]:
    """Notes and metadata from a parsed XMP tree (every rdf:Description in it)."""
    found: list[tuple[str, str, str]] = []  # (kind, locator, text)
    for description in root.iter(_DESCRIPTION):
        for attr, value in description.attrib.items():
            name = _qname(attr)
            if name in PROPERTIES and value.strip():
                found.append((PROPERTIES[name], name, value.strip()))
        for child in description:
            name = _qname(child.tag)
            if name in PROPERTIES:
                for suffix, text in _values(child):
                    found.append((PROPERTIES[name], name + suffix, text))
    times = [text for kind, _, text in found if kind == "time"]
    authors = [text for kind, _, text in found if kind == "author"]
    timestamp = times[0] if times else None
    author = authors[0] if authors else None
    for kind, locator, text in found:
        if kind == "note":
            yield Note(locator_prefix + locator, text, timestamp=timestamp, author=author)
        else:
            yield Note(locator_prefix + locator, text, source="metadata")


def read_xmp(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    """A sidecar: parsed like any XML file (BOMs, declared and mislabelled legacy encodings)."""
    root, ctx.encoding = parse_xml(data)
    yield from notes_from_xmp_element(root)


EXTRACTOR = Extractor(name="xmp", suffixes=(".xmp",), read=read_xmp, text=True)

"""XMP sidecars and packets: the tag table below says which properties hold notes.

Each property may be a simple value (element text or attribute), or an rdf:Alt /
rdf:Seq / rdf:Bag whose items become separate notes located as `dc:description[zh-CN]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text

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
}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# property -> what it holds ("note", "time" or "author"); the ExifTool-style tag table.
PROPERTIES = {
    "dc:description": "note",
    "dc:title": "note",
    "dc:subject": "note",
    "photoshop:Instructions": "note",
    "photoshop:Headline": "note",
    "xmpDM:logComment": "note",
    "xmpDM:shotName": "note",
    "exif:UserComment": "note",
    "tiff:ImageDescription": "note",
    "Iptc4xmpCore:ExtDescrAccessibility": "note",
    "Iptc4xmpCore:Location": "note",
    "Iptc4xmpExt:PersonInImage": "note",
    "photoshop:Credit": "author",
    "photoshop:Source": "author",
    "photoshop:CaptionWriter": "author",
    "dc:creator": "author",
    "dc:rights": "author",
    "Iptc4xmpCore:CreatorContactInfo": "author",
    "xmp:CreatorTool": "author",
    "xmp:CreateDate": "time",
    "xmp:ModifyDate": "time",
    "xmp:MetadataDate": "time",
    "photoshop:DateCreated": "time",
    "exif:DateTimeOriginal": "time",
    "exif:DateTimeDigitized": "time",
}


def _qname(tag: str) -> str | None:
    if not tag.startswith("{"):
        return None
    uri, local = tag[1:].split("}", 1)
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else None


def _values(element: Element) -> Iterator[tuple[str, str]]:
    """(suffix, text) for a property element: its rdf:li items, or its own text."""
    items = [li for container in element for li in container if li.tag == f"{{{RDF}}}li"]
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
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(xml_text.strip().encode("utf-8"))
    except DefusedXmlException as err:
        raise FormatError(f"unsafe XML refused ({type(err).__name__})") from None
    except ElementTree.ParseError as err:
        raise FormatError(f"invalid XML: {err}") from None
    found: list[tuple[str, str, str]] = []  # (kind, locator, text)
    for description in root.iter(f"{{{RDF}}}Description"):
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
    decoded = decode_text(data)
    ctx.encoding = decoded.encoding
    yield from notes_from_xmp(decoded.text)


EXTRACTOR = Extractor(name="xmp", suffixes=(".xmp",), read=read_xmp)

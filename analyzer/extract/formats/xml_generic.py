"""Generic .xml: human-language text nodes, comments and note-like attributes, located by XPath (`/a/b[2]/@note`).

Files whose root element a production format owns (Animate `DOMSymbolItem` in an XFL
LIBRARY folder) are read with that format's table instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Comment, Element

from analyzer.extract.base import Extractor, Note, ReadContext
from analyzer.extract.human import looks_human
from analyzer.extract.keys import key_kind
from analyzer.extract.xmltree import local_name, own_text, parse_xml, walk


def notes_from_element_tree(root: Element, prefix: str = "") -> Iterator[Note]:
    for element, path in walk(root):
        times = [v for k, v in element.attrib.items() if key_kind(local_name(k)) == "time" and v.strip()]
        authors = [v for k, v in element.attrib.items() if key_kind(local_name(k)) == "author" and v.strip()]
        timestamp, author = (times or [None])[0], (authors or [None])[0]
        for attribute, value in element.attrib.items():
            name = local_name(attribute)
            if value.strip() and key_kind(name) == "note":
                yield Note(f"{prefix}{path}/@{name}", value.strip(), timestamp=timestamp, author=author)
        text = own_text(element)
        if text and looks_human(text):
            yield Note(prefix + path, text, timestamp=timestamp, author=author)
        comment_count = 0
        for child in element:
            if child.tag is Comment:  # <!-- 眼睛太大 -->: people annotate XML with comments
                comment_count += 1
                text = (child.text or "").strip()
                if text and looks_human(text):
                    yield Note(f"{prefix}{path}/comment()[{comment_count}]", text)
            tail = (child.tail or "").strip()  # text after a child (mixed content) belongs to this element
            if tail and looks_human(tail):
                yield Note(prefix + path, tail, timestamp=timestamp, author=author)


def read_xml(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    from analyzer.extract.formats import animate

    root, ctx.encoding = parse_xml(data, comments=True)
    if local_name(root.tag) in animate.ROOTS:
        yield from animate.notes_from_dom(root)
        return
    yield from notes_from_element_tree(root)


EXTRACTOR = Extractor(name="xml", suffixes=(".xml",), read=read_xml, text=True)

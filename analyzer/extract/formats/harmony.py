"""Toon Boom Harmony scenes (`.xstage`, XML): names and notes a reviewer would read.

Read: element names (`elements/element@elementName`), Xsheet column names (`column@name`) and
node names (`nodeslist/*@name`), as public xstage parsers read them; backdrop titles and
descriptions (the notes boxes of the node view, `backdrop/title@text`, `backdrop/description@text`,
a layout not checked against a real file); the text of NOTE nodes (the node view's sticky notes,
`<module type="NOTE">`: a `text` attribute as Harmony's scripting interface names it, written as
`<text val="..."/>` under `attrs`, as element text, or as an attribute of the module: the layout is
inferred from the scripting interface, not checked against a real file); and, because the layout
is only partly known, every attribute named like a note or holding CJK text. Drawings and
annotation strokes are not text.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from analyzer.extract.base import Extractor, Note, ReadContext
from analyzer.extract.xmltree import Where, local_name, notes_by_table, parse_xml, walk

TABLE = (
    Where("title", "text", "note", lambda e, path: "/backdrop" in path),
    Where("description", "text", "note", lambda e, path: "/backdrop" in path),
    Where("element", "elementName", "layer-name"),
    Where("column", "name", "layer-name"),
    Where("*", "name", "layer-name", lambda e, path: path.rsplit("/", 2)[-2] == "nodeslist"),
)


def _note_nodes(root: Element) -> Iterator[Note]:
    """The text of every NOTE node, in English as in CJK (the generic CJK rule already sees CJK attributes)."""
    for element, path in walk(root, strict=False):  # notes_by_table walks again and reports the depth
        if element.get("type", "").upper() != "NOTE":
            continue
        where = f'NOTE node "{element.get("name")}"' if element.get("name") else path
        found = [element.get("text") or element.get("TEXT") or ""]
        for child in element.iter():
            if child is not element and local_name(child.tag).lower() == "text":
                found += [child.get("val") or "", child.text or ""]
        for text in dict.fromkeys(t.strip() for t in found if t.strip()):
            yield Note(f"{where} text", text)


def read_xstage(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    root, ctx.encoding = parse_xml(data)
    notes = list(_note_nodes(root))
    seen = {note.text for note in notes}
    yield from notes
    # The generic rules would give a CJK note node's text a second time.
    yield from (note for note in notes_by_table(root, TABLE, any_cjk=True) if note.text not in seen)


EXTRACTOR = Extractor(name="xstage", suffixes=(".xstage",), read=read_xstage, text=True)

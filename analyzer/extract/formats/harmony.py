"""Toon Boom Harmony scenes (`.xstage`, XML): names and notes a reviewer would read.

Read: element names (`elements/element@elementName`), Xsheet column names (`column@name`) and
node names (`nodeslist/*@name`), as public xstage parsers read them; backdrop titles and
descriptions (the notes boxes of the node view, `backdrop/title@text`, `backdrop/description@text`,
a layout not checked against a real file); and, because the layout is only partly known, every
attribute named like a note or holding CJK text. Drawings and annotation strokes are not text.
"""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.extract.base import Extractor, Note, ReadContext
from analyzer.extract.xmltree import Where, notes_by_table, parse_xml

TABLE = (
    Where("title", "text", "note", lambda e, path: "/backdrop" in path),
    Where("description", "text", "note", lambda e, path: "/backdrop" in path),
    Where("element", "elementName", "layer-name"),
    Where("column", "name", "layer-name"),
    Where("*", "name", "layer-name", lambda e, path: path.rsplit("/", 2)[-2] == "nodeslist"),
)


def read_xstage(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    root, ctx.encoding = parse_xml(data)
    yield from notes_by_table(root, TABLE, any_cjk=True)


EXTRACTOR = Extractor(name="xstage", suffixes=(".xstage",), read=read_xstage, text=True)

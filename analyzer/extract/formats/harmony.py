"""Toon Boom Harmony scenes (`.xstage`, XML): names and notes a reviewer would read.

Read: backdrop titles and descriptions (the notes boxes of the node view), element names
(`element@elementName`), Xsheet column names and node names (`column@name`, `module@name`),
and any attribute named like a note. Drawings and annotation-column strokes are not text and are not read.
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
    Where("module", "name", "layer-name"),
)


def read_xstage(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    root, ctx.encoding = parse_xml(data)
    yield from notes_by_table(root, TABLE)


EXTRACTOR = Extractor(name="xstage", suffixes=(".xstage",), read=read_xstage)

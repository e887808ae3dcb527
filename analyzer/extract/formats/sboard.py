"""Toon Boom Storyboard Pro projects (`.sboard`, XML like Harmony's `.xstage`): what is known of its layout.

Read, as public `.sboard` parsers read them: the project title (`metas/meta[@name=projectTitle]`),
scene and sequence names (`sceneInfo@name`, `@sequenceName`) and layer names (`module@name`).
Panel captions (Dialogue, Action Notes, Slugging, Notes) are kept in panel metadata whose layout
is not public: every value under a `meta` named like a caption, dialogue, action, slugging or note
is read, and, as for `.xstage`, every attribute named like a note or holding CJK text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from analyzer.extract.base import Extractor, Note, ReadContext
from analyzer.extract.xmltree import Where, local_name, notes_by_table, parse_xml, walk

TABLE = (
    Where("sceneInfo", "name", "layer-name"),
    Where("sceneInfo", "sequenceName", "layer-name"),
    Where("module", "name", "layer-name"),
)
_CAPTION_META = re.compile(r"caption|dialog|action|slug|note|comment|title", re.I)


def _captions(root: Element) -> Iterator[Note]:
    for element, path in walk(root, strict=False):  # notes_by_table walks again and reports the depth
        if local_name(element.tag) != "meta" or not _CAPTION_META.search(element.get("name", "")):
            continue
        label = element.get("name", "")
        texts = []
        for child in element.iter():
            if child is element:
                continue
            texts += [value for key, value in child.attrib.items() if key in ("value", "val", "text")]
            texts.append(child.text or "")
        for text in dict.fromkeys(t.strip() for t in texts if t and t.strip()):
            yield Note(f'{path} "{label}"', text)


def read_sboard(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    root, ctx.encoding = parse_xml(data)
    captions = list(_captions(root))
    seen = {note.text for note in captions}
    yield from captions
    yield from (note for note in notes_by_table(root, TABLE, any_cjk=True) if note.text not in seen)


EXTRACTOR = Extractor(name="sboard", suffixes=(".sboard",), read=read_sboard, text=True)

"""What the Office Open XML and OpenDocument readers share: parts read safely, relationships, properties.

Every part goes through `parse_xml` (DTDs and entities refused) inside a package opened by
`open_package` (bomb guard); a part that is refused makes the whole file an error row.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from functools import cache
from xml.etree.ElementTree import Element

from analyzer.extract.base import FormatError, Note
from analyzer.extract.xmltree import local_name, parse_xml
from analyzer.resources import read_tsv

_SPACES = re.compile(r"\s+")
# Document properties: OOXML docProps/core.xml and app.xml, ODF meta.xml. Authors and times are
# properties too; the generator (the program) is never a person.
PROPERTY_NAMES = (
    "title",
    "subject",
    "description",
    "keywords",
    "keyword",
    "category",
    "creator",
    "initial-creator",
    "lastModifiedBy",
    "created",
    "modified",
    "creation-date",
    "date",
    "Application",
    "generator",
    "Company",
    "Manager",
    "Template",
    "user-defined",
)


def read_part(package: zipfile.ZipFile, name: str) -> Element | None:
    """The parsed part, None when the package has no such part; a refused or broken part raises FormatError."""
    try:
        data = package.read(name)
    except KeyError:
        return None
    try:
        return parse_xml(data)[0]
    except FormatError as err:
        raise FormatError(f"{name}: {err}") from None


def relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part name) from the part's `_rels/*.rels` (external targets left out)."""
    folder, base = posixpath.split(part)
    rels = read_part(package, posixpath.join(folder, "_rels", base + ".rels"))
    out: dict[str, tuple[str, str]] = {}
    if rels is None:
        return out
    for rel in rels:
        target = rel.get("Target")
        if local_name(rel.tag) != "Relationship" or not target or rel.get("TargetMode") == "External":
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], name)
    return out


def children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local_name(child.tag) == name]


def descendants(element: Element, name: str) -> Iterator[Element]:
    return (e for e in element.iter() if local_name(e.tag) == name)


def attribute(element: Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (`w:author`, `office:name`)."""
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value
    return None


def property_notes(root: Element | None, part: str) -> Iterator[Note]:
    """Document properties as metadata notes (`docProps/core.xml:title`, `meta.xml:generator`)."""
    if root is None:
        return
    for element in root.iter():
        name = local_name(element.tag)
        if name == "user-defined":  # ODF custom property: the name is in an attribute
            label = f"{part}:{attribute(element, 'name') or name}"
        elif name in PROPERTY_NAMES:
            label = f"{part}:{name}"
        else:
            continue
        text = "".join(element.itertext()).strip()
        if text:
            yield Note(label, text, source="metadata")


def ooxml_properties(package: zipfile.ZipFile) -> Iterator[Note]:
    yield from property_notes(read_part(package, "docProps/core.xml"), "docProps/core.xml")
    yield from property_notes(read_part(package, "docProps/app.xml"), "docProps/app.xml")


@cache
def _template_texts() -> frozenset[str]:
    return frozenset(_fold(row[0]) for row in read_tsv("extract", "template_text.tsv"))


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def is_template_text(text: str) -> bool:
    """Placeholder prompts of Office and LibreOffice templates ("Click to edit Master title style", 单击此处添加标题)."""
    return _fold(text) in _template_texts()


def note_or_template(locator: str, text: str, timestamp: str | None = None, author: str | None = None) -> Note:
    """A note, or a metadata row when the text is a template's placeholder prompt."""
    if is_template_text(text):
        return Note(locator, text, source="metadata")
    return Note(locator, text, timestamp=timestamp, author=author)

"""What the Office Open XML and OpenDocument readers share: parts read safely, relationships, properties.

Every part goes through `parse_xml` (DTDs and entities refused) inside a package opened by
`open_package` (bomb guard); a part that is refused makes the whole file an error row.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from xml.etree.ElementTree import Element

from analyzer.extract.archive import open_package, package_errors
from analyzer.extract.base import FormatError, Limits, Note, ReadContext
from analyzer.extract.defaults import is_default_string
from analyzer.extract.xmltree import local_name, parse_xml

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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


@contextmanager
def document_errors(kind: str) -> Iterator[None]:
    """A damaged package or part, or XML nested past what the readers walk, as a FormatError reason."""
    try:
        with package_errors(kind):
            yield
    except RecursionError:
        raise FormatError(f"damaged {kind}: elements nested too deeply") from None


def read_document(
    data: bytes,
    ctx: ReadContext,
    kind: str,
    read_package: Callable[[zipfile.ZipFile], Iterator[Note]],
    opener: Callable[[bytes, Limits, str], zipfile.ZipFile] = open_package,
) -> Iterator[Note]:
    """A zip-based document's notes: the package opened within the limits (refused like a bomb before any
    library reads it), its parts' text in UTF-8, and damage as a FormatError naming the kind."""
    package = opener(data, ctx.limits, kind)
    ctx.encoding = "utf-8"
    with document_errors(kind):
        yield from read_package(package)


def opendocument_content(package: zipfile.ZipFile) -> Element:
    """The content.xml part of an OpenDocument package; a package without one is not OpenDocument."""
    content = read_part(package, "content.xml")
    if content is None:
        raise FormatError("not an OpenDocument file: no content.xml")
    return content


def open_ooxml(data: bytes, limits: Limits, kind: str) -> zipfile.ZipFile:
    """An Office Open XML package; a password-protected one (an OLE file holding EncryptedPackage) says so."""
    if data.startswith(_OLE_MAGIC):
        ole = open_ole(data, kind)
        try:
            encrypted = ole.exists("EncryptedPackage")
        finally:
            ole.close()
        if encrypted:
            raise FormatError(f"password-protected {kind} (no password is tried)")
        raise FormatError(f"not a {kind}: a legacy Office (OLE) file under a new-format name")
    return open_package(data, limits, kind)


def read_part(package: zipfile.ZipFile, name: str) -> Element | None:
    """The parsed part, None when the package has no such part. A part the parser refuses (a DOCTYPE with
    entities, broken XML) is a FormatError naming it: dropping it would hide the notes it holds."""
    try:
        data = package.read(name)
    except KeyError:
        return None
    try:
        return parse_xml(data)[0]
    except FormatError as err:
        raise FormatError(f"part {name}: {err}") from None


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


def note_or_template(locator: str, text: str, timestamp: str | None = None, author: str | None = None) -> Note:
    """A note, or a metadata row when the text is a template's placeholder prompt or another tool default
    (models/extract/default_names.tsv)."""
    if is_default_string(text):
        return Note(locator, text, source="metadata")
    return Note(locator, text, timestamp=timestamp, author=author)


# --- OpenDocument text: paragraphs with their tracked changes, comments (office:annotation) and footnotes.

_ODF_SKIPPED = frozenset(
    {"tracked-changes", "bookmark", "bookmark-start", "bookmark-end", "reference-mark", "soft-page-break"}
    | {"sequence-decls", "forms"}
)
_ODF_BREAKS = {"tab": "\t", "line-break": "\n"}


class OdfParagraph:
    """One text:p or text:h: its text by change kind ("", "inserted", "deleted"), comments and footnotes in it."""

    __slots__ = ("pieces", "who", "comments", "footnotes")

    def __init__(self) -> None:
        self.pieces: dict[str, list[str]] = {"": [], "inserted": [], "deleted": []}
        self.who: dict[str, tuple[str | None, str | None]] = {}  # change kind -> (author, date)
        self.comments: list[tuple[str, str | None, str | None]] = []  # (text, author, date)
        self.footnotes: list[tuple[str, str, str]] = []  # (class, citation, text)

    def text(self, change: str = "") -> str:
        return "".join(self.pieces[change]).strip()


class OdfText:
    """Reads the paragraphs of an OpenDocument part, honouring the tracked changes its body declares."""

    def __init__(self, root: Element | None = None) -> None:
        # change id -> (kind, author, date, deleted text)
        self.changes: dict[str, tuple[str, str | None, str | None, str]] = {}
        self.inserting: set[str] = set()
        for region in descendants(root, "changed-region") if root is not None else ():
            region_id = attribute(region, "id") or ""
            for change in region:
                kind = {"insertion": "inserted", "deletion": "deleted"}.get(local_name(change.tag))
                if kind is None:
                    continue
                info = next(descendants(change, "change-info"), None)
                author = child_text(info, "creator") if info is not None else None
                date = child_text(info, "date") if info is not None else None
                deleted = "\n".join(self.plain(p) for p in change if local_name(p.tag) in ("p", "h"))
                self.changes[region_id] = (kind, author, date, deleted)

    def paragraphs(self, container: Element) -> Iterator[OdfParagraph]:
        """Every paragraph under the container in document order (tables and frames included)."""
        stack = list(reversed(container))
        while stack:
            element = stack.pop()
            name = local_name(element.tag)
            if name in ("p", "h"):
                nested: list[Element] = []
                yield self.paragraph(element, nested)
                stack.extend(reversed(nested))
            elif name not in _ODF_SKIPPED and name not in ("annotation", "notes"):
                stack.extend(reversed(element))

    def paragraph(self, paragraph: Element, nested: list[Element]) -> OdfParagraph:
        """Mixed content walked in order: an item is an element or a string (an element's tail text)."""
        out = OdfParagraph()
        self._emit(out, paragraph.text)
        stack: list[Element | str | None] = []
        for child in reversed(paragraph):
            stack.extend((child.tail, child))
        while stack:
            item = stack.pop()
            if item is None or isinstance(item, str):
                self._emit(out, item)
                continue
            name = local_name(item.tag)
            if name == "s":
                count = attribute(item, "c") or "1"
                self._emit(out, " " * min(int(count) if count.isdigit() else 1, 64))
            elif name in _ODF_BREAKS:
                self._emit(out, _ODF_BREAKS[name])
            elif name == "annotation":
                text = "\n".join(self.plain(p) for p in item if local_name(p.tag) in ("p", "h")).strip()
                if text:
                    out.comments.append((text, child_text(item, "creator"), child_text(item, "date")))
            elif name == "note":
                citation = child_text(item, "note-citation") or ""
                body = next((c for c in item if local_name(c.tag) == "note-body"), None)
                text = "\n".join(self.plain(p) for p in body.iter() if local_name(p.tag) in ("p", "h")) if body else ""
                if text.strip():
                    out.footnotes.append((attribute(item, "note-class") or "footnote", citation, text.strip()))
            elif name == "change-start":
                change = self.changes.get(attribute(item, "change-id") or "")
                if change and change[0] == "inserted":
                    self.inserting.add(attribute(item, "change-id") or "")
                    out.who.setdefault("inserted", (change[1], change[2]))
            elif name == "change-end":
                self.inserting.discard(attribute(item, "change-id") or "")
            elif name == "change":
                change = self.changes.get(attribute(item, "change-id") or "")
                if change and change[0] == "deleted" and change[3].strip():
                    if out.pieces["deleted"]:
                        out.pieces["deleted"].append(" ")
                    out.pieces["deleted"].append(change[3])
                    out.who.setdefault("deleted", (change[1], change[2]))
            elif name in ("p", "h"):
                nested.append(item)  # a text box anchored in the paragraph: read after it
            elif name not in _ODF_SKIPPED and name != "annotation-end":
                self._emit(out, item.text)
                for child in reversed(item):
                    stack.extend((child.tail, child))
        return out

    def plain(self, paragraph: Element) -> str:
        """A paragraph's whole text (annotations and notes in it left out), for comments and deleted text."""
        reader = OdfText()
        nested: list[Element] = []
        text = reader.paragraph(paragraph, nested).text()
        return "\n".join([text, *(reader.paragraph(p, []).text() for p in nested)]).strip()

    def _emit(self, out: OdfParagraph, text: str | None) -> None:
        if text:
            out.pieces["inserted" if self.inserting else ""].append(text)


def child_text(element: Element, name: str) -> str | None:
    """The whole text of the first child with this local name (`dc:creator` of an annotation), or None."""
    found = next((c for c in element if local_name(c.tag) == name), None)
    text = "".join(found.itertext()).strip() if found is not None else ""
    return text or None


def odf_paragraph_notes(paragraph: OdfParagraph, locator: str) -> Iterator[Note]:
    """The paragraph's notes: its unchanged text, `(inserted)` and `(deleted)` text with the change's author."""
    for change in ("", "inserted", "deleted"):
        text = paragraph.text(change)
        if text:
            author, date = paragraph.who.get(change, (None, None))
            yield note_or_template(f"{locator} ({change})" if change else locator, text, date, author)


def odf_properties(package: zipfile.ZipFile) -> Iterator[Note]:
    yield from property_notes(read_part(package, "meta.xml"), "meta.xml")


def open_ole(data: bytes, kind: str):  # type: ignore[no-untyped-def]
    """A legacy Office compound file (olefile.OleFileIO), or FormatError."""
    import olefile

    if not data.startswith(_OLE_MAGIC):
        raise FormatError(f"not a {kind}: no OLE compound-file header")
    try:
        return olefile.OleFileIO(data)
    except Exception as err:  # olefile raises OSError, struct and index errors on damaged headers
        raise FormatError(f"damaged {kind}: {type(err).__name__}: {err}"[:300]) from None


def read_stream(ole, name: str, kind: str, limit: int) -> bytes | None:  # type: ignore[no-untyped-def]
    """One stream of a compound file (None when absent), refused past `limit` bytes."""
    try:
        if not ole.exists(name):
            return None
        if ole.get_size(name) > limit:
            raise FormatError(f"{kind}: stream {name} is larger than the {limit}-byte limit")
        return ole.openstream(name).read()
    except FormatError:
        raise
    except Exception as err:
        raise FormatError(f"damaged {kind}: stream {name}: {type(err).__name__}: {err}"[:300]) from None


def dttm(value: int) -> str | None:
    """A Word DTTM (minute, hour, day, month, year - 1900 packed in 32 bits) as ISO 8601, None when zero."""
    value &= 0xFFFFFFFF  # writers store it signed
    if not value:
        return None
    minute, hour, day = value & 0x3F, (value >> 6) & 0x1F, (value >> 11) & 0x1F
    month, year = (value >> 16) & 0xF, ((value >> 20) & 0x1FF) + 1900
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00"

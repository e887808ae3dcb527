"""Safe XML for every XML-based format: defusedxml parsing, legacy encodings, XPath-like locators.

Entity definitions (billion laughs), external entities and DTD fetches are refused by
defusedxml; a refusal or a syntax error is a FormatError with the reason. Elements nested
deeper than MAX_DEPTH are not read (the row says so), and locators stay short however deep.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLParser

from analyzer.extract.base import FormatError, LimitReached, Note, bounded_path
from analyzer.extract.decode import decode_text, is_utf8

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"'][^>]*\?>")
_EXPAT_NATIVE = {"utf-8", "utf-16", "iso8859-1", "ascii"}


def parse_xml(data: bytes, comments: bool = False) -> tuple[Element, str]:
    """(root element, encoding used). Raises FormatError on broken or unsafe XML.

    comments: keep `<!-- -->` comments in the tree (as elements whose tag is ElementTree.Comment).
    """
    declared = _DECLARATION.match(data[:512])
    encoding = _codec(declared.group(1).decode("ascii")) if declared else None
    source: bytes | str = data
    used = encoding or "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        used = "utf-16" if not data.startswith(codecs.BOM_UTF8) else "utf-8-sig"
    elif encoding not in _EXPAT_NATIVE:
        # expat reads only UTF-8/16 and Latin-1 natively: decode GBK, Big5, CP949 ... ourselves.
        try:
            text = data.decode(encoding) if encoding else data.decode("utf-8")
        except (UnicodeDecodeError, LookupError):
            decoded = decode_text(data)
            text, used = decoded.text, decoded.encoding
        source = _DECLARATION_TEXT.sub("", text, count=1)
    try:
        return parse_tree(source, comments), used
    except ParseError as err:
        if isinstance(source, bytes) and not is_utf8(data):
            # Declared UTF-8 (or nothing) but written in GBK, CP949 ...: a common mislabel.
            decoded = decode_text(data)
            try:
                return parse_tree(_DECLARATION_TEXT.sub("", decoded.text, count=1), comments), decoded.encoding
            except ParseError:
                pass
        raise FormatError(f"invalid XML: {err}") from None


_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
# What only a document type declaration can hold: entity declarations (billion laughs, quadratic blow-up, external
# entities) and a DTD to fetch. Any case, so no spelling slips by; bytes with a NUL may be UTF-16 or UTF-32,
# whose markup a byte search cannot see.
_DTD_BYTES = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD_TEXT = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_tree(source: bytes | str, comments: bool = False) -> Element:
    """The element tree of XML `source`; raises FormatError for XML refused as unsafe, ParseError for broken XML.

    A document that cannot declare an entity nor name a DTD (no `<!DOCTYPE`, no `<!ENTITY`, no NUL byte) is read
    by the standard library's C parser, which builds the same tree as defusedxml's pure-Python one, faster (a
    small sidecar's cost is mostly the parser's set-up); anything else goes through defusedxml, which refuses entity
    declarations and external references (and is imported only then).
    """
    without_dtd = (
        _DTD_TEXT.search(source) is None
        if isinstance(source, str)
        else b"\x00" not in source and _DTD_BYTES.search(source) is None
    )
    if without_dtd:
        parser = XMLParser(target=TreeBuilder(insert_comments=comments))
        parser.feed(source)
        return parser.close()
    from defusedxml.common import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    defused = DefusedXMLParser(target=TreeBuilder(insert_comments=comments))
    try:
        defused.feed(source)
        return defused.close()
    except DefusedXmlException as err:
        raise FormatError(f"unsafe XML refused ({type(err).__name__})") from None


def _codec(name: str) -> str | None:
    try:
        normal = codecs.lookup(name).name
    except LookupError:
        return None
    return {"latin-1": "iso8859-1", "us-ascii": "ascii", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(
        normal, normal
    )


def local_name(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


MAX_DEPTH = 100  # production XML nests a few dozen levels; a 30,000-deep chain is an attack


def walk(root: Element, strict: bool = True) -> Iterator[tuple[Element, str]]:
    """Every element with its XPath-like locator, `/project/scenes/scene[2]/columns/column[3]`.

    A position is given only where siblings share a name, so the path reads like the file. A deep path keeps
    its root and innermost steps (`/a/…/x/y`). Elements deeper than MAX_DEPTH are not walked: after the rest,
    LimitReached says so (the notes found are kept), unless `strict` is off (a reader that walks the tree
    again, strictly, to report it).
    """
    steps: list[str] = []
    stack: list[tuple[Element, int, str]] = [(root, 0, local_name(root.tag))]
    too_deep = False
    while stack:
        element, depth, step = stack.pop()
        del steps[depth:]
        steps.append(step)
        yield element, bounded_path(steps)
        children = [child for child in element if isinstance(child.tag, str)]
        if not children:
            continue
        if depth + 1 >= MAX_DEPTH:
            too_deep = True
            continue
        counts = Counter(local_name(child.tag) for child in children)
        seen: Counter[str] = Counter()
        located = []
        for child in children:
            name = local_name(child.tag)
            seen[name] += 1
            located.append((child, depth + 1, f"{name}[{seen[name]}]" if counts[name] > 1 else name))
        stack.extend(reversed(located))
    if too_deep and strict:
        raise LimitReached(f"XML nested deeper than {MAX_DEPTH} elements: the deeper elements were not read")


def own_text(element: Element) -> str:
    """The element's direct text (not its children's), stripped."""
    return (element.text or "").strip()


@dataclass(frozen=True, slots=True)
class Where:
    """One row of an ExifTool-style tag table: which element (and attribute) holds what kind of text."""

    element: str  # local name, or "*" for any element
    attribute: str | None = None  # None: the element's whole text
    source: str = "note"  # note | layer-name | metadata
    when: Callable[[Element, str], bool] | None = None  # extra condition on (element, locator)


def notes_by_table(root: Element, table: tuple[Where, ...], prefix: str = "", any_cjk: bool = False) -> Iterator[Note]:
    """Notes wherever the table says they live, plus any attribute named like a note (note_keys.tsv).

    any_cjk: also every other attribute whose value has Han, kana or Hangul (for formats whose
    layout is only partly known, so a note in an unexpected place is still found).
    """
    from analyzer.extract.keys import key_kind
    from analyzer.text.scripts import has_cjk

    by_element: dict[str, list[Where]] = {}
    for row in table:
        by_element.setdefault(row.element, []).append(row)
    for element, path in walk(root):
        claimed: set[str | None] = set()
        for row in (*by_element.get(local_name(element.tag), ()), *by_element.get("*", ())):
            if row.when and not row.when(element, path):
                continue
            claimed.add(row.attribute)
            value = element.get(row.attribute) if row.attribute else "".join(element.itertext())
            if value and value.strip():
                locator = f"{path}/@{row.attribute}" if row.attribute else path
                yield Note(prefix + locator, value.strip(), source=row.source)
        for attribute, value in element.attrib.items():
            name = local_name(attribute)
            if name not in claimed and value.strip() and (key_kind(name) == "note" or (any_cjk and has_cjk(value))):
                yield Note(f"{prefix}{path}/@{name}", value.strip())

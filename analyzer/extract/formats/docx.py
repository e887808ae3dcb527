"""Word documents (.docx/.docm/.dotx/.dotm): body paragraphs, comments, tracked changes, headers, footers, notes.

Located as `paragraph 4`, `paragraph 4 (inserted)` / `(deleted)` with the change's author and date,
`comment 2 (paragraph 4)` with its author and date, `header 1 paragraph 1`, `footnote 1`. A paragraph's
runs are joined into one note; field codes and the VML copy of a text box (mc:Fallback) are not read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.office import (
    attribute,
    note_or_template,
    ooxml_properties,
    open_ooxml,
    read_document,
    read_part,
    relationships,
)
from analyzer.extract.xmltree import local_name

_SKIPPED = frozenset({"pPr", "rPr", "instrText", "delInstrText", "Fallback", "sectPr", "tblPr", "trPr", "tcPr"})
_INSERTED = frozenset({"ins", "moveTo"})
_DELETED = frozenset({"del", "moveFrom"})
_TEXT = frozenset({"t", "delText"})
_BREAKS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_PART_NUMBER = re.compile(r"(\d+)\.xml$")


@dataclass
class _Paragraph:
    """One paragraph's text, split into what is unchanged, inserted and deleted (tracked changes)."""

    pieces: dict[str, list[str]] = field(default_factory=lambda: {"": [], "inserted": [], "deleted": []})
    who: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # change -> (author, date)
    anchors: list[str] = field(default_factory=list)  # comment ids anchored here


def _read_paragraph(paragraph: Element, nested: list[Element]) -> _Paragraph:
    """The paragraph's text by change kind; paragraphs of text boxes inside it are added to `nested`."""
    out = _Paragraph()
    stack: list[tuple[Element, str]] = [(child, "") for child in reversed(paragraph)]
    last = ""
    while stack:
        element, change = stack.pop()
        name = local_name(element.tag)
        if name in _SKIPPED:
            continue
        if name == "p":
            nested.append(element)
            continue
        if name in _INSERTED or name in _DELETED:
            change = "inserted" if name in _INSERTED else "deleted"
            out.who.setdefault(change, (attribute(element, "author"), attribute(element, "date")))
        elif name in ("commentRangeStart", "commentReference"):
            out.anchors.append(attribute(element, "id") or "")
        text = element.text if name in _TEXT else _BREAKS.get(name)
        if text:
            if change != last and out.pieces[change]:
                out.pieces[change].append(" ")  # two separate insertions are two phrases
            out.pieces[change].append(text)
            last = change
        stack.extend((child, change) for child in reversed(element))
    return out


def _paragraphs(container: Element) -> Iterator[Element]:
    """Every paragraph in document order (tables included), text-box paragraphs after their host paragraph."""
    stack = list(reversed(container))
    while stack:
        element = stack.pop()
        name = local_name(element.tag)
        if name == "p":
            yield element
        elif name not in _SKIPPED:
            stack.extend(reversed(element))


def _notes_of(paragraphs: list[_Paragraph], locator: str, author: str | None, date: str | None) -> Iterator[Note]:
    """One note per change kind over the given paragraphs (joined by line breaks)."""
    for change in ("", "inserted", "deleted"):
        text = "\n".join(t for p in paragraphs if (t := "".join(p.pieces[change]).strip()))
        if not text:
            continue
        who = next((p.who[change] for p in paragraphs if change in p.who), (author, date))
        where = f"{locator} ({change})" if change else locator
        yield note_or_template(where, text, timestamp=who[1] or date, author=who[0] or author)


def _read_all(container: Element) -> Iterator[_Paragraph]:
    pending = deque(_paragraphs(container))
    while pending:
        nested: list[Element] = []
        yield _read_paragraph(pending.popleft(), nested)
        pending.extendleft(reversed(nested))


def _story(root: Element, prefix: str, anchors: dict[str, str] | None = None) -> Iterator[Note]:
    """A body, header or footer: `prefix paragraph N`, counting every paragraph as Word shows them."""
    body = next((child for child in root if local_name(child.tag) == "body"), root)
    for number, paragraph in enumerate(_read_all(body), start=1):
        locator = f"{prefix}paragraph {number}"
        if anchors is not None:
            for comment_id in paragraph.anchors:
                anchors.setdefault(comment_id, locator)
        yield from _notes_of([paragraph], locator, None, None)


def _notes_part(root: Element, kind: str) -> Iterator[Note]:
    """Footnotes or endnotes: `footnote N` numbered as Word numbers them (separators left out)."""
    number = 0
    for note in root:
        if local_name(note.tag) != kind or attribute(note, "type") in _SEPARATORS:
            continue
        number += 1
        yield from _notes_of(list(_read_all(note)), f"{kind} {number}", None, None)


def _comments(root: Element, anchors: dict[str, str]) -> Iterator[Note]:
    number = 0
    for comment in root:
        if local_name(comment.tag) != "comment":
            continue
        number += 1
        anchor = anchors.get(attribute(comment, "id") or "")
        locator = f"comment {number} ({anchor})" if anchor else f"comment {number}"
        author, date = attribute(comment, "author"), attribute(comment, "date")
        yield from _notes_of(list(_read_all(comment)), locator, author, date)


def _main_part(package: zipfile.ZipFile) -> str:
    for kind, target in relationships(package, "").values():
        if kind == "officeDocument":
            return target
    return "word/document.xml"


def read_docx(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    return read_document(data, ctx, "Word document", _read_package, open_ooxml)


def _read_package(package: zipfile.ZipFile) -> Iterator[Note]:
    main = _main_part(package)
    document = read_part(package, main)
    if document is None:
        raise FormatError(f"not a Word document: no {main}")
    anchors: dict[str, str] = {}
    yield from _story(document, "", anchors)
    parts = sorted(relationships(package, main).values(), key=lambda rel: rel[1])
    for kind, target in parts:
        if kind in ("header", "footer"):
            root = read_part(package, target)
            number = _PART_NUMBER.search(posixpath.basename(target))
            if root is not None:
                yield from _story(root, f"{kind} {number.group(1)} " if number else f"{kind} ")
        elif kind in ("footnotes", "endnotes"):
            root = read_part(package, target)
            if root is not None:
                yield from _notes_part(root, kind[:-1])
        elif kind == "comments":
            root = read_part(package, target)
            if root is not None:
                yield from _comments(root, anchors)
    yield from ooxml_properties(package)


EXTRACTOR = Extractor(name="docx", suffixes=(".docx", ".docm", ".dotx", ".dotm"), read=read_docx)

"""HTML pages and EPUB books: the text a reader sees, block by block, plus `<!-- comments -->`.

HTML: each block element's text (paragraphs, headings, list items, table cells; `<br>` ends a
line) located `line 12 <p>`, the `<title>`, `<meta name="description">` (a note) and
`<meta name="author">` (the notes' author); script, style and template contents are skipped.
EPUB: a zip of XHTML, each content document read the same way in spine order (the others after),
located `OEBPS/ch01.xhtml line 12 <p>`, with the package's `dc:title`/`dc:description` as notes and
`dc:creator` as author; the archive limits apply before anything is inflated.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from analyzer.extract.archive import open_package, package_errors, read_capped
from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.decode import decode_text
from analyzer.extract.human import looks_human
from analyzer.extract.xmltree import local_name, parse_xml

BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "caption",
        "blockquote",
        "pre",
        "figcaption",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "nav",
        "main",
        "summary",
        "details",
        "address",
        "label",
        "button",
        "option",
        "legend",
        "tr",
        "table",
        "ul",
        "ol",
        "dl",
        "body",
    ]
)
SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "math"})
_SPACES = re.compile(r"[ \t\r\f\v]+")
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.I)


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.notes: list[Note] = []
        self.skipping: list[str] = []
        self.parts: list[str] = []
        self.start: tuple[int, str] | None = None
        self.title: list[str] | None = None
        self.author: str | None = None

    def flush(self) -> None:
        text = "\n".join(line.strip() for line in _SPACES.sub(" ", "".join(self.parts)).split("\n"))
        text = re.sub(r"\n{2,}", "\n", text).strip()
        if text and self.start:
            self.notes.append(Note(f"line {self.start[0]} <{self.start[1]}>", text))
        self.parts, self.start = [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag in SKIPPED:
                self.skipping.append(tag)
            return
        if tag == "title":
            self.title = []
            return
        if tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            name, content = values.get("name", "").lower(), values.get("content", "").strip()
            if content and name in ("description", "keywords", "subject"):
                self.notes.append(Note(f'line {self.getpos()[0]} <meta name="{name}">', content))
            elif content and name == "author":
                self.author = content
            elif content and name in ("generator", "date", "dcterms.created"):
                self.notes.append(Note(f'line {self.getpos()[0]} <meta name="{name}">', content, source="metadata"))
            return
        if tag in SKIPPED:
            self.skipping.append(tag)
            return
        if tag in BLOCKS:
            self.flush()
        elif tag == "br":
            self.parts.append("\n")
        if tag in ("img", "area") and (alt := dict(attrs).get("alt")) and looks_human(alt):
            self.notes.append(Note(f"line {self.getpos()[0]} <{tag} alt>", alt.strip()))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "title" and self.title is not None:
            text = " ".join("".join(self.title).split())
            if text:
                self.notes.append(Note("<title>", text))
            self.title = None
        elif tag in BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.title is not None:
            self.title.append(data)
            return
        if data.strip() and self.start is None:
            self.start = (self.getpos()[0], self.lasttag or "body")
        self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        if not self.skipping and data.strip() and looks_human(data.strip()):
            self.notes.append(Note(f"line {self.getpos()[0]} <!-- -->", data.strip()))


def notes_from_html(text: str, prefix: str = "") -> list[Note]:
    parser = _Blocks()
    parser.feed(text)
    parser.close()
    parser.flush()
    return [
        Note(
            prefix + n.locator,
            n.text,
            n.timestamp,
            n.author or (parser.author if n.source == "note" else None),
            n.source,
        )
        for n in parser.notes
    ]


def _html_text(data: bytes) -> tuple[str, str]:
    declared = _CHARSET.search(data[:2048])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii")), declared.group(1).decode("ascii").lower()
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode_text(data)
    return decoded.text, decoded.encoding


def read_html(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    text, ctx.encoding = _html_text(data)
    yield from notes_from_html(text)


def read_epub(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    package = open_package(data, ctx.limits, "EPUB book")
    ctx.encoding = "utf-8"
    with package_errors("EPUB book"):
        names = package.namelist()
        spine, metadata = _spine(package, names, ctx)
        yield from metadata
        documents = spine + [n for n in names if n.lower().endswith((".xhtml", ".html", ".htm")) and n not in spine]
        for name in documents:
            if name not in names:
                continue
            info = package.getinfo(name)
            with package.open(info) as stream:
                raw = read_capped(stream, info.file_size)
            text, _ = _html_text(raw)
            yield from notes_from_html(text, prefix=f"{name} ")


def _spine(package, names: list[str], ctx: ReadContext) -> tuple[list[str], list[Note]]:
    """The content documents in reading order, and the package's title, description and creator."""
    if "META-INF/container.xml" not in names:
        raise FormatError("not an EPUB book: no META-INF/container.xml")
    container, _ = parse_xml(package.read("META-INF/container.xml"))
    rootfile = next((e.get("full-path") for e in container.iter() if local_name(e.tag) == "rootfile"), None)
    if not rootfile or rootfile not in names:
        return [], []
    opf, _ = parse_xml(package.read(rootfile))
    base = posixpath.dirname(rootfile)
    manifest = {
        e.get("id"): posixpath.normpath(posixpath.join(base, e.get("href", "")))
        for e in opf.iter()
        if local_name(e.tag) == "item"
    }
    spine = [
        manifest[e.get("idref")] for e in opf.iter() if local_name(e.tag) == "itemref" and e.get("idref") in manifest
    ]
    fields = {local_name(e.tag): " ".join("".join(e.itertext()).split()) for e in opf.iter()}
    author = fields.get("creator") or None
    notes = [
        Note(f"{rootfile} dc:{key}", fields[key], author=author) for key in ("title", "description") if fields.get(key)
    ]
    if fields.get("date"):
        notes.append(Note(f"{rootfile} dc:date", fields["date"], timestamp=fields["date"], source="metadata"))
    return spine, notes


HTML = Extractor(name="html", suffixes=(".html", ".htm", ".xhtml"), read=read_html, text=True)
EPUB = Extractor(name="epub", suffixes=(".epub",), read=read_epub)

"""PDF (pypdf): annotation comments, page text, document info and XMP; embedded files read as members.

Annotations that carry text (sticky notes, free text, highlights and other markup, ink, stamps) are
located `page 3 annotation 2` (numbered as a viewer's comment list shows them: links, form fields and
popups are not counted), replies `page 3 annotation 4 (reply to annotation 2)`, with the author `/T` and
the date `/M` or `/CreationDate` in ISO 8601. Page text is cut into paragraphs, located `page 3 line 5`.
Embedded files and file-attachment annotations go through the archive budget. Password-protected files
are an error row; an empty user password is tried, as every viewer does. Past a cap (pages, annotations,
page text) the notes read are kept and the row is an error naming what was left unread.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from analyzer.extract.archive import Budget, Candidate, read_members, safe_member_name
from analyzer.extract.base import Extractor, FormatError, LimitReached, Member, Note, ReadContext
from analyzer.extract.dates import pdf_date_to_iso
from analyzer.extract.decode import decode_text
from analyzer.extract.formats.xmp import notes_from_xmp

# Caps against hostile files: a scan reads notes, not whole libraries.
MAX_PAGES = 5000
MAX_ANNOTATIONS = 20_000
MAX_PAGE_CHARS = 200_000
MAX_TEXT_CHARS = 5_000_000
MAX_NOTE_CHARS = 2000  # page text without punctuation is cut into notes of at most this length
MAX_NAME_TREE_NODES = 10_000
MAX_CONTENT_BYTES = 16 * 1024 * 1024  # a page whose content streams are larger (compressed) is not text-extracted

_NOT_COMMENTS = frozenset({"/Link", "/Widget", "/Popup", "/PrinterMark", "/TrapNet", "/Watermark", "/3D", "/Screen"})
_INFO = ("/Title", "/Subject", "/Keywords", "/Author", "/Creator", "/Producer", "/CreationDate", "/ModDate")
_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = tuple("。！？!?.:：；;")


@cache
def _scripts() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Hangul, Han, and Han or CJK punctuation: classes this large are slow to compile, so only when a PDF is
    read, not at every scan's start."""
    return (
        re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"),
        re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"),
        re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"),
    )


def pdf_date(raw: object) -> str | None:
    """A PDF date as ISO 8601 (`analyzer/extract/dates.py`; writers that leave out the `D:` are read too);
    what is not a PDF date is returned as it was."""
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return None
    return pdf_date_to_iso(text) or pdf_date_to_iso("D:" + text) or text


def read_pdf(data: bytes, ctx: ReadContext) -> Iterator[Note | Member]:
    """The reader proper, with every library exception turned into a FormatError reason as items are made."""
    items = _read(data, ctx)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except FormatError:
            raise
        except RecursionError:
            raise FormatError("damaged PDF: objects nested too deeply") from None
        except Exception as err:  # pypdf raises many types (PdfReadError, KeyError, struct, zlib ...) on bad bytes
            raise FormatError(f"damaged PDF: {type(err).__name__}: {err}"[:300]) from None
        yield item


def _read(data: bytes, ctx: ReadContext) -> Iterator[Note | Member]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # a damaged file is our error row, not log lines
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except NotImplementedError as err:
            raise FormatError(f"encrypted PDF that cannot be opened: {err}") from None
        if not opened:
            raise FormatError("encrypted PDF: a password is needed to open it (none is tried)")
    budget = Budget(ctx.limits, len(data))
    yield from _document_info(reader)
    yield from _xmp(reader)
    pages = reader.pages
    annotations = 0
    characters = 0
    limits: list[str] = []
    for index in range(min(len(pages), MAX_PAGES)):
        page = pages[index]
        comments, attachments = _annotations(page, index + 1, MAX_ANNOTATIONS - annotations)
        annotations += len(comments)
        yield from comments
        yield from read_members(budget, attachments, _MEMBER_ERRORS, stop_on_error=False)
        if characters < MAX_TEXT_CHARS and _content_size(page) > MAX_CONTENT_BYTES:
            limits.append(f"page {index + 1} text not read: its content streams exceed {MAX_CONTENT_BYTES} bytes")
        elif characters < MAX_TEXT_CHARS:
            text = page.extract_text()[:MAX_PAGE_CHARS]
            characters += len(text)
            for line, paragraph in page_paragraphs(text):
                yield Note(f"page {index + 1} line {line}", paragraph)
            if characters >= MAX_TEXT_CHARS:
                limits.append(f"page text past {MAX_TEXT_CHARS} characters not read (pages after {index + 1})")
    yield from read_members(budget, _embedded_files(reader), _MEMBER_ERRORS, stop_on_error=False)
    if len(pages) > MAX_PAGES:
        limits.insert(0, f"{len(pages)} pages: only the first {MAX_PAGES} were read")
    if annotations >= MAX_ANNOTATIONS:
        limits.append(f"more than {MAX_ANNOTATIONS} annotations: the rest were not read")
    if limits:  # the notes read so far are kept; the row is an error naming what was left unread
        raise LimitReached("; ".join(limits))


# An embedded file that pypdf cannot decode (any of its many exception types) is that member's error row.
_MEMBER_ERRORS = (Exception,)


def _content_size(page: Any) -> int:
    """Stored (compressed) size of a page's content streams, without decoding them."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    streams = contents if isinstance(contents, list) else [contents]
    return sum(len(getattr(s.get_object() if s is not None else None, "_data", b"") or b"") for s in streams)


def _script(line: str) -> str:
    hangul, han, _ = _scripts()
    if hangul.search(line):
        return "ko"
    return "han" if han.search(line) else "other"


def page_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, paragraph) from a page's text lines: a paragraph ends at a blank line, after a
    sentence-ending mark, where Korean lines follow Chinese ones (or the other way), or at MAX_NOTE_CHARS."""
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if current and (
            not line
            or current[-1].endswith(_SENTENCE_END)
            or _script(current[-1]) != _script(line)
            or sum(map(len, current)) > MAX_NOTE_CHARS
        ):
            yield start, _join(current)
            current = []
        if line:
            if not current:
                start = number
            current.append(line)
    if current:
        yield start, _join(current)


def _join(lines: list[str]) -> str:
    """Wrapped lines joined back: no space between two CJK characters, one elsewhere."""
    cjk = _scripts()[2]
    out = lines[0]
    for line in lines[1:]:
        glue = "" if cjk.match(out[-1]) and cjk.match(line[0]) else " "
        out += glue + line
    return out


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _annotations(page: Any, number: int, room: int) -> tuple[list[Note], list[Candidate | Member]]:
    """The page's comments and the files attached to it."""
    from pypdf.generic import IndirectObject

    notes: list[Note] = []
    files: list[Candidate | Member] = []
    refs = page.get("/Annots")
    refs = refs.get_object() if refs is not None else None
    if not isinstance(refs, list):
        return notes, files
    located: dict[int, int] = {}  # object number -> annotation number, for replies
    counted = 0
    for ref in refs[:MAX_ANNOTATIONS]:
        annotation = ref.get_object() if ref is not None else None
        if not isinstance(annotation, dict):
            continue
        subtype = _text(annotation.get("/Subtype"))
        if subtype in _NOT_COMMENTS:
            continue
        counted += 1
        if isinstance(ref, IndirectObject):
            located[ref.idnum] = counted
        locator = f"page {number} annotation {counted}"
        parent = annotation.get("/IRT")
        if isinstance(parent, IndirectObject) and parent.idnum in located:
            locator += f" (reply to annotation {located[parent.idnum]})"
        text = _text(annotation.get("/Contents"))
        if not text and annotation.get("/RC") is not None:
            text = html.unescape(_TAG.sub(" ", _rich_text(annotation["/RC"]))).strip()
            text = re.sub(r"[ \t]+", " ", text)
        author = _text(annotation.get("/T")) or None
        date = pdf_date(annotation.get("/M") or annotation.get("/CreationDate"))
        if text and len(notes) < room:
            notes.append(Note(locator, text, timestamp=date, author=author))
        if subtype == "/FileAttachment" and annotation.get("/FS") is not None:
            files.extend(_file_spec(annotation["/FS"].get_object(), locator))
    return notes, files


def _rich_text(value: Any) -> str:
    value = value.get_object()
    if hasattr(value, "get_data"):
        return decode_text(value.get_data()[:MAX_PAGE_CHARS]).text
    return str(value)


def _file_spec(spec: Any, fallback: str) -> Iterator[Candidate | Member]:
    """The embedded file of a file specification, as an archive candidate named by the file's own name."""
    if isinstance(spec, str) or not isinstance(spec, dict):
        return
    name = safe_member_name(_text(spec.get("/UF")) or _text(spec.get("/F")) or fallback)
    files = spec.get("/EF")
    files = files.get_object() if files is not None else None
    stream = (files.get("/UF") or files.get("/F")) if isinstance(files, dict) else None
    stream = stream.get_object() if stream is not None else None
    if stream is None or not hasattr(stream, "get_data"):
        yield Member(name, b"", refused="file specification without embedded data", status="skipped")
        return
    raw = len(getattr(stream, "_data", b"") or b"")
    params = stream.get("/Params")
    params = params.get_object() if params is not None else None
    declared = params.get("/Size") if isinstance(params, dict) else None
    if isinstance(declared, int) and declared >= 0:
        yield Candidate(name, int(declared), raw, lambda: io.BytesIO(stream.get_data()))
        return
    content = stream.get_data()  # no declared size: pypdf's own output caps bound the decompression
    yield Candidate(name, len(content), raw, lambda: io.BytesIO(content))


def _embedded_files(reader: Any) -> Iterator[Candidate | Member]:
    """Files in the document's /EmbeddedFiles name tree."""
    names = reader.trailer["/Root"].get("/Names")
    names = names.get_object() if names is not None else None
    tree = names.get("/EmbeddedFiles") if isinstance(names, dict) else None
    stack = [tree.get_object()] if tree is not None else []
    seen = 0
    while stack and seen < MAX_NAME_TREE_NODES:
        node = stack.pop()
        seen += 1
        if not isinstance(node, dict):
            continue
        kids = node.get("/Kids")
        kids = kids.get_object() if kids is not None else None
        if isinstance(kids, list):
            stack.extend(kid.get_object() for kid in reversed(kids) if kid is not None)
        pairs = node.get("/Names")
        pairs = pairs.get_object() if pairs is not None else None
        if isinstance(pairs, list):
            for key, spec in zip(pairs[0::2], pairs[1::2]):
                yield from _file_spec(spec.get_object() if spec is not None else None, _text(key) or "embedded")


def _document_info(reader: Any) -> Iterator[Note]:
    info = reader.metadata
    if not info:
        return
    for key in _INFO:
        value = info.get(key)
        value = value.get_object() if hasattr(value, "get_object") else value
        text = _text(value)
        if text:
            if key in ("/CreationDate", "/ModDate"):
                text = pdf_date(text) or text
            yield Note(f"PDF Info:{key[1:]}", text, source="metadata")


def _xmp(reader: Any) -> Iterator[Note]:
    stream = reader.trailer["/Root"].get("/Metadata")
    stream = stream.get_object() if stream is not None else None
    if stream is None or not hasattr(stream, "get_data"):
        return
    packet = decode_text(stream.get_data()).text
    if packet.strip():
        try:
            yield from notes_from_xmp(packet, locator_prefix="XMP ")
        except FormatError as err:
            raise FormatError(f"PDF XMP metadata: {err}") from None


def _sniff(head: bytes) -> bool:
    return b"%PDF-" in head[:64]


EXTRACTOR = Extractor(name="pdf", suffixes=(".pdf",), read=read_pdf, sniff=_sniff)

"""What the mail readers share: text in the charset a mailer really used, RFC 2047 headers, HTML bodies as text.

Mailers declare GB2312 and write GBK, declare EUC-KR and write CP949, declare ISO-8859-1 over anything: a
declared charset is read as the superset its senders use, and bytes it cannot read are detected like a file.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from analyzer.extract.archive import Budget, safe_member_name
from analyzer.extract.base import Member, Note
from analyzer.extract.decode import DecodeError, decode_text

if TYPE_CHECKING:  # the email package is imported by the mail readers when they run (it imports socket)
    from email.message import Message

# Declared charset -> the codecs to try, superset first.
_SUPERSETS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("gb2312", "gbk", "x-gbk", "cp936", "ms936", "euc-cn", "x-euc-cn", "csgb2312", "gb_2312-80", "chinese"),
        ("gb18030",),
    ),
    **dict.fromkeys(
        ("euc-kr", "cseuckr", "ks_c_5601-1987", "ks_c_5601-1989", "ks_c_5601", "ksc5601", "korean", "uhc"),
        ("cp949",),
    ),
    **dict.fromkeys(("windows-949", "x-windows-949", "cp949", "ms949"), ("cp949",)),
    **dict.fromkeys(("big5", "x-big5", "cn-big5", "csbig5", "cp950", "ms950"), ("cp950", "big5hkscs")),
    **dict.fromkeys(("shift_jis", "x-sjis", "sjis", "ms_kanji", "windows-31j", "cp932"), ("cp932",)),
    **dict.fromkeys(("iso-2022-jp", "csiso2022jp"), ("iso2022_jp_2", "iso2022_jp_ext")),
    "iso-2022-kr": ("iso2022_kr",),
    "hz-gb-2312": ("hz",),
}
# Declarations mailers put on anything: the bytes decide (UTF-8, a plausible CJK reading, else Western).
_UNTRUSTED = frozenset(("us-ascii", "ascii", "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "unknown"))
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_FOLD = re.compile(r"\r?\n[ \t]")


def decode_declared(data: bytes, charset: str | None) -> str:
    """Text of bytes declared to be in `charset` (None: undeclared), read as what mailers really write."""
    declared = (charset or "").strip().strip('"').lower()
    if declared and declared not in _UNTRUSTED:
        for codec in (*_SUPERSETS.get(declared, ()), declared):
            try:
                return data.decode(codec)
            except (ValueError, LookupError):  # also a charset name with stray bytes (NUL, 8-bit)
                continue
    try:
        return decode_text(data).text
    except DecodeError:
        return data.decode(_SUPERSETS.get(declared, ("utf-8",))[0], errors="replace")


def decode_header(value: str | None, hint: str | None = None) -> str:
    """A header value as text: RFC 2047 encoded words in any charset, and raw 8-bit bytes (which the parser
    kept surrogate-escaped) read as UTF-8, else in the message's body charset `hint`, else detected."""
    if not value:
        return ""
    value = _FOLD.sub(" ", value)
    pieces: list[tuple[str | None, bytes]] = []  # (charset, bytes) of encoded words; (None, raw bytes) between
    at = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[at : match.start()]
        if between and not (between.isspace() and pieces and pieces[-1][0]):  # space between words is dropped
            pieces.append((None, _raw_bytes(between)))
        charset = match.group(1).split("*")[0].lower()  # RFC 2231 language suffix: utf-8*zh
        payload = _word_bytes(match.group(2).upper(), match.group(3))
        if pieces and pieces[-1][0] == charset:  # a character may be split across two words of one charset
            pieces[-1] = (charset, pieces[-1][1] + payload)
        else:
            pieces.append((charset, payload))
        at = match.end()
    if value[at:]:
        pieces.append((None, _raw_bytes(value[at:])))
    text = "".join(
        _raw_text(raw, hint) if charset is None else decode_declared(raw, charset) for charset, raw in pieces
    )
    return " ".join(text.split())


def _raw_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _raw_text(raw: bytes, hint: str | None) -> str:
    if raw.isascii():
        return raw.decode("ascii")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_declared(raw, hint)


def _word_bytes(encoding: str, text: str) -> bytes:
    if encoding == "B":
        try:
            return base64.b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            return text.encode("ascii", "replace")
    raw = text.replace("_", " ").encode("ascii", "replace")
    return re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def iso_time(value: str | None) -> str | None:
    """An RFC 5322 date as ISO 8601 with its offset (`2024-03-01T18:20:00+08:00`), or None."""
    if not value:
        return None
    import email.utils

    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def sender(value: str | None, hint: str | None = None) -> str | None:
    """`Name <address>` of a From header, decoded."""
    decoded = decode_header(value, hint)
    if not decoded:
        return None
    import email.utils

    name, address = email.utils.parseaddr(decoded)
    if name and address:
        return f"{name} <{address}>"
    return name or address or decoded


class _HtmlText(HTMLParser):
    _HIDDEN = frozenset(("script", "style", "head", "title", "noscript", "template", "xml"))
    _BREAKS = frozenset(
        ("br", "p", "div", "li", "tr", "td", "th", "table", "ul", "ol", "hr", "pre", "blockquote", "dt", "dd")
        + ("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer")
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text a reader sees in an HTML body: one line per block, no script, style or head."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).replace("\xa0", " ").splitlines())
    return "\n".join(line for line in lines if line)


def body_notes(prefix: str, part: int, text: str, timestamp: str | None, author: str | None) -> Iterator[Note]:
    """A body's non-blank lines: `body line 4` for the first text part, `body part 2 line 4` for later ones."""
    where = f"{prefix}body" if part == 1 else f"{prefix}body part {part}"
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield Note(f"{where} line {number}", line.strip(), timestamp, author)


def attachment(budget: Budget, name: str, content: bytes) -> Member:
    """An attachment as an archive member, within the same limits as a zip member."""
    name = safe_member_name(name)
    return budget.admit(name, len(content), None) or Member(name, content)


def raw_header(message: Message, name: str) -> str | None:
    """A header as parsed, raw 8-bit bytes still surrogate-escaped (`Message.get` wraps those in a Header)."""
    wanted = name.lower()
    return next((value for key, value in message.raw_items() if key.lower() == wanted and isinstance(value, str)), None)


def read_message(message: Message, prefix: str, budget: Budget) -> Iterator[Note | Member]:
    """Subject, body lines and attachments of one parsed message (compat32 policy), notes located after `prefix`
    (`message 3 `) and attachments named after it (`message 3/`)."""
    bodies: list[tuple[bytes, str | None, bool]] = []  # (payload, charset, is html)
    attached: list[tuple[str | None, str, bytes]] = []  # (file name, content type, bytes)
    _walk(message, bodies, attached, depth=0)
    hint = next((charset for _, charset, _ in bodies if charset), None) or message.get_content_charset()
    timestamp = iso_time(decode_header(raw_header(message, "Date")))
    author = sender(raw_header(message, "From"), hint) or sender(raw_header(message, "Sender"), hint)
    subject = decode_header(raw_header(message, "Subject"), hint)
    if subject:
        yield Note(f"{prefix}subject", subject, timestamp, author)
    for number, (payload, charset, is_html) in enumerate(bodies, start=1):
        text = decode_declared(payload, charset)
        yield from body_notes(prefix, number, html_to_text(text) if is_html else text, timestamp, author)
    folder = prefix.strip() + "/" if prefix else ""
    for number, (filename, content_type, content) in enumerate(attached, start=1):
        name = decode_header(str(filename), hint) if filename else _unnamed(number, content_type)
        yield attachment(budget, folder + name.replace("/", "_"), content)


def _walk(part: Message, bodies: list | None, attached: list, depth: int) -> None:
    """Body text parts into `bodies` (None: this branch is an alternative rendering, bodies not wanted) and every
    other leaf into `attached`."""
    from email.message import Message

    if depth > 50:  # a hostile nesting: what lies deeper is not read
        return
    content_type = part.get_content_type()
    if content_type == "message/rfc822" or (content_type.startswith("message/") and part.is_multipart()):
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            attached.append((part.get_filename(), "message/rfc822", inner[0].as_bytes()))
        return
    if part.is_multipart():
        children = [child for child in part.get_payload() if isinstance(child, Message)]
        chosen = _best_alternative(children) if content_type == "multipart/alternative" else None
        for child in children:
            # The other renderings of an alternative still give their attachments (inline images).
            _walk(child, bodies if chosen in (None, child) else None, attached, depth + 1)
        return
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return
    filename = part.get_filename()
    disposition = (part.get_content_disposition() or "").lower()
    if filename is None and disposition != "attachment" and content_type in ("text/plain", "text/html"):
        if bodies is not None:
            bodies.append((payload, part.get_content_charset(), content_type == "text/html"))
    elif payload:
        attached.append((filename, content_type, payload))


def _best_alternative(children: list[Message]) -> Message | None:
    """Of the renderings of one body, the plain text when it says anything, else the richest (HTML, related)."""
    for child in children:
        if child.get_content_type() == "text/plain" and not child.get_filename():
            payload = child.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return child
    return children[-1] if children else None  # RFC 2046: the last alternative is the richest


_EXTENSIONS = {
    "message/rfc822": ".eml",
    "text/plain": ".txt",
    "text/html": ".html",
    "application/pdf": ".pdf",
    "application/zip": ".zip",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}


def _unnamed(number: int, content_type: str) -> str:
    return f"attachment {number}{_EXTENSIONS.get(content_type, '')}"

"""Outlook messages (.msg, .oft), read from their OLE2 streams with olefile ([MS-OXMSG]).

Subject (property 0x0037) and plain body (0x1000; else the HTML body 0x1013 reduced to text; else the
compressed RTF body 0x1009, decompressed into a `body.rtf` member for the RTF reader), located like mail:
`subject`, `body line 4`. Author: the transport headers' From, else the sender name (0x0C1A or 0x0042)
and SMTP address; time: the transport headers' Date (the sender's offset), else the submit or delivery time
(0x0039, 0x0E06) in UTC. Attachments (`__attach_version1.0_#N`, data 0x3701, name 0x3707/0x3704/0x3001) are
members; an attached message is read in place (`attached message 1 subject`). Unicode (001F) strings are
UTF-16; 8-bit (001E) strings are in the message code page (0x3FFD), read like a declared mail charset.
extract-msg is not used: it is GPL-3.0, and this project is MIT.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from analyzer.extract.archive import Budget
from analyzer.extract.base import Extractor, FormatError, Member, Note, ReadContext
from analyzer.extract.mail import attachment, body_notes, decode_declared, decode_header, html_to_text, iso_time
from analyzer.extract.mail import sender as mail_sender

_PROPERTIES = "__properties_version1.0"
_ATTACHMENT = "__attach_version1.0_#"
_EMBEDDED = "__substg1.0_3701000D"
_PT_LONG, _PT_SYSTIME = 0x0003, 0x0040
_EPOCH_1601 = datetime(1601, 1, 1, tzinfo=UTC)
# Windows code page -> the codec mailers' bytes really need (GB2312 pages hold GBK, and so on).
_CODE_PAGES = {936: "gbk", 949: "cp949", 950: "big5", 932: "shift_jis", 65001: "utf-8", 20127: "us-ascii"}


class _Message:
    """One message storage (the file's root, or an attached message inside it)."""

    def __init__(self, compound, path: list[str], header_size: int, limit: int) -> None:  # noqa: ANN001
        self.compound, self.path, self.limit = compound, path, limit
        self.fixed = _fixed_properties(self._bytes(_PROPERTIES) or b"", header_size)
        page = self.fixed.get(0x3FFD) or self.fixed.get(0x3FDE)
        self.charset = _CODE_PAGES.get(page, f"cp{page}") if isinstance(page, int) else None

    def _bytes(self, name: str) -> bytes | None:
        path = [*self.path, name]
        if not self.compound.exists("/".join(path)) or self.compound.get_type("/".join(path)) != 2:  # 2: a stream
            return None
        if self.compound.get_size("/".join(path)) > self.limit:
            raise FormatError(f"stream {name} claims more bytes than the file holds")
        return self.compound.openstream(path).read()

    def string(self, prop: int) -> str | None:
        wide = self._bytes(f"__substg1.0_{prop:04X}001F")
        if wide is not None:
            return wide.decode("utf-16-le", errors="replace").rstrip("\x00")
        narrow = self._bytes(f"__substg1.0_{prop:04X}001E")
        if narrow is not None:
            return decode_declared(narrow.rstrip(b"\x00"), self.charset)
        return None

    def binary(self, prop: int) -> bytes | None:
        return self._bytes(f"__substg1.0_{prop:04X}0102")

    def storages(self, prefix: str) -> list[str]:
        depth = len(self.path)
        names = {
            entry[depth]
            for entry in self.compound.listdir(streams=True, storages=True)
            if len(entry) > depth + 1 and entry[:depth] == self.path and entry[depth].startswith(prefix)
        }
        return sorted(names)


def _fixed_properties(stream: bytes, header_size: int) -> dict[int, int]:
    """Property id -> value of the fixed-size properties (PT_LONG, PT_SYSTIME) in a properties stream."""
    values: dict[int, int] = {}
    for at in range(header_size, len(stream) - 15, 16):
        kind, prop, _flags, value = struct.unpack_from("<HHIQ", stream, at)
        if kind == _PT_LONG:
            values[prop] = value & 0xFFFFFFFF
        elif kind == _PT_SYSTIME:
            values[prop] = value
    return values


def read_msg(data: bytes, ctx: ReadContext) -> Iterator[Note | Member]:
    import olefile

    try:
        compound = olefile.OleFileIO(io.BytesIO(data))
    except Exception as err:  # olefile raises OSError, struct, index and value errors on damaged files
        raise FormatError(f"not a readable OLE2 compound file: {type(err).__name__}: {err}"[:300]) from None
    with compound:
        try:
            if not compound.exists(_PROPERTIES):
                roots = sorted({path[0] for path in compound.listdir(streams=True, storages=True)})[:5]
                raise FormatError(f"not an Outlook message: an OLE2 file holding {', '.join(roots) or 'nothing'}")
            message = _Message(compound, [], 32, len(data))
            yield from _read(message, "", Budget(ctx.limits, len(data)), depth=0)
        except FormatError:
            raise
        except Exception as err:  # a damaged stream chain, property table or a directory that loops (RecursionError)
            raise FormatError(f"damaged Outlook message: {type(err).__name__}: {str(err)[:200]}") from None


def _read(message: _Message, prefix: str, budget: Budget, depth: int) -> Iterator[Note | Member]:
    from email.parser import HeaderParser

    headers = HeaderParser().parsestr(message.string(0x007D) or "")
    timestamp = iso_time(headers.get("Date")) or _filetime(message.fixed.get(0x0039) or message.fixed.get(0x0E06))
    author = mail_sender(headers.get("From"), message.charset) or _sender(message)
    subject = message.string(0x0037)
    if subject and subject.strip():
        yield Note(f"{prefix}subject", " ".join(subject.split()), timestamp, author)
    body = message.string(0x1000)
    if not (body and body.strip()):
        html = message.string(0x1013)
        raw_html = message.binary(0x1013)
        if html is None and raw_html is not None:
            internet = message.fixed.get(0x3FDE)
            html = decode_declared(raw_html, _CODE_PAGES.get(internet, f"cp{internet}") if internet else None)
        body = html_to_text(html) if html else None
    folder = prefix.strip() + "/" if prefix else ""
    if body:
        yield from body_notes(prefix, 1, body, timestamp, author)
    elif (rtf := message.binary(0x1009)) is not None:
        yield _rtf_body(rtf, folder, budget)
    for number, storage in enumerate(message.storages(_ATTACHMENT), start=1):
        yield from _attachment(message, storage, number, prefix, folder, budget, depth)


def _attachment(
    message: _Message, storage: str, number: int, prefix: str, folder: str, budget: Budget, depth: int
) -> Iterator[Note | Member]:
    part = _Message(message.compound, [*message.path, storage], 8, message.limit)
    name = part.string(0x3707) or part.string(0x3704) or part.string(0x3001) or f"attachment {number}"
    name = folder + name.replace("/", "_").replace("\\", "_")
    embedded = [*part.path, _EMBEDDED]
    if message.compound.exists("/".join(embedded)):
        if depth >= 8:
            yield Member(name, b"", refused="attached messages nested too deeply")
            return
        inner = _Message(message.compound, embedded, 24, message.limit)
        yield from _read(inner, f"{prefix}attached message {number} ", budget, depth + 1)
        return
    content = part.binary(0x3701)
    if content is None:
        yield Member(name, b"", refused="attachment without data (a link or an embedded OLE object)")
        return
    yield attachment(budget, name, content)


def _rtf_body(compressed: bytes, folder: str, budget: Budget) -> Member:
    """A body kept only as compressed RTF (0x1009), handed on as a `body.rtf` member for the RTF reader."""
    import compressed_rtf

    try:
        rtf = compressed_rtf.decompress(compressed)
    except Exception as err:  # compressed_rtf raises ValueError, struct and index errors on damaged data
        return Member(f"{folder}body.rtf", b"", refused=f"unreadable compressed RTF body: {err}"[:300], status="error")
    return attachment(budget, f"{folder}body.rtf", rtf)


def _sender(message: _Message) -> str | None:
    name = message.string(0x0C1A) or message.string(0x0042)
    address = next(
        (a for a in (message.string(0x5D01), message.string(0x0C1F), message.string(0x0065)) if a and "@" in a),
        None,
    )
    if name and address:
        return f"{decode_header(name)} <{address}>"
    return name or address


def _filetime(value: int | None) -> str | None:
    """A FILETIME (100 ns since 1601, UTC) as ISO 8601."""
    if not value:
        return None
    try:
        return (_EPOCH_1601 + timedelta(microseconds=value // 10)).isoformat()
    except OverflowError:
        return None


EXTRACTOR = Extractor(name="msg", suffixes=(".msg", ".oft"), read=read_msg, ole_streams=(_PROPERTIES,))

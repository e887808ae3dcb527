"""PNG: text chunks (`tEXt`, `zTXt`, `iTXt`), embedded XMP (`iTXt XML:com.adobe.xmp`), `eXIf`, and
ImageMagick's hex "Raw profile type" chunks. Located as `PNG tEXt:Comment`, `XMP dc:description[zh-CN]`.
With OCR, also the text drawn on the picture (`OCR line 1 (x, y, w, h)`).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Limits, Note, ReadContext
from analyzer.extract.decode import decode_loose
from analyzer.extract.embedded.blocks import dated, notes_from_blocks, notes_from_xmp_bytes
from analyzer.extract.keys import key_kind
from analyzer.extract.pixels import drawn_text

SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_KEYWORD = "XML:com.adobe.xmp"
# Keywords of the PNG specification and what they hold; other keywords go through note_keys.tsv.
KEYWORDS = {
    "title": "note",
    "description": "note",
    "comment": "note",
    "disclaimer": "note",
    "warning": "note",
    "author": "author",
    "copyright": "author",
    "source": "metadata",
    "software": "metadata",
    "creation time": "time",
    # ImageMagick stamps every PNG it writes with the file's times: metadata, not notes.
    "date:create": "time",
    "date:modify": "time",
    "date:timestamp": "time",
}
RAW_PROFILE = "raw profile type "
TEXT_CHUNKS = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf"})


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    pos = len(SIGNATURE)
    while pos < len(data):
        if pos + 8 > len(data):
            raise FormatError(f"truncated PNG: chunk header cut at byte {pos}")
        length, kind = struct.unpack_from(">I4s", data, pos)
        if pos + 12 + length > len(data):
            raise FormatError(f"truncated PNG: {kind.decode('latin-1')} chunk runs past the end")
        # Only text and EXIF bodies are copied: image data chunks can be most of a large file.
        yield kind, data[pos + 8 : pos + 8 + length] if kind in TEXT_CHUNKS else b""
        if kind == b"IEND":
            return
        pos += 12 + length
    # A file cut at a chunk boundary (or a bare signature) has every chunk whole but no end: still truncated.
    raise FormatError(f"truncated PNG: no IEND chunk in its {len(data)} bytes")


def _inflate(body: bytes, budget: list[int], ratio: float, where: str) -> bytes:
    """Inflate within the file's remaining byte budget and the compression-ratio limit (zip-bomb guard)."""
    limit = min(budget[0], int(len(body) * ratio) + 65536)
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(body, limit)
    except zlib.error as err:
        raise FormatError(f"{where}: broken compressed text ({err})") from None
    if inflater.unconsumed_tail:
        raise FormatError(f"{where}: compressed text inflates past the {limit}-byte limit")
    budget[0] -= len(out)
    return out


def _split(body: bytes, where: str) -> tuple[str, bytes]:
    keyword, sep, rest = body.partition(b"\x00")
    if not sep:
        raise FormatError(f"{where} chunk without a keyword separator")
    return keyword.decode("latin-1"), rest


def _text_chunks(data: bytes, limits: Limits) -> Iterator[tuple[str, str, str, bytes]]:
    """(chunk type, keyword, language tag, text bytes) of each text chunk, plus eXIf as ("eXIf", "", "", bytes)."""
    budget = [limits.max_file_bytes]  # inflated bytes left for the whole file
    ratio = limits.max_compression_ratio
    for kind, body in _chunks(data):
        if kind == b"tEXt":
            keyword, text = _split(body, "tEXt")
            yield "tEXt", keyword, "", text
        elif kind == b"zTXt":
            keyword, rest = _split(body, "zTXt")
            yield "zTXt", keyword, "", _inflate(rest[1:], budget, ratio, f"zTXt:{keyword}")
        elif kind == b"iTXt":
            keyword, rest = _split(body, "iTXt")
            if len(rest) < 2:
                raise FormatError(f"iTXt:{keyword} chunk truncated")
            compressed = rest[0]
            lang, _, rest = rest[2:].partition(b"\x00")
            _translated, _, text = rest.partition(b"\x00")
            if compressed:
                text = _inflate(text, budget, ratio, f"iTXt:{keyword}")
            yield "iTXt", keyword, lang.decode("ascii", errors="replace"), text
        elif kind == b"eXIf":
            yield "eXIf", "", "", body


def _raw_profile(kind: str, text: bytes) -> list[Note]:
    """ImageMagick's "\\nexif\\n   1234\\n<hex>" profiles: the hex is an EXIF, IPTC, Photoshop or XMP block."""
    lines = text.split(b"\n")
    try:
        block = bytes.fromhex(b"".join(lines[3:]).decode("ascii"))
    except ValueError:
        raise FormatError(f"PNG {kind}: broken hex profile") from None
    if block.startswith(b"Exif\x00\x00"):
        block = block[6:]
    if block[:4] in (b"II*\x00", b"MM\x00*"):
        return notes_from_blocks(exif=block)
    if block.startswith(b"8BIM"):
        return notes_from_blocks(irb=block)
    if block.startswith(b"\x1c"):
        return notes_from_blocks(iptc=block)
    if b"<x:xmpmeta" in block or b"<rdf:RDF" in block:
        return notes_from_xmp_bytes(block)
    return []


def read_png(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if not data.startswith(SIGNATURE):
        raise FormatError("not a PNG (bad signature)")
    notes: list[Note] = []
    for kind, keyword, lang, text in _text_chunks(data, ctx.limits):
        if kind == "eXIf":
            notes += notes_from_blocks(exif=text)
            continue
        if keyword == XMP_KEYWORD:
            notes += notes_from_xmp_bytes(text)
            continue
        if keyword.lower().startswith(RAW_PROFILE):
            notes += _raw_profile(f"{kind}:{keyword}", text)
            continue
        value = (text.decode("utf-8", errors="replace") if kind == "iTXt" else decode_loose(text)).strip()
        if not value:
            continue
        locator = f"PNG {kind}:{keyword}" + (f"[{lang}]" if lang else "")
        role = KEYWORDS.get(keyword.lower()) or key_kind(keyword) or "note"
        if role == "note":
            notes.append(Note(locator, value))
        else:
            notes.append(Note(locator, value, timestamp=value if role == "time" else None, source="metadata"))
    yield from dated(notes)
    yield from drawn_text(data, ctx)


EXTRACTOR = Extractor(
    name="png", suffixes=(".png", ".apng"), read=read_png, sniff=lambda head: head.startswith(SIGNATURE)
)

"""GIMP images (`.xcf`): the image comment (`gimp-comment` parasite), layer names and text-layer text.

Reads the header, the image property list, and each layer's header and property list as GIMP's
devel-docs/xcf.txt lays them out (32-bit pointers before version 11, 64-bit from it); pixels,
channels and paths are never read. GIMP's default names (`Background`, `背景`, `Layer`) and its
default comment (`Created with GIMP`) are metadata (models/extract/default_names.tsv). Located as
`XCF gimp-comment`, `layer "Ink"` and `layer "Ink" text`.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext

MAGIC = b"gimp xcf "
PROP_END, PROP_PARASITES = 0, 21
MAX_PROPERTIES = 10_000
_TEXT = re.compile(r'\((text|markup) "((?:[^"\\]|\\.)*)"\)', re.S)
_MARKUP_TAG = re.compile(r"<[^>]+>")


class _Cursor:
    def __init__(self, data: bytes, pos: int) -> None:
        self.data, self.pos = data, pos

    def take(self, size: int, what: str) -> bytes:
        if size < 0 or self.pos + size > len(self.data):
            raise FormatError(f"truncated XCF: {what} runs past the end")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk

    def u32(self, what: str) -> int:
        return struct.unpack(">I", self.take(4, what))[0]

    def string(self, what: str) -> str:
        length = self.u32(what)
        return self.take(length, what).rstrip(b"\x00").decode("utf-8", errors="replace") if length else ""


def _version(data: bytes) -> int:
    tag = data[9:13]
    if tag == b"file":
        return 0
    if tag[:1] == b"v" and tag[1:].isdigit():
        return int(tag[1:])
    raise FormatError("not a GIMP XCF image (unknown version tag)")


def _parasites(payload: bytes) -> dict[str, bytes]:
    cursor = _Cursor(payload, 0)
    found: dict[str, bytes] = {}
    while cursor.pos < len(payload):
        name = cursor.string("parasite name")
        cursor.u32("parasite flags")
        found.setdefault(name, cursor.take(cursor.u32("parasite size"), f"parasite {name}"))
    return found


def _properties(cursor: _Cursor, what: str) -> dict[str, bytes]:
    """The parasites among the properties of an image or layer (the rest are skipped by their length)."""
    parasites: dict[str, bytes] = {}
    for _ in range(MAX_PROPERTIES):
        kind = cursor.u32(f"{what} property type")
        payload = cursor.take(cursor.u32(f"{what} property length"), f"{what} property {kind}")
        if kind == PROP_END:
            return parasites
        if kind == PROP_PARASITES:
            parasites.update(_parasites(payload))
    raise FormatError(f"{what}: more than {MAX_PROPERTIES} properties")


def _text_layer(parasite: bytes) -> str:
    """The text of a `gimp-text-layer` parasite: `(text "...")`, or `(markup "...")` with its tags removed."""
    match = _TEXT.search(parasite.decode("utf-8", errors="replace"))
    if not match:
        return ""
    text = re.sub(r"\\(.)", r"\1", match.group(2))
    return _MARKUP_TAG.sub("", text) if match.group(1) == "markup" else text


def read_xcf(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if not data.startswith(MAGIC) or len(data) < 14:
        raise FormatError("not a GIMP XCF image (bad signature)")
    version = _version(data)
    cursor = _Cursor(data, 14)
    cursor.take(12, "image size and type")
    if version >= 4:
        cursor.u32("precision")
    image = _properties(cursor, "image")
    ctx.encoding = "utf-8"
    comment = image.get("gimp-comment", b"").rstrip(b"\x00").decode("utf-8", errors="replace").strip()
    if comment:
        yield Note("XCF gimp-comment", comment)
    width = 8 if version >= 11 else 4
    pointers = []
    while len(pointers) <= len(data) // width:
        (pointer,) = struct.unpack(">Q" if width == 8 else ">I", cursor.take(width, "layer pointer"))
        if pointer == 0:
            break
        pointers.append(pointer)
    for pointer in pointers:
        if pointer >= len(data):
            raise FormatError(f"XCF layer pointer {pointer} outside the file")
        layer = _Cursor(data, pointer)
        layer.take(12, "layer size and type")
        name = layer.string("layer name").strip()
        parasites = _properties(layer, f'layer "{name}"')
        if name:
            yield Note(f'layer "{name}"', name, source="layer-name")
        text = _text_layer(parasites.get("gimp-text-layer", b"")).strip()
        if text:
            yield Note(f'layer "{name}" text', text)
        layer_comment = parasites.get("gimp-comment", b"").rstrip(b"\x00").decode("utf-8", errors="replace").strip()
        if layer_comment:
            yield Note(f'layer "{name}" gimp-comment', layer_comment)


EXTRACTOR = Extractor(name="xcf", suffixes=(".xcf",), read=read_xcf, sniff=lambda head: head.startswith(MAGIC))

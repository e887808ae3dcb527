"""Photoshop PSD/PSB (psd-tools): text-layer text, layer names, annotations (text notes),
and the IPTC, EXIF and XMP image resources. Located as `layer "Group/Layer 3" text`, `annotation 2`.
With OCR, also the text drawn on the composite image the file stores.
"""

from __future__ import annotations

import io
import logging
import struct
from collections.abc import Iterator
from typing import Any

from analyzer.extract.base import Extractor, FormatError, Note, ReadContext
from analyzer.extract.dates import pdf_date_to_iso
from analyzer.extract.decode import common_char, decode_loose
from analyzer.extract.embedded.blocks import dated, notes_from_blocks
from analyzer.extract.pixels import drawn_text_in

SIGNATURE = b"8BPS"
# psd-tools logs what it skips in hostile files; the error row already says why a file failed.
logging.getLogger("psd_tools").addHandler(logging.NullHandler())


def _resource_block(data: bytes) -> bytes:
    """The image-resource section: after the 26-byte header and the colour-mode data."""
    if len(data) < 30:
        raise FormatError("truncated PSD header")
    (mode_length,) = struct.unpack_from(">I", data, 26)
    start = 30 + mode_length
    if start + 4 > len(data):
        raise FormatError("truncated PSD: colour-mode data runs past the end")
    (length,) = struct.unpack_from(">I", data, start)
    if start + 4 + length > len(data):
        raise FormatError("truncated PSD: image resources run past the end")
    return data[start + 4 : start + 4 + length]


def _undo_macroman(text: str) -> str:
    """psd-tools decodes Pascal strings as MacRoman; CJK Photoshop writes UTF-16 or the local code page."""
    try:
        raw = text.encode("mac_roman")
    except UnicodeEncodeError:
        return text
    if raw.isascii():
        return text
    loose = decode_loose(raw, fallback="mac_roman")
    if loose == text and len(raw) % 2 == 0:  # no code page fits: BOM-less UTF-16, as some versions write
        utf16 = raw.decode("utf-16-be", errors="replace")
        if all(map(common_char, utf16)):
            return utf16.strip("\x00 ")
    return loose.strip("\x00 ")


def _name(layer: Any) -> str:
    """The Unicode layer name when the file has one (`luni`), else the legacy Pascal name re-decoded."""
    from psd_tools.constants import Tag

    if Tag.UNICODE_LAYER_NAME in layer.tagged_blocks:
        return layer.name
    return _undo_macroman(layer.name)


def _layer_path(layer: Any) -> str:
    names = [_name(layer)]
    parent = layer.parent
    while parent is not None and getattr(parent, "parent", None) is not None:
        names.append(_name(parent))
        parent = parent.parent
    return "/".join(reversed(names))


def _layer_notes(psd: Any) -> Iterator[Note]:
    for layer in psd.descendants():
        path = _layer_path(layer)
        if path.strip():
            yield Note(f'layer "{path}"', path.rsplit("/", 1)[-1], source="layer-name")
        if layer.kind == "type":
            try:
                text = layer.text
            except ValueError:  # psd-tools logged and dropped a broken type block
                raise FormatError(f'layer "{path}": unreadable type-tool data') from None
            text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
            if text:
                yield Note(f'layer "{path}" text', text)


def _annotation_notes(psd: Any) -> Iterator[Note]:
    from psd_tools.constants import Tag

    blocks = psd.tagged_blocks
    annotations = blocks.get_data(Tag.ANNOTATIONS) if blocks is not None else None
    for index, annotation in enumerate(annotations or (), start=1):
        if annotation.kind != b"txtA":
            continue  # sound annotations carry no text
        text = decode_loose(annotation.data).replace("\r", "\n").strip()
        if text:
            author = _undo_macroman(annotation.author) or None
            raw_stamp = _undo_macroman(annotation.mod_date).strip("\x00 ")
            stamp = pdf_date_to_iso(raw_stamp) or raw_stamp or None  # Photoshop writes PDF-style dates
            yield Note(f"annotation {index}", text, timestamp=stamp, author=author)


def read_psd(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    if not data.startswith(SIGNATURE):
        raise FormatError("not a PSD/PSB (bad signature)")
    notes = notes_from_blocks(irb=_resource_block(data))
    from psd_tools import PSDImage

    try:
        psd = PSDImage.open(io.BytesIO(data))
    except (OSError, ValueError, struct.error, EOFError) as err:
        raise FormatError(f"broken PSD: {err}") from None
    notes += list(_layer_notes(psd)) + list(_annotation_notes(psd))
    yield from dated(notes)
    if ctx.ocr:  # the composite the file stores ("maximize compatibility"); None when it stores none
        yield from drawn_text_in(psd.topil(apply_icc=False), ctx)


def _sniff(head: bytes) -> bool:
    # The version (1: PSD, 2: PSB) after the signature: "8BPS" alone also opens a line of text.
    return head.startswith(SIGNATURE) and head[4:6] in (b"\x00\x01", b"\x00\x02")


EXTRACTOR = Extractor(name="psd", suffixes=(".psd", ".psb"), read=read_psd, sniff=_sniff)

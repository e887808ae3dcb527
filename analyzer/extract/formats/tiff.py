"""TIFF: every page's ImageDescription and XP* tags, the EXIF sub-directory (UserComment, dates and
offsets), and the IPTC, XMP and Photoshop blocks the file embeds. Located as `EXIF:ImageDescription`.
"""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.extract.base import Extractor, Note, ReadContext
from analyzer.extract.embedded.blocks import dated, notes_from_blocks
from analyzer.extract.embedded.exif import read_exif
from analyzer.extract.pixels import drawn_text

MAGIC = (b"II*\x00", b"MM\x00*")


def read_tiff(data: bytes, ctx: ReadContext) -> Iterator[Note]:
    contents = read_exif(data)
    blocks = contents.blocks
    embedded = notes_from_blocks(iptc=blocks.get("iptc"), xmp=blocks.get("xmp"), irb=blocks.get("irb"))
    yield from dated(contents.notes + embedded)
    yield from drawn_text(data, ctx)


EXTRACTOR = Extractor(name="tiff", suffixes=(".tif", ".tiff"), read=read_tiff, sniff=lambda head: head[:4] in MAGIC)

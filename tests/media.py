"""Builders for real image, PSD, Clip Studio and subtitle bytes, so tests show what each byte means."""

from __future__ import annotations

import io
import sqlite3
import struct
import zlib

from PIL import Image

from analyzer.extract import Limits, extract_bytes

RELAY_ZH = "头太大了，请缩小一点"
RELAY_KO = "머리가 너무 큽니다. 조금 줄여주십시오."


def extract(name: str, data: bytes, limits: Limits | None = None):
    """The first extraction row and its comments for bytes named `name`."""
    first = next(iter(extract_bytes(name, None, data, limits or Limits(), depth=0)))
    return first.row, first.comments


def by_locator(comments) -> dict[str, str]:
    return {c.locator: c.text for c in comments}


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_with(*chunks: bytes) -> bytes:
    """A 1x1 grey PNG with the given chunks between IHDR and IDAT."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    pixels = png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(chunks) + pixels + png_chunk(b"IEND", b"")


def itxt(keyword: str, text: str, lang: str = "", compressed: bool = False) -> bytes:
    body = text.encode("utf-8")
    body = zlib.compress(body) if compressed else body
    head = keyword.encode("latin-1") + b"\x00" + bytes([int(compressed), 0]) + lang.encode("ascii") + b"\x00\x00"
    return png_chunk(b"iTXt", head + body)


def xmp_packet(descriptions: dict[str, str], extra: str = "") -> str:
    items = "".join(f'<rdf:li xml:lang="{lang}">{text}</rdf:li>' for lang, text in descriptions.items())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        f"<dc:description><rdf:Alt>{items}</rdf:Alt></dc:description>{extra}"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )


def iim(*datasets: tuple[int, int, bytes]) -> bytes:
    """IPTC-IIM records: 0x1C, record, dataset, 2-byte length, value."""
    return b"".join(b"\x1c" + struct.pack(">BBH", r, d, len(v)) + v for r, d, v in datasets)


def irb(*resources: tuple[int, bytes]) -> bytes:
    """Photoshop image resources: 8BIM, id, empty padded Pascal name, size, data padded to even."""
    out = b""
    for resource_id, data in resources:
        out += b"8BIM" + struct.pack(">H", resource_id) + b"\x00\x00" + struct.pack(">I", len(data)) + data
        out += b"\x00" * (len(data) % 2)
    return out


def jpeg(exif: Image.Exif | None = None, comment: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    kwargs: dict = {}
    if exif is not None:
        kwargs["exif"] = exif
    if comment is not None:
        kwargs["comment"] = comment
    Image.new("RGB", (2, 2), (120, 120, 120)).save(buffer, "JPEG", **kwargs)
    return buffer.getvalue()


def with_segment(jpeg_bytes: bytes, marker: int, payload: bytes) -> bytes:
    """Insert an APPn/COM segment right after the start-of-image marker."""
    return jpeg_bytes[:2] + bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload + jpeg_bytes[2:]


def clip_file(database: bytes) -> bytes:
    """A Clip Studio container: CSFCHUNK header, CHNKHead, CHNKSQLi holding the database, CHNKFoot."""
    head = b"CHNKHead" + struct.pack(">Q", 40) + bytes(40)
    body = head + b"CHNKSQLi" + struct.pack(">Q", len(database)) + database + b"CHNKFoot" + struct.pack(">Q", 0)
    return b"CSFCHUNK" + struct.pack(">QQ", 24 + len(body), 24) + body


def clip_database(layers: list[tuple], project_comment: str | None = None) -> bytes:
    """A database shaped like Clip Studio's: Layer(MainId, LayerName, child/next links, text blobs)."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE Layer (_PW_ID INTEGER PRIMARY KEY, MainId INTEGER, LayerName TEXT, LayerFirstChildIndex INTEGER,"
        " LayerNextIndex INTEGER, TextLayerString BLOB, TextLayerStringArray BLOB)"
    )
    db.executemany("INSERT INTO Layer VALUES (?, ?, ?, ?, ?, ?, ?)", [(row[0], *row) for row in layers])
    if project_comment is not None:
        db.execute("CREATE TABLE Project (ProjectName TEXT, ProjectComment TEXT)")
        db.execute("INSERT INTO Project VALUES ('ep01', ?)", (project_comment,))
    db.commit()
    return db.serialize()


def string_array(*texts: str) -> bytes:
    return b"".join(struct.pack("<I", len(t.encode())) + t.encode() for t in texts)


def psd_file(type_text: str, note_author: bytes, note_text: str, legacy_name: bytes, resources: bytes = b"") -> bytes:
    """A PSD made with psd-tools: group "修改" > layer "레이어 3", a type layer, a layer with only a legacy
    (non-Unicode) name, one text annotation whose author is raw bytes, and the given image resources."""
    from psd_tools import PSDImage
    from psd_tools.constants import Tag
    from psd_tools.psd.descriptor import DescriptorBlock, String
    from psd_tools.psd.tagged_blocks import Annotation, Annotations, TaggedBlock, TaggedBlocks, TypeToolObjectSetting

    psd = PSDImage.new("RGB", (4, 4))
    group = psd.create_group(name="group")
    group.name = "修改"  # the setter writes the Unicode name block
    layer = group.create_pixel_layer(Image.new("RGB", (4, 4)), name="layer")
    layer.name = "레이어 3"
    legacy = psd.create_pixel_layer(Image.new("RGB", (4, 4)), name="legacy")
    legacy._record.tagged_blocks.pop(Tag.UNICODE_LAYER_NAME, None)
    legacy._record.name = legacy_name.decode("mac_roman")  # written back as these very bytes
    typed = psd.create_pixel_layer(Image.new("RGB", (4, 4)), name="text")
    text_data = DescriptorBlock()
    text_data[b"Txt "] = String(type_text)
    setting = TypeToolObjectSetting(
        version=1,
        transform=(1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
        text_version=50,
        text_data=text_data,
        warp=DescriptorBlock(),
    )
    typed._record.tagged_blocks[Tag.TYPE_TOOL_OBJECT_SETTING] = TaggedBlock(
        key=Tag.TYPE_TOOL_OBJECT_SETTING, data=setting
    )
    note = Annotation(author=note_author.decode("mac_roman"), data=note_text.encode("utf-16"), mod_date="2024-01-09")
    info = psd._record.layer_and_mask_information
    if info.tagged_blocks is None:
        info.tagged_blocks = TaggedBlocks()
    info.tagged_blocks[Tag.ANNOTATIONS] = TaggedBlock(key=Tag.ANNOTATIONS, data=Annotations(items=[note]))
    buffer = io.BytesIO()
    psd.save(buffer)
    data = buffer.getvalue()
    # Swap in our own image-resource section (after the 26-byte header and the colour-mode data).
    (mode_length,) = struct.unpack_from(">I", data, 26)
    start = 30 + mode_length
    (old_length,) = struct.unpack_from(">I", data, start)
    return data[:start] + struct.pack(">I", len(resources)) + resources + data[start + 4 + old_length :]

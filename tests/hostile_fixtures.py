"""Hostile inputs built in code (issue 22), shared by the tests and bench/hostile_bench.py.

Each builder writes the bytes a hostile delivery would hold: nothing here is a stored sample.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import struct
import zipfile
import zlib

from archive_fixtures import zip_with_shared_data

SIGNATURE_HEADER = 32  # 7z: magic, version, start-header CRC, next-header offset, size, CRC


def sevenzip_with_names(members: list[tuple[str, bytes]]) -> bytes:
    """A 7z whose members carry the given names verbatim, even ones py7zr's writer refuses (`../x.txt`).

    Written by py7zr with a plain (not compressed) header and placeholder names of the same length, whose
    UTF-16 bytes are then swapped for the real names and the two header CRCs recomputed.
    """
    import py7zr

    buffer = io.BytesIO()
    placeholders = []
    with py7zr.SevenZipFile(buffer, "w") as archive:
        archive.set_encoded_header_mode(False)
        for index, (name, content) in enumerate(members):
            placeholder = (f"p{index:03d}" + "x" * len(name))[: len(name)]
            assert len(placeholder) == len(name) >= 4
            placeholders.append((placeholder, name))
            archive.writestr(content, placeholder)
    data = bytearray(buffer.getvalue())
    offset, size = struct.unpack_from("<QQ", data, 12)
    start = SIGNATURE_HEADER + offset
    header = bytes(data[start : start + size])
    for placeholder, name in placeholders:
        old, new = placeholder.encode("utf-16-le"), name.encode("utf-16-le")
        assert header.count(old) == 1 and len(old) == len(new)
        header = header.replace(old, new)
    data[start : start + size] = header
    struct.pack_into("<I", data, 28, zlib.crc32(header))
    struct.pack_into("<I", data, 8, zlib.crc32(bytes(data[12:32])))
    return bytes(data)


def sevenzip_of_empty_files(count: int, name: str = "a") -> bytes:
    """A small 7z whose LZMA-compressed header lists `count` empty files (no data at all), as 7-Zip writes them.

    Built by hand from the 7z format's header records (py7zr's writer would hold a record per file).
    """
    import lzma

    from py7zr.archiveinfo import write_uint64

    def number(value: int) -> bytes:
        out = io.BytesIO()
        write_uint64(out, value)
        return out.getvalue()

    bits = b"\xff" * (count // 8) + (bytes([(0xFF << (8 - count % 8)) & 0xFF]) if count % 8 else b"")
    names = b"\x00" + (name.encode("utf-16-le") + b"\x00\x00") * count
    plain = b"".join(
        [
            b"\x01\x05",  # Header, FilesInfo
            number(count),
            b"\x0e" + number(len(bits)) + bits,  # EmptyStream: every file
            b"\x0f" + number(len(bits)) + bits,  # EmptyFile: a file, not a folder
            b"\x11" + number(len(names)) + names,  # Name (not external)
            b"\x00\x00",  # end of FilesInfo, end of Header
        ]
    )
    lzma1 = {"id": lzma.FILTER_LZMA1, "dict_size": 1 << 20}
    packed = lzma.compress(plain, format=lzma.FORMAT_RAW, filters=[lzma1])
    properties = lzma._encode_filter_properties(lzma1)  # the 5 bytes 7z stores beside the coder id
    encoded = b"".join(
        [
            b"\x17",  # EncodedHeader
            b"\x06" + number(0) + number(1) + b"\x09" + number(len(packed)) + b"\x00",  # PackInfo
            b"\x07\x0b" + number(1) + b"\x00",  # UnPackInfo, Folder: one, not external
            b"\x01\x23\x03\x01\x01" + number(len(properties)) + properties,  # one coder: LZMA with properties
            b"\x0c" + number(len(plain)),  # CodersUnPackSize
            b"\x0a\x01" + struct.pack("<I", zlib.crc32(plain)),  # CRC of the unpacked header: defined
            b"\x00",  # end of UnPackInfo
            b"\x00",  # end of EncodedHeader
        ]
    )
    tail = struct.pack("<QQI", len(packed), len(encoded), zlib.crc32(encoded))
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(tail)) + tail + packed + encoded


RELAY_ZH = "头太大了，请缩小一点"
RELAY_KO = "머리가 너무 큽니다. 조금 줄여주십시오."


def relay_note(cut: str) -> bytes:
    """An ordinary sketch's notes file: a Chinese editing note and its Korean translation (a relay pair)."""
    return f"{cut} {RELAY_ZH}\n{cut} {RELAY_KO}\n".encode()


def xlsx_with_doctype_comment() -> bytes:
    """A workbook whose only relay pair sits in a cell comment, in a comments part that declares a DOCTYPE with
    an entity (which the XML parser refuses): the workbook must be an error row, not `ok, 0 notes`."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    book.active.title = "Retakes"
    book.active["A1"] = "cut"
    book.active["B2"].comment = Comment(f"{RELAY_ZH}\n{RELAY_KO}", "审核A")
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if "comments" in info.filename and info.filename.endswith(".xml"):
                doctype = b'<!DOCTYPE comments [<!ENTITY who "x">]>'
                if data.startswith(b"<?xml"):
                    declaration, rest = data.split(b"?>", 1)
                    data = declaration + b"?>" + doctype + rest
                else:
                    data = doctype + data
            target.writestr(info, data)
    return out.getvalue()


def xlsx_with_far_cells(rows: int = 20_000, column: str = "XFD") -> bytes:
    """A small workbook whose rows each hold one cell in the last column (XFD): read-only openpyxl pads every
    row to 16,384 cells. The first row's cell is a relay note. The sheet is written as Excel writes one."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Wide"
    buffer = io.BytesIO()
    book.save(buffer)
    texts = [f"{RELAY_ZH} {RELAY_KO}", *(f"x{r}" for r in range(2, rows + 1))]
    cells = "".join(
        f'<row r="{r}"><c r="{column}{r}" t="inlineStr"><is><t>{text}</t></is></c></row>'
        for r, text in enumerate(texts, start=1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{column}{rows}"/><sheetData>{cells}</sheetData></worksheet>'
    )
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, data)
    return out.getvalue()


def nested_xml(depth: int = 30_000, tag: str = "e") -> bytes:
    """XML nested `depth` elements deep, each holding a word: a locator that repeats its path grows as depth²."""
    return (f"<{tag}>眼" * depth + f"</{tag}>" * depth).encode()


def deep_xstage(depth: int = 20_000) -> bytes:
    """A Harmony scene whose nodes nest `depth` deep, each named in Chinese (read for any CJK attribute)."""
    opening = "".join(f'<module name="节点{i}">' for i in range(depth))
    scene = f'<scene name="Top">{opening}{"</module>" * depth}</scene>'
    return f'<?xml version="1.0"?><project><scenes>{scene}</scenes></project>'.encode()


def clip_chain(layers: int = 2_000, name_chars: int = 330) -> bytes:
    """A Clip Studio file whose layers form one chain (each the only child of the one before), with long names:
    a layer's locator that names every folder above it grows as layers²."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE Layer (_PW_ID INTEGER PRIMARY KEY, MainId INTEGER, LayerName TEXT, LayerFirstChildIndex INTEGER,"
        " LayerNextIndex INTEGER, TextLayerString BLOB, TextLayerStringArray BLOB)"
    )
    long_name = ("图层" * name_chars)[:name_chars]
    rows = [(i, i, f"{long_name}{i}", i + 1 if i < layers else None, None, None, None) for i in range(1, layers + 1)]
    db.executemany("INSERT INTO Layer VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    database = db.serialize()
    head = b"CHNKHead" + struct.pack(">Q", 40) + bytes(40)
    body = head + b"CHNKSQLi" + struct.pack(">Q", len(database)) + database + b"CHNKFoot" + struct.pack(">Q", 0)
    return b"CSFCHUNK" + struct.pack(">QQ", 24 + len(body), 24) + body


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def compressible(size: int, ratio_hint: int = 150, seed: int = 0) -> bytes:
    """`size` bytes that deflate about 150:1 (a random byte every so often among zeros)."""
    import random

    rng = random.Random(seed)
    block = bytearray(size)
    for position in range(0, size, ratio_hint // 3 * 8):
        block[position] = rng.randrange(256)
    return bytes(block)


def nested_shared_bomb(copies: int = 200, members: int = 10, member_size: int = 1_500_000) -> bytes:
    """A zip of `copies` entries that share the data of one inner zip, whose members each expand about 150:1:
    every ratio under 200, yet the whole expands copies × members × member_size bytes."""
    inner = zip_of({f"frame{i:03d}.txt": compressible(member_size, seed=i) for i in range(members)})
    return zip_with_shared_data("inner.zip", inner, copies, zipfile.ZIP_STORED)


def argosmodel_bomb(path: str, expands_to: int = 1 << 30) -> None:
    """An .argosmodel (a zip) whose model.bin is `expands_to` zero bytes compressed to about a thousandth."""
    metadata = {"package_version": "1.0", "type": "translate", "from_code": "zh", "to_code": "en"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("translate-zh_en/metadata.json", json.dumps(metadata))
        archive.writestr("translate-zh_en/sentencepiece.model", b"not a model")
        with archive.open("translate-zh_en/model/model.bin", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(expands_to >> 20):
                member.write(chunk)


def sparse_nul_file(path: str, size: int = 200 << 20) -> None:
    """A file of `size` NUL bytes that takes no disk space (a hole)."""
    with open(path, "wb") as handle:
        handle.truncate(size)


def dump_with_every_hostile_input(root: str, full: bool = True) -> dict[str, str]:
    """A delivery holding every hostile input of issue 22 beside ordinary sketches with relay pairs.

    Returns {path of a hostile input: the words its row must say}. `full` builds the sizes the issue measured
    (a 200 MiB sparse file, 5,000,000 7z members); without it, smaller ones that trip the same limits.
    Put `root` on tmpfs for the year-318857 mtime (ext4 clamps it to 2446) and the FIFO.
    """
    hostile = os.path.join(root, "hostile")
    os.makedirs(hostile, exist_ok=True)
    for episode, cut in (("ep01", "c001"), ("ep01", "c002"), ("ep02", "c010")):
        folder = os.path.join(root, episode, cut)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{cut}_notes.txt"), "wb") as handle:
            handle.write(relay_note(cut.upper()))

    def put(name: str, data: bytes) -> str:
        path = os.path.join(hostile, name)
        with open(path, "wb") as handle:
            handle.write(data)
        return path

    expected = {
        put("retakes.xlsx", xlsx_with_doctype_comment()): "unsafe XML refused",
        put("names.7z", sevenzip_with_names([("../x.txt", b"x"), ("dup1.txt", b"a"), ("dup1.txt", b"b")])): "",
        put("many.7z", sevenzip_of_empty_files(5_000_000 if full else 200_000)): "members, over the",
        put("deep.xml", nested_xml(30_000)): "nested deeper than",
        put("deep.xstage", deep_xstage(20_000)): "nested deeper than",
        put("chain.clip", clip_chain(2_000)): "",
        put("wide.xlsx", xlsx_with_far_cells(20_000)): "",
        put("shared.zip", nested_shared_bomb()): "counted over all nested archives",
    }
    sparse = os.path.join(hostile, "sparse.txt")
    sparse_nul_file(sparse, (200 if full else 20) << 20)
    expected[sparse] = "binary, not text"
    touched = put("c050_notes.txt", relay_note("C050"))
    with contextlib.suppress(OSError):
        os.utime(touched, (1e13, 1e13))  # year 318857: tmpfs, btrfs, XFS and NFS keep it
    expected[touched] = ""
    fifo = os.path.join(hostile, "pipe.txt")
    os.mkfifo(fifo)
    os.symlink("pipe.txt", os.path.join(hostile, "link_to_pipe.txt"))
    expected[fifo] = "a FIFO, not a regular file"
    expected[os.path.join(hostile, "link_to_pipe.txt")] = "a FIFO, not a regular file"
    return expected

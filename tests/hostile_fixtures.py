"""Hostile inputs built in code (issue 22), shared by the tests and bench/hostile_bench.py.

Each builder writes the bytes a hostile delivery would hold: nothing here is a stored sample.
"""

from __future__ import annotations

import io
import struct
import zlib

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

"""Archives built in memory for the extractor tests: legacy-encoded names, bombs, hostile names."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import tarfile
import tempfile
import zipfile
import zlib


def zip_with_raw_names(members: list[tuple[bytes, bytes]]) -> bytes:
    """A zip whose member names are the given raw bytes with no UTF-8 flag, as old Windows tools write them.

    zipfile can only write ASCII or UTF-8 names, so each name is written as an ASCII placeholder
    of the same length and the bytes are swapped afterwards (names are outside the CRC).
    """
    buffer = io.BytesIO()
    placeholders = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (raw, content) in enumerate(members):
            placeholder = (f"~{index:03d}" + "x" * len(raw))[: len(raw)].encode("ascii")
            assert len(placeholder) == len(raw) >= 4
            placeholders.append((placeholder, raw))
            archive.writestr(placeholder.decode("ascii"), content)
    data = buffer.getvalue()
    for placeholder, raw in placeholders:
        assert data.count(placeholder) == 2  # local header + central directory
        data = data.replace(placeholder, raw)
    return data


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name), content, compress_type=compression)
    return buffer.getvalue()


def tar_of(members: dict[str, bytes], mode: str = "w:gz", links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return buffer.getvalue()


def zip_with_offsets_shifted(members: dict[str, bytes], shift: int = 16) -> bytes:
    """A zip whose central directory claims to start `shift` bytes later than it does, every later member's
    offset moved to match: the first member's local header then lies before the start of the file
    (zipfile raises ValueError, "negative seek value"), while the other members still read."""
    data = bytearray(zip_of(members))
    eocd = data.rindex(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", data, eocd + 16)
    struct.pack_into("<I", data, eocd + 16, cd_offset + shift)
    pos = cd_offset
    for index in range(len(members)):
        assert data[pos : pos + 4] == b"PK\x01\x02"
        names, extra, comment = struct.unpack_from("<HHH", data, pos + 28)
        if index:
            (offset,) = struct.unpack_from("<I", data, pos + 42)
            struct.pack_into("<I", data, pos + 42, offset + shift)
        pos += 46 + names + extra + comment
    return bytes(data)


def zip_with_shared_data(name: str, content: bytes, copies: int, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """One member listed `copies` times in the central directory, every entry pointing at the same data:
    each entry looks like an ordinary file, together they expand `copies` times (the overlapping-entry idea of
    Fifield's "A better zip bomb")."""
    data = zip_of({name: content}, compression)
    eocd = data.rindex(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", data, eocd + 12)
    entries = data[cd_offset : cd_offset + cd_size] * copies
    end = bytearray(data[eocd:])
    struct.pack_into("<HHII", end, 8, copies, copies, len(entries), cd_offset)
    return data[:cd_offset] + entries + bytes(end)


def _vint(value: int) -> bytes:
    """A RAR 5 variable-length integer: 7 bits a byte, low bits first, the high bit saying more follow."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _rar5_block(fields: bytes, data: bytes = b"") -> bytes:
    """CRC32 of the header, its size, then the header fields (type, flags, ...) and the data area."""
    header = _vint(len(fields)) + fields
    return struct.pack("<I", zlib.crc32(header)) + header + data


def rar5_stored(members: list[tuple[str, bytes]]) -> bytes:
    """A RAR 5 archive of stored (uncompressed) members, laid out as RARLAB's technote describes and as
    `rar a -m0 -ma5` writes it: signature, main header, one file header plus data per member, end header.

    No free program writes RAR; unar and bsdtar read these files, which the tests check.
    """
    out = [b"Rar!\x1a\x07\x01\x00", _rar5_block(_vint(1) + _vint(0) + _vint(0))]  # main: type 1, no flags
    for name, content in members:
        encoded = name.encode("utf-8")
        file_fields = (
            _vint(2)  # file header
            + _vint(0x0002)  # header flags: a data area follows
            + _vint(len(content))  # data size
            + _vint(0x0004)  # file flags: CRC32 present
            + _vint(len(content))  # unpacked size
            + _vint(0x20)  # attributes (Windows: archive)
            + struct.pack("<I", zlib.crc32(content))
            + _vint(0)  # compression: version 0, method 0 (store)
            + _vint(0)  # host OS: Windows
            + _vint(len(encoded))
            + encoded
        )
        out.append(_rar5_block(file_fields, content))
    out.append(_rar5_block(_vint(5) + _vint(0) + _vint(0)))  # end of archive
    return b"".join(out)


def rar4_stored(members: list[tuple[bytes, bytes]]) -> bytes:
    """A RAR 1.5-4 archive of stored members whose names are raw bytes without the Unicode flag, as WinRAR 3
    on a Chinese or Korean Windows wrote them (the name in the ANSI code page)."""

    def block(kind: int, flags: int, fields: bytes) -> bytes:
        body = struct.pack("<BHH", kind, flags, 7 + len(fields)) + fields
        return struct.pack("<H", zlib.crc32(body) & 0xFFFF) + body

    out = [b"Rar!\x1a\x07\x00", block(0x73, 0, b"\x00" * 6)]
    for raw_name, content in members:
        fields = struct.pack(
            "<IIBIIBBHI", len(content), len(content), 2, zlib.crc32(content), 0x5A8C0000, 20, 0x30, len(raw_name), 0x20
        )
        out.append(block(0x74, 0x8000, fields + raw_name) + content)  # 0x8000: a data area follows
    out.append(block(0x7B, 0x4000, b""))
    return b"".join(out)


def lzh_of(members: dict[str, bytes], level: int = 2) -> bytes:
    """An LZH archive made by jLHA (Debian jlha-utils, `make test` installs it) from files with these ASCII names
    (jLHA turns other names into `?`); members over about 100 bytes are -lh5- compressed, smaller ones stored."""
    with tempfile.TemporaryDirectory() as folder:
        for name, content in members.items():
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as file:
                file.write(content)
        subprocess.run(
            ["jlha", f"a{level}q", "archive.lzh", *members], cwd=folder, check=True, capture_output=True, timeout=60
        )
        with open(os.path.join(folder, "archive.lzh"), "rb") as file:
            return file.read()

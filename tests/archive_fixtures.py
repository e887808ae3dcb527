"""Archives built in memory for the extractor tests: legacy-encoded names, bombs, hostile names."""

from __future__ import annotations

import io
import struct
import tarfile
import zipfile


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


def zip_with_shared_data(name: str, content: bytes, copies: int) -> bytes:
    """One compressed member listed `copies` times in the central directory, every entry pointing at the
    same data: each entry looks like an ordinary file, together they expand `copies` times (the
    overlapping-entry idea of Fifield's "A better zip bomb")."""
    data = zip_of({name: content})
    eocd = data.rindex(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", data, eocd + 12)
    entries = data[cd_offset : cd_offset + cd_size] * copies
    end = bytearray(data[eocd:])
    struct.pack_into("<HHII", end, 8, copies, copies, len(entries), cd_offset)
    return data[:cd_offset] + entries + bytes(end)

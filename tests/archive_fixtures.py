"""Archives built in memory for the extractor tests: legacy-encoded names, bombs, hostile names."""

from __future__ import annotations

import io
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

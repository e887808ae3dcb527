"""Sections of a report that wait in a temporary file until the format's order lets them out.

A report's summary comes first in most formats but is known only at the end; what comes after it is spooled,
so memory stays flat however large the dump. Small reports never touch the disk.
"""

from __future__ import annotations

import codecs
import shutil
import tempfile
from collections.abc import Iterator
from typing import BinaryIO, TextIO

IN_MEMORY_BYTES = 4 << 20  # a spool this small stays in memory


class Spool:
    """Text written now, copied out later in one piece (or read back line by line). A `binary` spool holds UTF-8
    bytes instead, for a writer that has its text as UTF-8 already."""

    def __init__(self, binary: bool = False) -> None:
        if binary:
            self._file = tempfile.SpooledTemporaryFile(IN_MEMORY_BYTES, mode="w+b")  # noqa: SIM115
        else:
            self._file = tempfile.SpooledTemporaryFile(IN_MEMORY_BYTES, mode="w+", encoding="utf-8", newline="")  # noqa: SIM115
        self.empty = True

    def write(self, text: str | bytes) -> None:
        if text:
            self._file.write(text)
            self.empty = False

    def flush(self) -> None:
        pass  # written out by copy_to; rich flushes the files it prints to

    def copy_to(self, out: TextIO | BinaryIO) -> None:
        """Everything written, to `out`: a text stream, or a byte stream for a binary spool."""
        self._file.seek(0)
        shutil.copyfileobj(self._file, out, 1 << 16)  # type: ignore[misc]

    def decode_to(self, out: TextIO) -> None:
        """A binary spool's UTF-8, to the text stream `out` (a character split between two chunks decoded whole)."""
        self._file.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        while chunk := self._file.read(1 << 16):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))

    def lines(self) -> Iterator[str]:
        self._file.seek(0)
        yield from self._file  # type: ignore[misc]

    def close(self) -> None:
        self._file.close()

"""Sections of a report that wait in a temporary file until the format's order lets them out.

A report's summary comes first in most formats but is known only at the end; what comes after it is spooled,
so memory stays flat however large the dump. Small reports never touch the disk.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from typing import TextIO

IN_MEMORY_BYTES = 4 << 20  # a spool this small stays in memory


class Spool:
    """Text written now, copied out later in one piece (or read back line by line)."""

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(IN_MEMORY_BYTES, mode="w+", encoding="utf-8", newline="")  # noqa: SIM115
        self.empty = True

    def write(self, text: str) -> None:
        if text:
            self._file.write(text)
            self.empty = False

    def flush(self) -> None:
        pass  # written out by copy_to; rich flushes the files it prints to

    def copy_to(self, out: TextIO) -> None:
        self._file.seek(0)
        shutil.copyfileobj(self._file, out, 1 << 16)  # type: ignore[misc]

    def lines(self) -> Iterator[str]:
        self._file.seek(0)
        yield from self._file  # type: ignore[misc]

    def close(self) -> None:
        self._file.close()

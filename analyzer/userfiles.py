"""Reading the files a user names (settings, baselines, watchlists): regular files only, and only so much of them.

A FIFO or a device given by mistake, or planted where a settings file is looked for, would block a plain open()
or never end: the file is opened without blocking and checked to be a regular file before it is read.
"""

from __future__ import annotations

import os
import stat


class NotARegularFile(OSError):
    """The path names a FIFO, device, socket or folder."""


def read_bounded(path: str, limit: int) -> bytes:
    """Up to `limit + 1` bytes of the regular file at `path` (one more than allowed tells the caller it is too big)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotARegularFile(f"{path} is not a regular file")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0 and (chunk := os.read(descriptor, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)

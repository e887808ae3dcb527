"""Run one extractor on bytes the way a scan does, and look at the rows and notes it gives."""

from __future__ import annotations

from analyzer.extract import Extraction, Limits, extract_bytes


def extract(name: str, data: bytes, limits: Limits | None = None) -> list[Extraction]:
    return list(extract_bytes(name, None, data, limits or Limits(), depth=0))


def notes(name: str, data: bytes, limits: Limits | None = None) -> list[tuple[str, str]]:
    """(locator, text) of every note from the file and its members, members as `member:locator`."""
    out = []
    for extraction in extract(name, data, limits):
        for comment in extraction.comments:
            where = f"{comment.member}:{comment.locator}" if comment.member else comment.locator
            out.append((where, comment.text))
    return out

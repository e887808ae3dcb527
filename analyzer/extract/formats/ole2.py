"""OLE2 compound files named by their content: handed to the registered format whose streams they hold.

Outlook messages, legacy Word, Excel and PowerPoint files share one magic (D0 CF 11 E0). A file with that magic
and no suffix of such a format (`mail.dat`, a `.txt` that is a `.msg`) is opened once here, and the first
registered format whose `Extractor.ole_streams` names a stream in its root reads it. None: a skipped row.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from analyzer.extract.base import Extractor, FormatError, Member, Note, ReadContext

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def root_entries(data: bytes) -> frozenset[str]:
    """Lower-case names of the streams and storages in the root of a compound file."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as compound:
            return frozenset(path[0].lower() for path in compound.listdir(streams=True, storages=True) if path)
    except Exception as err:  # olefile raises OSError, struct, index and value errors on damaged files
        raise FormatError(f"damaged OLE2 compound file: {type(err).__name__}: {err}"[:300]) from None


def compound_file(registered: Sequence[Extractor]) -> Extractor:
    """The OLE2 entry of the registry, dispatching to the registered formats that declare their streams."""
    kinds = tuple((frozenset(s.lower() for s in e.ole_streams), e) for e in registered if e.ole_streams)

    def dispatch(data: bytes) -> Extractor | None:
        try:
            names = root_entries(data)
        except FormatError as err:
            return _broken(str(err))
        return next((kind for streams, kind in kinds if streams & names), None)

    def read(data: bytes, ctx: ReadContext) -> Iterator[Note | Member]:  # only reached through dispatch's None
        raise FormatError("an OLE2 compound file of no known kind")
        yield  # pragma: no cover

    return Extractor(
        name="ole2",
        suffixes=(),
        read=read,
        sniff=lambda head: head.startswith(MAGIC),
        shared_magic=True,
        dispatch=dispatch,
    )


def _broken(reason: str) -> Extractor:
    def read(data: bytes, ctx: ReadContext) -> Iterator[Note | Member]:
        raise FormatError(reason)
        yield  # pragma: no cover

    return Extractor(name="ole2", suffixes=(), read=read)

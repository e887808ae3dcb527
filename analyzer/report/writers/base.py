"""What a report writer is: it takes the scan's batches as they come and the summary at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol, TextIO

from analyzer.model import BatchResult
from analyzer.report.spool import Spool
from analyzer.report.totals import Totals


@dataclass(frozen=True, slots=True)
class WriterOptions:
    verbosity: int = 0  # -1 quiet, 0 normal, 1 verbose (text)
    csv_bom: bool = False  # start a CSV report with a UTF-8 byte-order mark, for Excel
    roots: tuple[str, ...] = ()  # the scanned paths, which SARIF locations are relative to
    # The report's text stream encodes UTF-8 and leaves line feeds as they are, so a writer that has its lines as
    # UTF-8 already may write them to the stream's `buffer` (JSON Lines) instead of decoding them for it to encode.
    utf8_buffer: bool = False


class Utf8Out:
    """Where a writer that has its text as UTF-8 writes: the report stream's bytes when it takes them as they are
    (WriterOptions.utf8_buffer), else the text stream, decoded for it."""

    def __init__(self, out: TextIO, options: WriterOptions | None) -> None:
        self.out = out
        self.raw: BinaryIO | None = out.buffer if options is not None and options.utf8_buffer else None
        if self.raw is not None:
            out.flush()  # what was written to the text stream before goes first

    def write(self, data: str | bytes) -> None:
        if self.raw is not None:
            self.raw.write(data.encode() if isinstance(data, str) else data)
        else:
            self.out.write(data.decode() if isinstance(data, bytes) else data)

    def write_spool(self, spool: Spool) -> None:
        """A binary spool's UTF-8 (Spool(binary=True)), copied as it is or decoded."""
        if self.raw is not None:
            spool.copy_to(self.raw)
        else:
            spool.decode_to(self.out)

    def flush(self) -> None:
        """Flushed for a reader following the stream; at the end, before the text stream is closed or written to."""
        (self.raw if self.raw is not None else self.out).flush()


class ReportWriter(Protocol):
    def add(self, batch: BatchResult) -> None: ...

    def finish(self, summary: dict[str, Any], totals: Totals) -> None: ...

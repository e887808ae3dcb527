"""What a report writer is: it takes the scan's batches as they come and the summary at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from analyzer.model import BatchResult
from analyzer.report.totals import Totals


@dataclass(frozen=True, slots=True)
class WriterOptions:
    verbosity: int = 0  # -1 quiet, 0 normal, 1 verbose (text)
    csv_bom: bool = False  # start a CSV report with a UTF-8 byte-order mark, for Excel
    roots: tuple[str, ...] = ()  # the scanned paths, which SARIF locations are relative to
    # The report's text stream encodes UTF-8 and leaves line feeds as they are, so a writer that has its lines as
    # UTF-8 already may write them to the stream's `buffer` (JSON Lines) instead of decoding them for it to encode.
    utf8_buffer: bool = False


class ReportWriter(Protocol):
    def add(self, batch: BatchResult) -> None: ...

    def finish(self, summary: dict[str, Any], totals: Totals) -> None: ...

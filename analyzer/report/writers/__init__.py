"""The report-writer registry: one module per output format, one line each here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from analyzer.report import Report
from analyzer.report.writers import json_writer, text_writer

Writer = Callable[[Report, TextIO], None]

WRITERS: dict[str, Writer] = {
    "text": text_writer.write,
    "json": json_writer.write,
}

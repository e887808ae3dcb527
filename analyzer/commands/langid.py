"""`analyzer langid [FILE|-]`: the language runs of each line, one JSON object per line (DESIGN.md)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from analyzer.commands.base import Command, UsageError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="UTF-8 text, one note per line (default: -)"
    )
    parser.add_argument(
        "--file-context",
        action="store_true",
        help="read the input as one notes file: kanji-only lines of an otherwise Japanese file are Japanese",
    )


def _read(path: str) -> str:
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None
    # A stray invalid byte costs one replacement character, never the whole run.
    return data.decode("utf-8-sig", errors="replace")


def input_lines(text: str) -> list[str]:
    """Lines as `wc -l` and the other line tools count them: split at LF only (a CR before it is
    dropped), so U+2028, NEL or a form feed inside a note does not shift the line numbers."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline that ends the last line opens no new one
    return [line.removesuffix("\r") for line in lines]


def segments_json(text: str, hint: str | None = None) -> list[dict[str, object]]:
    """The `segments` list of the contract for one line."""
    from analyzer.segment import segment

    out: list[dict[str, object]] = []
    for seg in segment(text, hint=hint):
        item: dict[str, object] = {"start": seg.start, "end": seg.end, "lang": seg.lang, "confidence": seg.confidence}
        if seg.variant:
            item["variant"] = seg.variant
        out.append(item)
    return out


def write_lines(lines: Iterable[str], hint: str | None) -> None:
    write = sys.stdout.write
    for number, line in enumerate(lines, start=1):
        write(json.dumps({"line": number, "segments": segments_json(line, hint)}, ensure_ascii=False) + "\n")


def run(args: argparse.Namespace) -> int:
    from analyzer.segment import file_hint

    lines = input_lines(_read(args.file))
    write_lines(lines, file_hint(lines) if args.file_context else None)
    return 0


COMMAND = Command(
    name="langid", help="split each line into language runs (zh/ko/ja/en/...)", configure=configure, run=run
)

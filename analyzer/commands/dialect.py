"""`analyzer dialect [FILE|-]`: one JSON object per line, {"line", "nk_score", "markers"} (DESIGN.md)."""

from __future__ import annotations

import argparse
import json
import sys

from analyzer.commands.base import Command, UsageError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", metavar="FILE", help="UTF-8 text, one line each (default: -)")


def run(args: argparse.Namespace) -> int:
    from analyzer.dialect import dialect_score

    try:
        if args.file == "-":
            text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        else:
            with open(args.file, "rb") as handle:
                text = handle.read().decode("utf-8", errors="replace")
    except OSError as err:
        raise UsageError(f"cannot read {args.file}: {err.strerror or err}") from None
    for number, line in enumerate(text.splitlines(), start=1):
        print(json.dumps({"line": number, **dialect_score(line).to_dict()}, ensure_ascii=False))
    return 0


COMMAND = Command(name="dialect", help="score each line for North Korean spelling norms", configure=configure, run=run)

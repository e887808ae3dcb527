"""`analyzer align SRC_FILE TGT_FILE`: align Chinese lines with Korean lines, one JSON bead per line."""

from __future__ import annotations

import argparse
import json
import sys

from analyzer.commands.base import Command, UsageError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", metavar="SRC_FILE", help="Chinese sentences, one per line (UTF-8)")
    parser.add_argument("tgt", metavar="TGT_FILE", help="Korean sentences, one per line (UTF-8)")


def _lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read().splitlines()
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise UsageError(f"{path} is not UTF-8: {err.reason} at byte {err.start}") from None


def run(args: argparse.Namespace) -> int:
    from analyzer.align import align

    src, tgt = _lines(args.src), _lines(args.tgt)
    for bead in align(src, tgt):
        sys.stdout.write(json.dumps({"src": list(bead.src), "tgt": list(bead.tgt), "score": bead.score}) + "\n")
    return 0


COMMAND = Command(name="align", help="align Chinese and Korean sentences (one per line)", configure=configure, run=run)

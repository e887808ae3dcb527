"""`analyzer watchlist import FILE...`: names from OFAC SDN CSV files or OpenSanctions FtM JSON you downloaded.

The files of one import are read together (sdn.csv with its alt.csv) and replace the previous import.
"""

from __future__ import annotations

import argparse
import os

from analyzer.commands.base import Command, UsageError


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    imp = sub.add_parser(
        "import", help="import sdn.csv (+ alt.csv, sdn_comments.csv) or OpenSanctions FollowTheMoney JSON files"
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("-o", "--output", metavar="FILE", help="TSV to write (default: models/watchlist/imported.tsv)")
    imp.add_argument("--all", action="store_true", help="keep every entry, not only DPRK-related ones")
    sub.add_parser("list", help="print the watchlist in use")


MAX_FILE_BYTES = 1024**3  # an OFAC release is ~20 MB; OpenSanctions' DPRK-related exports far less than this


def _read(path: str) -> bytes:
    """A regular file's bytes (a FIFO or /dev/zero would never end), at most MAX_FILE_BYTES; UsageError otherwise."""
    from analyzer.discover import file_kind
    from analyzer.extract.base import read_capped

    try:
        info = os.stat(path)
        kind = file_kind(info.st_mode)
        if kind is not None:
            raise UsageError(f"cannot read {path}: {kind}, not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise UsageError(f"cannot read {path}: larger than {MAX_FILE_BYTES} bytes")
        return read_capped(os.path.realpath(path), info.st_size, MAX_FILE_BYTES)
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None


def run(args: argparse.Namespace) -> int:
    from analyzer.resources import model_path
    from analyzer.watchlist import names
    from analyzer.watchlist.importers import ImportError_, one_line, read_watchlist_files

    if args.action == "list":
        for entry in names():
            print(f"{entry.entity}\t{entry.name}\t{entry.form}\t{entry.source}")
        return 0
    target = args.output or str(model_path("watchlist", "imported.tsv"))
    replaced = f"({os.path.basename(target)})"  # the import being replaced names no anchors of its own
    linked_to = sorted({e.entity for e in names() if not e.source.endswith(replaced)})
    files = [(path, _read(path)) for path in args.files]
    try:
        rows = read_watchlist_files(files, args.all, linked_to)
    except ImportError_ as err:
        raise UsageError(str(err)) from None
    if not rows:
        raise UsageError(
            f"no DPRK-related entries in {', '.join(args.files)} (nothing written; --all keeps every entry)"
        )
    try:
        os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:
            sources = one_line(", ".join(map(os.path.basename, args.files)))
            out.write(f"# Imported by `analyzer watchlist import` from {sources}\n")
            out.write("# Columns: entity, name, form, source.\n")
            for row in rows:  # the importer made each value one line without tabs
                out.write("\t".join((row.entity, row.name, row.form, row.source)) + "\n")
    except OSError as err:
        raise UsageError(f"cannot write {target}: {err.strerror or err}") from None
    entities = len({r.entity for r in rows})
    print(f"{len(rows)} names of {entities} entities -> {target}")
    return 0


COMMAND = Command(name="watchlist", help="manage the sanctions watchlist", configure=configure, run=run)

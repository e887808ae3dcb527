"""`analyzer watchlist import FILE...`: add names from an OFAC SDN CSV or OpenSanctions FtM JSON you downloaded."""

from __future__ import annotations

import argparse
import os

from analyzer.commands.base import Command, UsageError


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    imp = sub.add_parser("import", help="import sdn.csv (+ alt.csv) or an OpenSanctions FollowTheMoney JSON file")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("-o", "--output", metavar="FILE", help="TSV to write (default: models/watchlist/imported.tsv)")
    imp.add_argument("--all", action="store_true", help="keep every entry, not only DPRK-related ones")
    sub.add_parser("list", help="print the watchlist in use")


def run(args: argparse.Namespace) -> int:
    from analyzer.resources import model_path
    from analyzer.watchlist import names
    from analyzer.watchlist.importers import ImportError_, read_watchlist_file

    if args.action == "list":
        for entry in names():
            print(f"{entry.entity}\t{entry.name}\t{entry.form}\t{entry.source}")
        return 0
    linked_to = tuple({e.entity for e in names()})
    rows = []
    for path in args.files:
        try:
            with open(path, "rb") as handle:
                rows.extend(read_watchlist_file(handle.read(), args.all, linked_to))
        except OSError as err:
            raise UsageError(f"cannot read {path}: {err.strerror or err}") from None
        except ImportError_ as err:
            raise UsageError(f"{path}: {err}") from None
    target = args.output or str(model_path("watchlist", "imported.tsv"))
    try:
        os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:
            out.write(
                f"# Imported by `analyzer watchlist import` from {', '.join(map(os.path.basename, args.files))}\n"
            )
            out.write("# Columns: entity, name, form, source.\n")
            for row in dict.fromkeys(rows):
                out.write("\t".join(v.replace("\t", " ") for v in (row.entity, row.name, row.form, row.source)) + "\n")
    except OSError as err:
        raise UsageError(f"cannot write {target}: {err.strerror or err}") from None
    entities = len({r.entity for r in rows})
    print(f"{len(dict.fromkeys(rows))} names of {entities} entities -> {target}")
    return 0


COMMAND = Command(name="watchlist", help="manage the sanctions watchlist", configure=configure, run=run)

"""`analyzer baseline create -o .analyzer-baseline.json [PATH...]`: accept today's findings.

Later scans with `--baseline FILE` (or `baseline = ...` in the configuration) report only new findings.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from analyzer.commands.base import Command, UsageError
from analyzer.discover import check_paths

DEFAULT_FILE = ".analyzer-baseline.json"


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    parser = actions.add_parser("create", help="scan and record every finding as accepted")
    parser.add_argument("paths", nargs="*", metavar="PATH", default=["."], help="files or folders (default: .)")
    parser.add_argument("-o", "--output", metavar="FILE", default=DEFAULT_FILE, help=f"default: {DEFAULT_FILE}")
    parser.add_argument("--config", metavar="FILE", help="read the allowlist from FILE instead of the nearest one")
    parser.add_argument("--no-config", action="store_true", help="ignore every settings file")


def run(args: argparse.Namespace) -> int:
    from analyzer.baseline import baseline_dict
    from analyzer.commands.reporting import load_settings_file
    from analyzer.run import Pipeline
    from analyzer.suppress import Suppressor

    check_paths(args.paths)
    config = load_settings_file(args, args.paths)
    pipeline = Pipeline(suppressor=Suppressor(config.allowlist))  # allowlisted findings need no baseline entry
    findings = [f for batch in pipeline.batches(args.paths) for f in batch.findings]
    data = baseline_dict(findings, args.output)
    try:
        with open(args.output, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
    except OSError as err:
        raise UsageError(f"cannot write {args.output}: {err.strerror or err}") from None
    print(f"analyzer: {len(findings)} finding(s) recorded in {os.path.relpath(args.output)}", file=sys.stderr)
    return 0


COMMAND = Command(name="baseline", help="record current findings as accepted", configure=configure, run=run)

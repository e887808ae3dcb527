"""`analyzer hook FILE...`: the pre-commit entry point; scans the given files and their sibling sidecars.

Quiet by default: nothing on a clean commit, one line per finding and how to accept it otherwise. In a git
repository the siblings are the files git tracks (committed or staged), never untracked files lying beside them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace

from analyzer.commands.base import Command
from analyzer.commands.limit_options import add_limit_options, limits_from_options
from analyzer.commands.ocr_option import add_ocr_option, with_ocr
from analyzer.commands.reporting import add_report_arguments, emit, resolve
from analyzer.model import BatchResult, Finding

ACCEPT_HINT = (
    "analyzer: commit blocked: the finding(s) above are at or above '{level}'. A finding is a lead, not a verdict: "
    "review the notes. To accept one, add `analyzer:allow` to the note, an allowlist entry in "
    "[tool.analyzer.allowlist], or a baseline (`analyzer baseline create -o .analyzer-baseline.json`, then "
    '`baseline = ".analyzer-baseline.json"` in [tool.analyzer]).'
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to check (pre-commit passes the staged ones)")
    add_report_arguments(parser)
    add_ocr_option(parser)
    add_limit_options(parser)


def _repository(folder: str) -> tuple[str, list[str]] | None:
    """The top of the git repository around `folder` and the paths git tracks there (committed or staged),
    absolute; None outside a repository or without git."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, check=False)
        if top.returncode != 0:
            return None
        root = top.stdout.decode("utf-8", "surrogateescape").strip()
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=False)
    except OSError:
        return None
    if listed.returncode != 0:
        return None
    names = listed.stdout.decode("utf-8", "surrogateescape").split("\0")
    return root, [os.path.join(root, name) for name in names if name]


def with_sidecars(files: list[str]) -> list[str]:
    """The files plus the files of the same sketches beside them (c010_zh.txt brings c010_ko.xmp): inside the
    working directory's git repository only those git tracks, never untracked files lying beside them;
    elsewhere every file of the folder."""
    from analyzer.sketch import sketch_of

    chosen = {os.path.normpath(f) for f in files if os.path.lexists(f)}
    wanted = {sketch_of(os.path.abspath(f)) for f in chosen}
    repository = _repository(os.getcwd())
    outside = set(chosen)
    if repository is not None:
        root, tracked = repository
        prefix = root.rstrip(os.sep) + os.sep
        outside = {f for f in chosen if not os.path.abspath(f).startswith(prefix)}
        chosen.update(os.path.relpath(t) for t in tracked if sketch_of(t) in wanted)
    for folder in {os.path.dirname(f) for f in outside}:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            path = os.path.normpath(os.path.join(folder, name))
            if sketch_of(os.path.abspath(path)) in wanted and os.path.isfile(path):
                chosen.add(path)
    return sorted(chosen)


def _staged(root: str) -> list[str] | None:
    """What git has staged in the repository at `root`, absolute; None when git cannot tell."""
    try:
        done = subprocess.run(
            ["git", "diff", "--cached", "--name-only", "-z"], cwd=root, capture_output=True, check=False
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return [os.path.join(root, name) for name in done.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


class _Owner:
    """Which invocation of the hook reports a finding when pre-commit splits a long file list into several.

    Each invocation pulls in the sidecars of its sketches, so two of them can see the same finding. The one
    given the first staged file of the finding's sketch reports it; outside git, or for a sketch with no staged
    file, every invocation does (there is then only one that sees it).
    """

    def __init__(self, given: list[str]) -> None:
        from analyzer.sketch import sketch_of

        self.sketch_of = sketch_of
        self.given = {os.path.abspath(f) for f in given}
        repository = _repository(os.getcwd())
        staged = _staged(repository[0]) if repository is not None else None
        self.first_staged: dict[str, str] = {}
        for path in sorted(staged or ()):
            self.first_staged.setdefault(sketch_of(path), path)

    def reports(self, finding: Finding) -> bool:
        owner = self.first_staged.get(self.sketch_of(os.path.abspath(finding.path)))
        return owner is None or owner in self.given

    def __call__(self, batches: Iterable[BatchResult]) -> Iterator[BatchResult]:
        for batch in batches:
            mine = tuple(f for f in batch.findings if self.reports(f))
            yield batch if len(mine) == len(batch.findings) else replace(batch, findings=mine)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    files = with_sidecars(args.files)
    from analyzer.engines.korean import warm_up_for_files

    warm_up_for_files(files)  # the sidecars too (the command line already started on the files it was given)
    from analyzer.run import Pipeline, ScanOptions
    from analyzer.run.units import FileList

    settings = resolve(args, files)
    # A commit gate talks to the person committing: the configuration's report format and file are for scans.
    settings = replace(settings, format=args.format or "text", output=args.output)
    if settings.format == "text" and args.quiet is None and not args.verbose:
        settings = replace(settings, verbosity=-1)
    if not files:
        return 0
    pipeline = Pipeline(ScanOptions(limits=with_ocr(args, files, limits_from_options(args))), settings.suppressor())
    sources = FileList(tuple((f, f) for f in files), os.getcwd())
    owned = _Owner(args.files)(pipeline.batches(sources))
    code = emit(owned, settings, pipeline.suppressor, started, require_files=False)
    if code == 1 and settings.format == "text" and not settings.output:
        print(ACCEPT_HINT.format(level=settings.fail_on), file=sys.stderr)
    return code


COMMAND = Command(
    name="hook", help="pre-commit entry point: check files and their sidecars", configure=configure, run=run
)

"""The `analyzer` command line: subcommands from analyzer.commands, exit codes from analyzer.errors.ExitCode."""

from __future__ import annotations

import argparse
import os
import sys

from analyzer._version import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 as argparse does: the usage line, the error, a suggestion
        hint = self._suggestion(message)
        self.exit(2, f"{self.format_usage()}{self.prog}: error: {message}{hint}\n")

    def _suggestion(self, message: str) -> str:
        """`did you mean --fail-on?` for a mistyped option (`--fial-on`, `--fail_on`)."""
        import difflib

        if not message.startswith("unrecognized arguments:"):
            return ""
        parsers = [self, *getattr(self, "commands", {}).values()]
        known = sorted({o for p in parsers for o in p._option_string_actions if o.startswith("--")})
        for word in message.split(":", 1)[1].split():
            if word.startswith("-"):
                typed = word.split("=", 1)[0].replace("_", "-")
                close = difflib.get_close_matches(typed, known, n=1, cutoff=0.6)
                if close:
                    return f" (did you mean {close[0]}?)"
        return ""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, just that subcommand's arguments (its module alone imported)."""
    from analyzer.commands import COMMAND_MODULES, command

    parser = _Parser(prog="analyzer", description="Expose Chinese-to-Korean relay subcontracting in deliveries.")
    parser.add_argument("--version", action="version", version=f"analyzer {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in [only] if only else COMMAND_MODULES:
        found = command(name)
        found.configure(sub.add_parser(found.name, help=found.help, description=found.help))
    parser.commands = sub.choices  # type: ignore[attr-defined]  # where a mistyped option is looked up
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["scan"]:
        from analyzer.commands.engine_options import start_workers_early

        start_workers_early(argv[1:])
    if argv[:1] in (["scan"], ["hook"]):
        from analyzer.run.local import tune_collector

        tune_collector()  # this process runs a scan (or its workers do), its imports on: many records, few cycles
    if argv[:1] == ["hook"]:  # a commit gate: start the Korean tagger before the subcommands are imported
        from analyzer.engines.korean import warm_up_for_files

        warm_up_for_files([a for a in argv[1:] if not a.startswith("-")])
    from analyzer.commands import COMMAND_MODULES
    from analyzer.commands import command as command_named
    from analyzer.errors import AnalyzerError, ExitCode

    chosen = argv[0] if argv and argv[0] in COMMAND_MODULES else None
    args = build_parser(chosen).parse_args(argv)
    command = command_named(args.command)
    try:
        return command.run(args)
    except AnalyzerError as err:
        print(f"analyzer {command.name}: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("analyzer: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # the reader went away (`analyzer scan DUMP | head`): stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush cannot fail too
        return ExitCode.BROKEN_PIPE  # what a shell reports for a writer killed by a closed pipe
    except Exception:  # a bug of ours: never exit 1, which means "findings", nor 0, which means "clean"
        import traceback

        traceback.print_exc()
        print(f"analyzer {command.name}: internal error: the scan could not finish (please report it)", file=sys.stderr)
        return ExitCode.ENGINE


def run() -> None:
    """The `analyzer` program (its console script and `python -m analyzer`): `main`, then the process's exit."""
    try:
        code: object = main()
    except SystemExit as leaving:  # argparse's usage errors, --help and --version
        code = leaving.code
    if isinstance(code, int) and _jvm_started():
        # The Korean tagger's JVM is never destroyed (engines/korean.py), and the interpreter's and the C++
        # runtime's teardown around its running threads aborts now and then on a busy machine ("terminate called
        # without an active exception", exit 134: a commit gate failing for nothing), besides taking a tenth of a
        # second or more (BENCHMARKS.md). Everything is written by now and every file closed: leave without it.
        import contextlib

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a reader gone (`| head`), or a stream closed
                stream.flush()
        os._exit(code)
    sys.exit(code)


def _jvm_started() -> bool:
    jpype = sys.modules.get("jpype")
    return jpype is not None and bool(jpype.isJVMStarted())


if __name__ == "__main__":
    run()

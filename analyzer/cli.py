"""The `analyzer` command line: subcommands from analyzer.commands, exit codes from analyzer.errors.ExitCode."""

from __future__ import annotations

import argparse
import os
import sys

from analyzer._version import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep its message to one line
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from analyzer.commands import COMMANDS

    parser = _Parser(prog="analyzer", description="Expose Chinese-to-Korean relay subcontracting in deliveries.")
    parser.add_argument("--version", action="version", version=f"analyzer {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS:
        command.configure(sub.add_parser(command.name, help=command.help, description=command.help))
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["hook"]:  # a commit gate: start the Korean tagger before the subcommands are imported
        from analyzer.engines.korean import warm_up_for_files

        warm_up_for_files([a for a in argv[1:] if not a.startswith("-")])
    from analyzer.commands import COMMANDS
    from analyzer.errors import AnalyzerError, ExitCode

    args = build_parser().parse_args(argv)
    command = next(c for c in COMMANDS if c.name == args.command)
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


if __name__ == "__main__":
    sys.exit(main())

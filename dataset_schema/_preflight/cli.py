"""``dataset-schema``: the entry point, its subcommand table and its exit statuses.

Exit status: 0 every record valid, 1 some record invalid, 2 usage errors, unreadable
inputs and bad schemas (one line on stderr, never a traceback).  Interrupted by
Ctrl-C: 130; output pipe closed early: 141 (the shells' codes for those signals).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn, Sequence

from .._version import __version__
from .check import CHECK
from .command import Command, UsageError
from .export_command import EXPORT
from .inputs import InputError
from .schema_command import SCHEMA

__all__ = ["COMMANDS", "main"]

PROG = "dataset-schema"

#: Every subcommand, in the order ``--help`` lists them.  A new one is one entry here.
COMMANDS: tuple[Command, ...] = (CHECK, SCHEMA, EXPORT)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parsers(commands: Sequence[Command] = COMMANDS,
                  ) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser, and one parser per command."""
    parser = _Parser(prog=PROG, description="Check records against a dataset schema, "
                     "with the ingest API's exact answers.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    parsers: dict[str, argparse.ArgumentParser] = {}
    for command in commands:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.description)
        command.arguments(sub)
        parsers[command.name] = sub
    return parser, parsers


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser, commands = build_parsers()
    if argv and argv[0] in commands:
        # Intermixed, so options may come after inputs: check s.json a.ndjson --all b.ndjson
        args = commands[argv[0]].parse_intermixed_args(argv[1:])
        args.command = argv[0]
        return args
    return parser.parse_args(argv)  # --help, --version, or a usage error


def _run(argv: Sequence[str] | None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="backslashreplace")  # lone surrogates from \ud800 escapes
    command = next(c for c in COMMANDS if c.name == args.command)
    return command.run(args, out)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script; returns the exit status."""
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()
    except (UsageError, InputError) as exc:
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Nobody reads our output any more; make the interpreter's final flush silent too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141

"""``dataset-schema``: the entry point, its subcommand table and its exit statuses.

Exit status: 0 every record valid, 1 some record invalid, 2 usage errors, unreadable
inputs, bad schemas, a dead worker and running out of memory (one line on stderr,
never a traceback).  Interrupted by Ctrl-C: 130; output pipe closed early: 141;
SIGTERM: 143 (the shells' codes for those signals), after stopping any workers.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any, NoReturn, Sequence

from .._version import __version__
from .check import CHECK
from .command import PROG, Command, UsageError
from .export_command import EXPORT
from .inputs import InputError
from .schema_command import SCHEMA

__all__ = ["COMMANDS", "main"]

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


class _Terminated(BaseException):
    """SIGTERM arrived: unwind (stopping workers on the way) and exit 143."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def _answer(argv: Sequence[str] | None) -> int:
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()
    except (UsageError, InputError) as exc:
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return 2
    except MemoryError:
        sys.stderr.write(f"{PROG}: error: out of memory\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except _Terminated:
        return 143
    except BrokenPipeError:
        # Nobody reads our output any more; make the interpreter's final flush silent too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def main(argv: Sequence[str] | None = None) -> int:
    """The console script; returns the exit status."""
    if threading.current_thread() is not threading.main_thread():
        return _answer(argv)  # signal handlers can only be set from the main thread
    previous: Any = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _answer(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)

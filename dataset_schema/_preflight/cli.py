"""``dataset-schema``: check files of records against a schema, from a terminal.

Exit status: 0 every record valid, 1 some record invalid, 2 usage errors, unreadable
inputs and bad schemas (one line on stderr, never a traceback).  Interrupted by
Ctrl-C: 130; output pipe closed early: 141 (the shells' codes for those signals).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing.pool
import os
import sys
from typing import Iterator, NoReturn, Sequence, TextIO

from .._errors import SchemaError
from .inputs import FORMATS, STDIN_NAME, InputError, Source, describe_os_error, ensure_readable, open_source
from .output import JsonWriter, Tally, TextWriter, Writer
from .parallel import check_in_pool, make_pool, split
from .progress import Progress, counting
from .scan import Finding, Totals, explainer, scan_document, scan_lines
from .._schema import Schema
from .._core.validator import Validator, compile

__all__ = ["main"]

PROG = "dataset-schema"


class UsageError(Exception):
    """Bad arguments, unreadable inputs or a bad schema: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser, and one parser per command."""
    parser = _Parser(prog=PROG, description="Check records against a dataset schema, "
                     "with the ingest API's exact answers.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check", help="check NDJSON / JSON files of records",
        description="Report every record the ingest API would reject, and why.")
    check.add_argument("schema", metavar="SCHEMA", help='JSON file {"fields": {...}}')
    check.add_argument("inputs", metavar="INPUT", nargs="*", default=[],
                       help="NDJSON, JSON array or JSON object file; - or nothing for stdin")
    check.add_argument("--input-format", choices=FORMATS, default="auto",
                       help="skip detection and read every input in this format")
    check.add_argument("--all", action="store_true", dest="all_problems",
                       help="report every problem of a record, not only the first")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text lines (default) or JSON Lines")
    check.add_argument("--max-errors", type=_positive, metavar="N",
                       help="stop after N invalid records")
    check.add_argument("--jobs", type=_positive, default=1, metavar="N",
                       help="check NDJSON files in N processes (same output as one)")
    check.add_argument("-q", "--quiet", action="store_true", help="no progress display")

    schema = commands.add_parser(
        "schema", help="check a schema definition and print it normalised",
        description="Check a schema definition; print it normalised, or say what is wrong.")
    schema.add_argument("schema", metavar="SCHEMA", help="JSON file, or - for stdin")
    return parser, {"check": check, "schema": schema}


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser, commands = build_parsers()
    if argv and argv[0] in commands:
        # Intermixed, so options may come after inputs: check s.json a.ndjson --all b.ndjson
        args = commands[argv[0]].parse_intermixed_args(argv[1:])
        args.command = argv[0]
        return args
    return parser.parse_args(argv)  # --help, or a usage error


def _read_schema(path: str) -> Schema:
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as stream:
                data = stream.read()
    except OSError as exc:
        raise UsageError(describe_os_error(path, exc)) from None
    try:
        return Schema.from_json(data)
    except SchemaError as exc:
        raise UsageError(f"bad schema {STDIN_NAME if path == '-' else path}: {exc.message}") from None


class _Run:
    """One ``check`` run over all inputs."""

    def __init__(self, args: argparse.Namespace, validator: Validator, writer: Writer) -> None:
        self.args = args
        self.validator = validator
        self.writer = writer
        self.tally = Tally()
        self.explain = explainer(validator, args.all_problems)
        self.progress: Progress | None = None
        if not args.quiet and sys.stderr.isatty():
            self.progress = Progress(sys.stderr)
        self.pool: multiprocessing.pool.Pool | None = None  # started for the first file that needs it

    def findings(self, source: Source, totals: Totals) -> Iterator[Finding]:
        progress = self.progress
        if progress is not None:
            progress.start(source.name, source.size)
        if source.format != "ndjson":
            return scan_document(self.validator, source.read_all(), source.format,
                                 self.args.all_problems, totals)
        if self.args.jobs > 1 and source.path is not None and source.size:
            source.close()  # the workers read the file themselves
            if self.pool is None:
                self.pool = make_pool(self.args.jobs, self.validator, self.args.all_problems)
            chunks = split(source.path, source.size, self.args.jobs)
            on_chunk = None if progress is None else progress.update
            return check_in_pool(self.pool, self.args.jobs, source.path, chunks, totals, on_chunk)
        lines = source.lines()
        if progress is not None:
            lines = counting(lines, progress)
        return scan_lines(self.validator, lines, self.explain, totals)

    def check(self, path: str) -> bool:
        """Check one input; False when --max-errors says to stop."""
        tally, writer, limit = self.tally, self.writer, self.args.max_errors
        key = "line"
        with open_source(path, self.args.input_format) as source:
            if source.format != "ndjson":
                key = "index"
            totals = Totals()
            tally.files += 1
            try:
                for position, so_far, problems in _reading(source.name, self.findings(source, totals)):
                    if self.progress is not None:
                        self.progress.clear()
                    for error in problems:
                        writer.problem(source.name, key, position, error)
                        tally.counts[error.code] += 1
                    tally.invalid += 1
                    if limit is not None and tally.invalid >= limit:
                        tally.records += so_far
                        tally.stopped_after = limit
                        return False
            finally:
                if self.progress is not None:
                    self.progress.clear()
            tally.records += totals.records
        return True

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


def _reading(name: str, findings: Iterator[Finding]) -> Iterator[Finding]:
    """``findings``, with read errors turned into one-line InputErrors (write errors pass)."""
    while True:
        try:
            finding = next(findings, None)
        except OSError as exc:
            raise InputError(describe_os_error(name, exc)) from None
        if finding is None:
            return
        yield finding


def _check(args: argparse.Namespace, out: TextIO) -> int:
    inputs: list[str] = args.inputs or ["-"]
    if inputs.count("-") + (args.schema == "-") > 1:
        raise UsageError("stdin (-) can be read only once")
    validator = compile(_read_schema(args.schema))
    for path in inputs:
        ensure_readable(path)
    writer: Writer = JsonWriter(out) if args.format == "json" else TextWriter(out)
    run = _Run(args, validator, writer)
    try:
        for path in inputs:
            if not run.check(path):
                break
    finally:
        run.close()
    writer.summary(run.tally)
    return 1 if run.tally.invalid else 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    schema = _read_schema(args.schema)
    out.write(json.dumps(schema.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return 0


def _run(argv: Sequence[str] | None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="backslashreplace")  # lone surrogates from \ud800 escapes
    if args.command == "check":
        return _check(args, out)
    return _schema(args, out)


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

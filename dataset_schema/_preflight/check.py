"""``dataset-schema check SCHEMA [INPUT ...]``: report every record the API would reject."""

from __future__ import annotations

import argparse
import sys
import zlib
from typing import Iterator, TextIO

from .._core.validator import Validator, compile
from .command import Command, UsageError, natural, positive, read_schema, warn
from .inputs import FORMATS, InputError, Source, describe_read_error, ensure_readable, open_source
from .output import JsonWriter, SummaryWriter, Tally, TextWriter, Writer
from .parallel import Workers, check_in_pool, split
from .progress import Progress, counting
from .scan import Finding, Totals, explainer, scan_document, scan_lines

__all__ = ["CHECK"]


def _arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("schema", metavar="SCHEMA", help='JSON file {"fields": {...}}')
    check.add_argument("inputs", metavar="INPUT", nargs="*", default=[],
                       help="NDJSON, JSON array or JSON object file, gzipped or not; "
                       "- or nothing for stdin")
    check.add_argument("--input-format", choices=FORMATS, default="auto",
                       help="skip detection and read every input in this format")
    check.add_argument("--all", action="store_true", dest="all_problems",
                       help="report every problem of a record, not only the first")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text lines (default) or JSON Lines")
    check.add_argument("--summary", action="store_true",
                       help="check every record but write only the summary")
    check.add_argument("--max-errors", type=natural, metavar="N",
                       help="stop after N invalid records")
    check.add_argument("--jobs", type=positive, default=1, metavar="N",
                       help="check NDJSON files in N processes (same output as one)")
    check.add_argument("-q", "--quiet", action="store_true", help="no progress display")


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
        self.workers: Workers | None = None  # started for the first file that needs them

    def findings(self, source: Source, totals: Totals) -> Iterator[Finding]:
        progress = self.progress
        if progress is not None:
            progress.start(source.name, source.size)
        if source.format != "ndjson":
            return scan_document(self.validator, source.read_all(), source.format,
                                 self.args.all_problems, totals)
        if self.args.jobs > 1 and source.path is not None and source.size:
            return self.in_workers(source, source.path, source.size, totals)
        if self.args.jobs > 1 and source.path is None:
            warn(f"{source.name} is checked in one process: --jobs splits only "
                 "uncompressed NDJSON files that are regular files")
        lines = source.lines()
        if progress is not None:
            lines = counting(lines, progress)
        return scan_lines(self.validator, lines, self.explain, totals)

    def in_workers(self, source: Source, path: str, size: int, totals: Totals) -> Iterator[Finding]:
        source.close()  # the workers read the file themselves
        if self.workers is None:
            self.workers = Workers(self.args.jobs, self.validator, self.args.all_problems)
        on_chunk = None if self.progress is None else self.progress.update
        return check_in_pool(self.workers, path, split(path, size, self.args.jobs), totals, on_chunk)

    def check(self, path: str, size: int | None) -> bool:
        """Check one input; False when --max-errors says to stop."""
        out_of_memory = False
        with open_source(path, self.args.input_format, size) as source:
            try:
                return self.check_source(source)
            except MemoryError:
                out_of_memory = True  # raised below, once this frame's memory is let go
            finally:
                if self.progress is not None:
                    self.progress.clear()
        assert out_of_memory
        raise InputError(f"out of memory while checking {source.name}"
                         + ("" if source.format == "ndjson" else
                            " (a JSON array or object is loaded whole: NDJSON is read line by line)"))

    def check_source(self, source: Source) -> bool:
        tally, writer, limit = self.tally, self.writer, self.args.max_errors
        key = "line" if source.format == "ndjson" else "index"
        totals = Totals()
        tally.files += 1
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
        tally.records += totals.records
        if not totals.records:
            warn(f"{source.name} holds no records (empty input)")
        return True

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()


def _reading(name: str, findings: Iterator[Finding]) -> Iterator[Finding]:
    """``findings``, with read errors turned into one-line InputErrors (write errors pass)."""
    while True:
        try:
            finding = next(findings, None)
        except (OSError, EOFError, zlib.error) as exc:  # EOFError, zlib.error: a broken gzip stream
            raise InputError(describe_read_error(name, exc)) from None
        if finding is None:
            return
        yield finding


def _writer(args: argparse.Namespace, out: TextIO) -> Writer:
    writer: Writer = JsonWriter(out) if args.format == "json" else TextWriter(out)
    return SummaryWriter(writer) if args.summary else writer


def _hint_at_a_terminal(inputs: list[str]) -> None:
    if "-" in inputs and sys.stdin.isatty():
        warn("reading records from the terminal (stdin); end with Ctrl-D, "
             "or name INPUT files (see dataset-schema check --help)")


def _run(args: argparse.Namespace, out: TextIO) -> int:
    inputs: list[str] = args.inputs or ["-"]
    if args.max_errors == 0:
        raise UsageError("--max-errors must be at least 1 (for the counts alone, use --summary)")
    if inputs.count("-") + (args.schema == "-") > 1:
        raise UsageError("stdin (-) can be read only once")
    validator = compile(read_schema(args.schema))
    sizes = [ensure_readable(path) for path in inputs]  # sizes taken once, at the start
    _hint_at_a_terminal(inputs)
    writer = _writer(args, out)
    run = _Run(args, validator, writer)
    try:
        for path, size in zip(inputs, sizes):
            if not run.check(path, size):
                break
    finally:
        run.close()
    writer.summary(run.tally)
    return 1 if run.tally.invalid else 0


CHECK = Command(
    name="check",
    help="check NDJSON / JSON files of records",
    description="Report every record the ingest API would reject, and why.",
    arguments=_arguments,
    run=_run,
)

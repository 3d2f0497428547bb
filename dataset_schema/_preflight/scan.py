"""Checking the records of one input: NDJSON lines, or one JSON document.

Both scanners yield a :class:`Finding` per invalid record, in input order.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Literal, NamedTuple

from .._errors import IngestError, make_error
from .._core.body import decode_body
from .._core.validator import Validator
from .reading import JSON_WS, TOO_LONG, line_too_long
from .tally import problem_finder

__all__ = ["Finding", "Explain", "Totals", "explainer", "scan_document", "scan_lines"]



class Finding(NamedTuple):
    """One invalid record."""

    #: 1-based line number (NDJSON), 0-based index (array), or None (a whole document).
    position: int | None
    #: Records checked up to and including this one, so a caller that stops early
    #: (``--max-errors``) knows exactly how many it checked, whichever process did the work.
    records: int
    #: What the API would answer: the first problem, or every one with ``--all``.
    problems: list[IngestError]

#: Turns (raw line, the error parse_record raised) into the problems to report.
Explain = Callable[[bytes, IngestError], "list[IngestError]"]

class Totals:
    """What a scan counted; complete once its generator is exhausted."""

    __slots__ = ("lines", "records")

    def __init__(self) -> None:
        self.lines = 0
        self.records = 0


def explainer(validator: Validator, all_problems: bool) -> Explain:
    """The first problem as raised, or (``--all``) every problem of the decoded record."""
    if not all_problems:
        return lambda line, error: [error]
    errors = validator.errors

    def every(line: bytes, error: IngestError) -> list[IngestError]:
        if error.code == "invalid_json":
            return [error]
        return errors(decode_body(line))

    return every


def scan_lines(validator: Validator, lines: Iterable[bytes], explain: Explain,
               totals: Totals) -> Iterator[Finding]:
    """Check NDJSON lines; positions are 1-based line numbers, blank lines skipped."""
    parse = validator.parse_record
    blank = 0
    lineno = 0
    # The hot loop is the bare parse-and-check loop: a blank line is only noticed
    # when it fails to parse, so valid lines pay for nothing else.
    for lineno, line in enumerate(lines, 1):
        try:
            parse(line)
        except IngestError as error:
            if error.code == "invalid_json":
                if line is TOO_LONG:  # skipped unread by read_lines
                    yield Finding(lineno, lineno - blank, [line_too_long()])
                    continue
                if not line.strip(JSON_WS):
                    blank += 1
                    continue
            yield Finding(lineno, lineno - blank, explain(line, error))
    totals.lines = lineno
    totals.records = lineno - blank


def scan_document(validator: Validator, data: bytes, fmt: Literal["array", "object"],
                  all_problems: bool, totals: Totals) -> Iterator[Finding]:
    """Check one JSON document: an array's elements (positions are 0-based indexes),
    or a single object (position None).  A document that is not what ``fmt`` expects
    counts as one invalid record at position None, with the API's answer for it."""
    problems_of = problem_finder(validator, all_problems)
    try:
        document = decode_body(data)
    except IngestError as error:
        totals.records = 1
        yield Finding(None, 1, [error])
        return
    if fmt == "array" and isinstance(document, list):
        totals.records = len(document)
        for index, record in enumerate(document):
            problems = problems_of(record)
            if problems:
                yield Finding(index, index + 1, problems)
        return
    totals.records = 1
    if fmt == "array":
        yield Finding(None, 1, [make_error("batch_not_array")])
    else:
        problems = problems_of(document)
        if problems:
            yield Finding(None, 1, problems)

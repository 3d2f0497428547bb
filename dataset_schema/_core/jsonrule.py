"""Nesting before the record rules: where the engine answers it.

A record given as Python data is judged as its JSON encoding would be
(docs/contract.md): nested deeper than the body's limit anywhere, it is
``Invalid JSON body`` before any record rule, as a body's JSON problem is.  The
generated fast path only accepts records whose nesting it has bounded (a flat
context, or one it walked; every other value a scalar), so the question is left to
the engine's answers, each of which settles it at the least cost it can:

- ``check`` (``index`` None): the record may nest ``MAX_DEPTH`` levels; any answer of
  the engine, an error or None, gives way when the record nests deeper
  (``settle``; a field's hand-over looks only at the values not yet seen);
- in a batch (``index`` set) each record may nest one level less, and a later
  record's nesting beats an earlier record's error, so an error is left to the
  batch's answer (``batch_answer``, once per batch, from the failing record on: the
  records before it passed the fast path or were settled here); only a record the
  engine finds valid is looked at where it is found.
"""

from __future__ import annotations

from typing import Any, Callable

from .._errors import IngestError
from .body import MAX_DEPTH
from .errors import invalid_json_error
from .jsonvalue import too_deep

__all__ = ["IN_BATCH_LIMIT", "RECORD_LIMIT", "VALUE_LIMIT", "batch_answer", "batch_contexts_too_deep", "batch_depth_first",
           "depth_first_errors", "settle"]

#: How deep a record may nest alone, and in a batch (whose list is a level).
RECORD_LIMIT = MAX_DEPTH
IN_BATCH_LIMIT = MAX_DEPTH - 1
#: How deep a value of a record alone may nest (the record is a level).
VALUE_LIMIT = MAX_DEPTH - 1

_Check = Callable[[object], "IngestError | None"]


def settle(record: Any, answer: IngestError | None, index: int | None) -> IngestError | None:
    """The engine's ``answer`` for ``record``, unless the record nests too deep."""
    if index is None:
        if too_deep(record, RECORD_LIMIT):
            return invalid_json_error(None)
    elif answer is None and too_deep(record, IN_BATCH_LIMIT):
        return invalid_json_error(None)  # the batch's answer, without an index
    return answer


def batch_answer(records: object, error: IngestError) -> IngestError:
    """The answer for a batch in which ``error`` was found: nesting comes first.

    Only the records from ``error.index`` on are looked at (all of them without one).
    """
    if issubclass(type(records), list):
        start = error.index or 0
        record: Any
        for position, record in enumerate(list.__iter__(records)):  # type: ignore[arg-type]
            if position >= start and too_deep(record, IN_BATCH_LIMIT):
                return invalid_json_error(None)
        return error
    return invalid_json_error(None) if too_deep(records, RECORD_LIMIT) else error


def batch_depth_first(check_batch: _Check) -> _Check:
    """``check_batch`` (whose records' errors are left to it) with nesting first."""

    def checked(records: object) -> IngestError | None:
        error = check_batch(records)
        return None if error is None else batch_answer(records, error)

    return checked


def batch_contexts_too_deep(records: list[Any]) -> IngestError | None:
    """For a batch whose records ``check`` accepted one by one: ``Invalid JSON body`` when
    one nests past the batch's limit, one level less than a record's own.  Only a
    ``context`` can nest in a valid record, so only contexts are looked at."""
    for record in records:
        if too_deep(dict.get(record, "context"), IN_BATCH_LIMIT - 1):
            return invalid_json_error(None)
    return None


def depth_first_errors(errors: Callable[[object], list[IngestError]]) -> Callable[[object], list[IngestError]]:
    def checked(record: object) -> list[IngestError]:
        if too_deep(record, RECORD_LIMIT):
            return [invalid_json_error(None)]  # a body that is not JSON has that one problem
        return errors(record)

    return checked

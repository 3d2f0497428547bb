"""JSON before the record rules: the engine's entry points, wrapped.

A record given as Python data is judged as its JSON encoding would be
(docs/contract.md): nested too deep, or a context holding what JSON cannot carry,
is ``Invalid JSON body`` before any record rule, as a body's JSON problem is.  The
generated fast path accepts only records that cannot have either problem; every
other answer comes from the engine, whose entry points are wrapped here.  In a batch
(``index`` set) a record may nest one level less, and the batch's own wrapper gives
the answer, without an index.
"""

from __future__ import annotations

from typing import Any, Callable

from .._errors import IngestError
from .body import MAX_DEPTH
from .errors import invalid_json_error
from .jsonvalue import json_problem

__all__ = ["batch_answer", "batch_json_first", "batch_json_problem", "errors_json_first", "json_first"]

_Check = Callable[[object], "IngestError | None"]


def json_first(entry: Callable[..., Any]) -> Callable[..., Any]:
    """An entry point ``(record, [stage,] index)`` that answers the JSON rule first."""

    def checked(record: Any, *where: Any) -> Any:
        error = entry(record, *where)
        index = where[-1]
        if json_problem(record, MAX_DEPTH if index is None else MAX_DEPTH - 1):
            return invalid_json_error(index)
        return error

    return checked


def batch_json_problem(records: Any) -> bool:
    """The batch could not reach the API as the JSON it stands for."""
    if issubclass(type(records), list):
        for record in list.__iter__(records):
            if json_problem(record, MAX_DEPTH - 1):
                return True
        return False
    return json_problem(records, MAX_DEPTH)


def batch_answer(records: object, error: IngestError) -> IngestError:
    """The answer for a batch in which ``error`` was found: a JSON problem comes first."""
    return invalid_json_error(None) if batch_json_problem(records) else error


def batch_json_first(check_batch: _Check, *, trusted: bool) -> _Check:
    """``check_batch`` with the JSON rule first; ``trusted``: its ``None`` already implies it.

    A later record's JSON problem beats an earlier record's error, so once an error
    is found the whole batch is looked at (one call per batch, not per record).
    """

    def checked(records: object) -> IngestError | None:
        error = check_batch(records)
        if (error is not None or not trusted) and batch_json_problem(records):
            return invalid_json_error(None)
        return error

    return checked


def errors_json_first(errors: Callable[[object], list[IngestError]]) -> Callable[[object], list[IngestError]]:
    def checked(record: object) -> list[IngestError]:
        if json_problem(record, MAX_DEPTH):
            return [invalid_json_error(None)]  # a record that is not JSON has that one problem
        return errors(record)

    return checked

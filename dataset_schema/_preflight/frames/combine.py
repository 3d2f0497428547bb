"""The mask combiner: one mask per rule, in the API's rule order, gives each row's first error.

Rules, as ``Validator.check`` applies them to a row's record (docs/contract.md):
``timestamp``, ``context``, then each undeclared column in column order (a row
holding a value there has that key), then each declared field in schema order,
missing before invalid.  Column names are exact, distinct str, so the "payload
must be an object" rule (a key that is not a str) never applies to a frame row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Sequence

from ..._errors import IngestError, make_error
from ..._schema import Schema
from .columns import Column, Mask

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Codes = npt.NDArray[np.int32]
else:
    Codes = Any

__all__ = ["Outcome", "Rule", "first_problems"]


class Rule(NamedTuple):
    """One way a row fails: its error and the column whose value it is about (if any)."""

    error: IngestError
    column: str | None


class Outcome(NamedTuple):
    """Each row's first failed rule: ``codes[row]`` indexes ``rules`` (0 is "valid")."""

    codes: Codes
    rules: tuple[Rule | None, ...]


def _rule_masks(schema: Schema, columns: Sequence[Column]) -> list[tuple[Rule, Mask | None]]:
    """(rule, mask of the rows it fails) in rule order; a None mask fails every row."""
    by_name = {column.name: column for column in columns}
    declared = {"timestamp", "context", *schema.fields}
    found: list[tuple[Rule, Mask | None]] = []

    def absent_or_invalid(name: str, kind: str) -> Mask | None:
        column = by_name.get(name)
        return None if column is None else column.null | ~column.valid(kind)

    found.append((Rule(make_error("invalid_timestamp"), "timestamp"), absent_or_invalid("timestamp", "timestamp")))
    found.append((Rule(make_error("context_not_object"), "context"), absent_or_invalid("context", "context")))
    for column in columns:
        if column.name not in declared:
            found.append((Rule(make_error("extra_field", column.name), column.name), ~column.null))
    for name, kind in schema.items():
        held = by_name.get(name)
        found.append((Rule(make_error("missing_field", name), name), None if held is None else held.null))
        if held is not None:
            invalid = ~held.null & ~held.valid(kind)
            found.append((Rule(make_error(f"invalid_{kind}_field", name), name), invalid))
    return found


def first_problems(schema: Schema, columns: Sequence[Column], size: int,
                   judge: Callable[[dict[str, Any]], IngestError | None]) -> Outcome:
    """Every row's first error, as the index of its rule (0 for a valid row).

    Rows a column marks unsure (``Column.unsure``) get ``judge``'s answer on their
    records (``validator.check``), each distinct error becoming a rule of its own.
    """
    import numpy as np

    ruled = _rule_masks(schema, columns)
    codes = np.zeros(size, dtype=np.int32)
    masks = [mask for _, mask in ruled]
    failing: Any = None  # rows some rule fails (None: every row may)
    if size and all(mask is not None for mask in masks):
        failing = np.zeros(size, dtype=bool)
        for mask in masks:
            if mask is not None:
                np.logical_or(failing, mask, out=failing)
        failing = np.flatnonzero(failing)
    # Later rules first, so an earlier rule's code overwrites: the first failure wins.
    # Where the failing rows are known (most frames: a few percent), only they are written.
    found = codes if failing is None else np.zeros(len(failing), dtype=np.int32)
    if failing is None or len(failing):
        for number in range(len(masks), 0, -1):
            mask = masks[number - 1]
            if mask is None:
                found[:] = number
                continue
            if failing is not None:
                mask = mask[failing]
            if mask.any():
                found[mask] = number
    if failing is not None:
        codes[failing] = found
    rules: list[Rule | None] = [None, *(rule for rule, _ in ruled)]
    unsure = [column.unsure for column in columns if column.unsure is not None]
    if unsure:
        _judge_rows(np.flatnonzero(np.logical_or.reduce(unsure)), columns, codes, rules, judge)
    return Outcome(codes, tuple(rules))


def _judge_rows(rows: Any, columns: Sequence[Column], codes: Codes, rules: list[Rule | None],
                judge: Callable[[dict[str, Any]], IngestError | None]) -> None:
    """``judge``'s answer for each of ``rows``, on the record frame_records gives for it."""
    from ..report import problem_column
    from .columns import ABSENT

    names = [column.name for column in columns]
    cells = [column.take(rows) for column in columns]
    numbers: dict[tuple[str, str | None, str], int] = {}
    for position, row in enumerate(rows.tolist()):
        record = {name: values[position] for name, values in zip(names, cells) if values[position] is not ABSENT}
        error = judge(record)
        if error is None:
            codes[row] = 0
            continue
        key = (error.code, error.field, error.message)
        if key not in numbers:
            numbers[key] = len(rules)
            rules.append(Rule(error.with_index(None), problem_column(error)))
        codes[row] = numbers[key]

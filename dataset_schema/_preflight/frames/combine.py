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
from .columns import Column, Mask, settled

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
    """Each row's first failed rule: ``codes[row]`` indexes ``rules`` (0 is "valid").

    ``bad``: the rows whose code is not 0, in order (``np.flatnonzero(codes)``).
    """

    codes: Codes
    rules: tuple[Rule | None, ...]
    bad: Any


# How a rule's mask follows from its column (see _fails): the row ...
_ABSENT_OR_INVALID = 0   # holds no value, or one that is not of the kind (timestamp, context)
_HELD = 1                # holds a value (an undeclared column)
_MISSING = 2             # holds no value (a declared field)
_INVALID = 3             # holds a value that is not of the kind (a declared field)


class _Spec(NamedTuple):
    rule: Rule
    column: Column | None   # None: the frame has no such column, so every row fails
    kind: str | None
    form: int


def _specs(schema: Schema, columns: Sequence[Column]) -> list[_Spec]:
    """Every rule, in rule order, with what its mask is made of."""
    by_name = {column.name: column for column in columns}
    declared = {"timestamp", "context", *schema.fields}
    found = [_Spec(Rule(make_error("invalid_timestamp"), "timestamp"), by_name.get("timestamp"), "timestamp",
                   _ABSENT_OR_INVALID),
             _Spec(Rule(make_error("context_not_object"), "context"), by_name.get("context"), "context",
                   _ABSENT_OR_INVALID)]
    for column in columns:
        if column.name not in declared:
            found.append(_Spec(Rule(make_error("extra_field", column.name), column.name), column, None, _HELD))
    for name, kind in schema.items():
        held = by_name.get(name)
        found.append(_Spec(Rule(make_error("missing_field", name), name), held, None, _MISSING))
        if held is not None:
            found.append(_Spec(Rule(make_error(f"invalid_{kind}_field", name), name), held, kind, _INVALID))
    return found


class _Masks:
    """Each column's null mask and validity masks, made once, whole or for some rows."""

    def __init__(self) -> None:
        self.valid: dict[tuple[int, str], Mask] = {}
        self.rows: Any = None                  # the rows some_null holds the null masks at
        self.some_null: dict[int, Mask] = {}

    def validity(self, column: Column, kind: str) -> Mask:
        key = (id(column), kind)
        if key not in self.valid:
            self.valid[key] = column.valid(kind)
        return self.valid[key]

    def fails(self, spec: _Spec, rows: Any) -> Mask | None:
        """The rows of ``rows`` (None: all) that ``spec`` fails; None when every row does."""
        import numpy as np

        column = spec.column
        if column is None:
            return None
        null: Mask
        if rows is None:
            null = column.null
        else:
            if rows is not self.rows:
                self.rows, self.some_null = rows, {}
            if id(column) not in self.some_null:  # a column's rules share its null mask at these rows
                self.some_null[id(column)] = column.null[rows]
            null = self.some_null[id(column)]
        if spec.form == _HELD:
            return ~null
        if spec.form == _MISSING:
            return null
        assert spec.kind is not None
        known = settled(column.valid, spec.kind)
        if known is None:
            valid = self.validity(column, spec.kind)
            valid = valid if rows is None else valid[rows]
        else:
            valid = np.full(len(null), known, dtype=bool)
        if spec.form == _ABSENT_OR_INVALID:
            return null | ~valid
        return ~null & ~valid

    def passing(self, specs: Sequence[_Spec], size: int) -> Mask | None:
        """Rows no rule fails (one mask, updated in place: no mask per rule); None when
        some rule fails every row (a field with no column, a kind no value can pass).
        """
        import numpy as np

        ok = np.ones(size, dtype=bool)
        for spec in specs:
            column = spec.column
            if column is None:
                return None
            if spec.form == _HELD:
                np.logical_and(ok, column.null, out=ok)
                continue
            if spec.form != _INVALID:  # (an _INVALID rule follows its column's _MISSING rule)
                np.greater(ok, column.null, out=ok)  # ok and not null: these fail a row with no value ...
            if spec.form == _MISSING:
                continue
            assert spec.kind is not None
            known = settled(column.valid, spec.kind)  # ... and a value not of the kind
            if known is False:
                return None
            if known is None:
                np.logical_and(ok, self.validity(column, spec.kind), out=ok)
        return ok


def first_problems(schema: Schema, columns: Sequence[Column], size: int,
                   judge: Callable[[dict[str, Any]], IngestError | None]) -> Outcome:
    """Every row's first error, as the index of its rule (0 for a valid row).

    Rows no rule fails are found first, on one mask updated in place; each rule's mask
    is then made for the other rows only (most frames: a few percent), and written
    from the last rule to the first, so each row keeps its first failed rule.  Rows a
    column marks unsure (``Column.unsure``) get ``judge``'s answer on their records
    (``validator.check``), each distinct error becoming a rule of its own.
    """
    import numpy as np

    specs = _specs(schema, columns)
    masks = _Masks()
    ok = masks.passing(specs, size) if size else np.ones(0, dtype=bool)
    failing: Any = None  # None: every row
    if ok is not None:
        failing = np.flatnonzero(np.logical_not(ok, out=ok))
    codes = np.zeros(size, dtype=np.int32)
    found = codes if failing is None else np.zeros(len(failing), dtype=np.int32)
    if failing is None or len(failing):
        for number in range(len(specs), 0, -1):
            mask = masks.fails(specs[number - 1], failing)
            if mask is None:
                found[:] = number
            elif mask.any():
                found[mask] = number
    if failing is not None:
        codes[failing] = found
    rules: list[Rule | None] = [None, *(spec.rule for spec in specs)]
    unsure = [column.unsure for column in columns if column.unsure is not None]
    if unsure:
        _judge_rows(np.flatnonzero(np.logical_or.reduce(unsure)), columns, codes, rules, judge)
        bad = np.flatnonzero(codes)
    else:
        bad = np.arange(size) if failing is None else failing  # every failing row has a failed rule
    return Outcome(codes, tuple(rules), bad)


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

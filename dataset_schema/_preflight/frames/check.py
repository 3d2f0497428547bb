"""``check_frame``: a Report for every row of a DataFrame, vectorised."""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping

from ..._core.validator import Validator
from ..._errors import IngestError
from ..._schema import Schema
from ..tally import ordered_counts
from ..report import Report, _check_keep, as_validator
from .columns import ABSENT, Column
from .combine import Outcome, first_problems
from .rows import frame_columns
from .tables import FrameRows

__all__ = ["check_frame"]


def check_frame(schema_or_validator: Validator | Schema | Mapping[str, Any], frame: object, *,
                keep: int | None = 20) -> Report:
    """Check every row of a pandas or polars DataFrame, or a pyarrow Table or RecordBatch.

    Each row is judged as the record :func:`frame_records` gives for it, with exactly
    ``validator.check``'s answer; the work is done a column at a time.  ``keep`` bounds
    how many problems the report holds (None: all); the counts cover every row.
    """
    _check_keep(keep)
    validator = as_validator(schema_or_validator)
    kind, columns, size = frame_columns(frame)
    outcome = first_problems(validator.schema, columns, size, validator.check)
    return _report(kind, frame, columns, outcome, keep)


def _report(kind: str, frame: object, columns: list[Column], outcome: Outcome, keep: int | None) -> Report:
    import numpy as np

    codes, rules, bad = outcome
    per_rule = np.bincount(codes[bad], minlength=len(rules)).tolist()  # [0] unused: the valid rows
    counts: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    for rule, count in zip(rules[1:], per_rule[1:]):
        if rule is not None and count:
            counts[rule.error.code] += count
            if rule.column is not None:
                fields[rule.column] += count
    kept_rows = bad if keep is None else bad[:keep]
    problems = [rules[code].error.with_index(row)
                for row, code in zip(kept_rows.tolist(), codes[kept_rows].tolist())]
    values = _values(columns, problems)
    rows = FrameRows(kind, frame, codes, rules)
    return Report(len(codes), len(bad), ordered_counts(counts), problems, keep,
                  fields=dict(fields.most_common()), values=values, rows=rows)


def _values(columns: list[Column], problems: list[IngestError]) -> list[object]:
    """The offending cell of each kept problem, read a column at a time."""
    import numpy as np

    from ..report import problem_column

    by_name = {column.name: column for column in columns}
    values: list[object] = [ABSENT] * len(problems)
    wanted: dict[str, list[int]] = {}
    for position, error in enumerate(problems):
        name = problem_column(error)
        if name in by_name and error.code != "missing_field":
            wanted.setdefault(name, []).append(position)
    for name, positions in wanted.items():
        rows = np.array([problems[p].index for p in positions], dtype=np.intp)
        for position, value in zip(positions, by_name[name].take(rows)):
            values[position] = value
    return values

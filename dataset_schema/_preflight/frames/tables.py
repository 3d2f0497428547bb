"""Rows and problems of a Report as frames of the checked frame's own library."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple, Sequence

from .columns import ABSENT
from .combine import Codes, Rule

if TYPE_CHECKING:
    from ..report import Report

__all__ = ["FrameRows", "problems_frame", "value_text"]

_ADDED = ("code", "field", "message")


def value_text(value: object, limit: int = 80) -> str:
    """A short, printable form of an offending value (its repr, truncated)."""
    if value is ABSENT:
        return "(absent)"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def free_names(taken: Sequence[str], wanted: Sequence[str]) -> list[str]:
    """``wanted`` names, each with ``_`` appended until it is not a column already."""
    names = []
    used = set(taken)
    for name in wanted:
        while name in used:
            name += "_"
        used.add(name)
        names.append(name)
    return names


class FrameRows(NamedTuple):
    """What a Report of ``check_frame`` keeps to give rows back: the frame and each row's rule."""

    kind: str
    frame: Any
    codes: Codes
    rules: tuple[Rule | None, ...]

    def invalid_rows(self) -> Any:
        import numpy as np

        rows = np.flatnonzero(self.codes)
        errors = [self.rules[code].error for code in self.codes[rows].tolist()]
        added = {
            "code": [e.code for e in errors],
            "field": [e.field for e in errors],
            "message": [e.message for e in errors],
        }
        return _with_columns(self.kind, _take(self.kind, self.frame, rows), added)

    def valid_rows(self) -> Any:
        import numpy as np

        return _take(self.kind, self.frame, np.flatnonzero(self.codes == 0))


def _names(kind: str, frame: Any) -> list[str]:
    return list(frame.column_names if kind == "arrow" else frame.columns)


def _take(kind: str, frame: Any, rows: Any) -> Any:
    if kind == "pandas":
        return frame.iloc[rows]
    if kind == "polars":
        return frame[rows.tolist()] if len(rows) else frame.clear()
    import pyarrow as pa

    return frame.take(pa.array(rows, type=pa.int64()))


def _with_columns(kind: str, frame: Any, added: dict[str, list[Any]]) -> Any:
    names = free_names(_names(kind, frame), list(added))
    if kind == "pandas":
        frame = frame.copy()
        for name, values in zip(names, added.values()):
            frame[name] = values
        return frame
    if kind == "polars":
        import polars as pl

        return frame.with_columns([pl.Series(name, values, dtype=pl.String)
                                   for name, values in zip(names, added.values())])
    import pyarrow as pa

    for name, values in zip(names, added.values()):
        frame = frame.append_column(name, pa.array(values, type=pa.string()))
    return frame


def problems_frame(report: Report, kind: str) -> Any:
    """The kept problems, one row each: row, code, field, message, value (as text)."""
    data: dict[str, list[Any]] = {
        "row": [e.index for e in report.problems],
        "code": [e.code for e in report.problems],
        "field": [e.field for e in report.problems],
        "message": [e.message for e in report.problems],
        "value": [value_text(v) for v in report.values] or [None] * len(report.problems),
    }
    if kind == "pandas":
        import pandas as pd

        return pd.DataFrame(data)
    if kind == "polars":
        import polars as pl

        return pl.DataFrame(data, schema={"row": pl.Int64, "code": pl.String, "field": pl.String,
                                          "message": pl.String, "value": pl.String})
    import pyarrow as pa

    return pa.table(data, schema=pa.schema([("row", pa.int64()), ("code", pa.string()), ("field", pa.string()),
                                            ("message", pa.string()), ("value", pa.string())]))

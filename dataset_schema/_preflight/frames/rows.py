"""Which library a frame belongs to, its columns, and ``frame_records``."""

from __future__ import annotations

from typing import Any, Callable, Iterator

from .columns import ABSENT, Column, check_names

__all__ = ["frame_columns", "frame_kind", "frame_records"]


def frame_kind(frame: object) -> str | None:
    """"pandas", "polars" or "arrow" for a frame of a supported library, else None.

    Decided by the type's module, so no frame library is imported to ask.
    """
    kind = type(frame)
    module = kind.__module__.split(".", 1)[0]
    name = kind.__name__
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "polars" and name == "DataFrame":
        return "polars"
    if module == "pyarrow" and name in ("Table", "RecordBatch"):
        return "arrow"
    return None


def _builder(kind: str) -> Callable[[Any, list[str]], list[Column]]:
    if kind == "pandas":
        from .pandas import pandas_columns
        return pandas_columns
    if kind == "polars":
        from .polars import polars_columns
        return polars_columns
    from .arrow import arrow_columns
    return arrow_columns


def frame_columns(frame: object) -> tuple[str, list[Column], int]:
    """The frame's library, its columns and its number of rows; a TypeError for anything else."""
    kind = frame_kind(frame)
    if kind is None:
        raise TypeError(
            "expected a pandas or polars DataFrame, or a pyarrow Table or RecordBatch, "
            f"got {type(frame).__module__}.{type(frame).__qualname__}; "
            "for an iterable of records use check_records(schema, records)")
    names = check_names(list(getattr(frame, "columns") if kind != "arrow" else getattr(frame, "column_names")))
    size = len(frame)  # type: ignore[arg-type]
    return kind, _builder(kind)(frame, names), size


def frame_records(frame: object) -> Iterator[dict[str, Any]]:
    """The record the API receives for each row of ``frame`` (docs/frames.md has the mapping).

    A row's record holds, in column order, each column whose cell has a value;
    a missing value (null, NaN in pandas, NaT, ``pd.NA``) leaves the key out.
    """
    _, columns, size = frame_columns(frame)  # refuses a non-frame now, not at the first row
    return _records(columns, size)


def _records(columns: list[Column], size: int) -> Iterator[dict[str, Any]]:
    if not columns:
        yield from ({} for _ in range(size))
        return
    names = [column.name for column in columns]
    values = [column.take(None) for column in columns]
    for row in zip(*values):
        yield {name: value for name, value in zip(names, row) if value is not ABSENT}

"""polars DataFrames as :class:`Column` objects: a cell is missing where it is null (NaN is a value)."""

from __future__ import annotations

from typing import Any, Callable

from .arrow import PER_SECOND, timestamp_column
from .stamps import timestamp_mask, view_timestamp_mask
from .columns import (ABSENT, Column, Mask, Rows, Tests, arrow_bools, none_cells, object_tests,
                      simple_cells, unsure_cells)

__all__ = ["polars_column", "polars_columns"]



def _arrow_strings(series: Any) -> Any:
    import pyarrow as pa

    array = series.to_arrow()
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = array.cast(pa.large_string())
    return array


def _mask(series: Any) -> Mask:
    """A boolean Series (nulls read as False) as numpy, through its Arrow bitmaps (no copy to bytes in polars)."""
    return arrow_bools(series.to_arrow())


def _values(series: Any, null: Mask) -> Callable[[Rows | None], list[Any]]:
    def take(rows: Rows | None) -> list[Any]:
        part = series if rows is None else series.gather(rows)
        nulls = null if rows is None else null[rows]
        return [ABSENT if gone else value for value, gone in zip(part.to_list(), nulls.tolist())]

    return take


def _timestamps(series: Any) -> Mask:
    """Rows of a String Series that are accepted date-times (null rows: False).

    The native module reads polars' own string views through Arrow without a copy;
    without it the strings are copied to large_string arrays (a few ns a row), a slice
    at a time, for the byte test.
    """
    import polars as pl

    views = series.to_arrow(compat_level=pl.CompatLevel.newest())
    if _string_view(views):
        found = view_timestamp_mask(views, lambda rows: _arrow_strings(series.gather(rows)))
        if found is not None:
            return found
    return timestamp_mask(lambda first, count: _arrow_strings(series.slice(first, count)), len(series))


def _string_view(array: Any) -> bool:
    import pyarrow as pa

    return isinstance(array, pa.Array) and pa.types.is_string_view(array.type)


def _tests(series: Any) -> Callable[[str], Mask] | None:
    """Vectorised validity for the dtypes that have it; None for the Python-valued rest."""
    import polars as pl

    dtype = series.dtype
    size = len(series)
    if dtype == pl.Boolean:
        return Tests(size, ("boolean",))
    if dtype.is_integer():
        return Tests(size, ("number",))
    if dtype in (pl.Float32, pl.Float64):
        return Tests(size, (), {"number": lambda: _mask(series.is_finite())})
    if dtype == pl.String:
        return Tests(size, ("string",), {"timestamp": lambda: _timestamps(series)})
    if isinstance(dtype, pl.Struct):
        return Tests(size, ("context",))
    return None


def polars_column(name: str, series: Any) -> Column:
    """One polars Series as a :class:`Column`, by its dtype."""
    import numpy as np
    import polars as pl

    dtype = series.dtype
    if isinstance(dtype, (pl.Categorical, pl.Enum)):
        return polars_column(name, series.cast(pl.String))  # categories are strings
    if dtype == pl.Object:
        values = series.to_list()
        simple = simple_cells(values)
        if simple is not None:
            return Column(name, simple.null, simple.valid, _values(series, simple.null), simple.unsure)
        types = set(map(type, values))
        null = none_cells(values, types)
        return Column(name, null, object_tests(values, types), _values(series, null), unsure_cells(values, types))
    null = _mask(series.is_null()) if series.null_count() else np.zeros(len(series), dtype=bool)
    if isinstance(dtype, pl.Datetime):
        ints = np.asarray(series.to_physical().fill_null(0).to_numpy(), dtype=np.int64)
        return timestamp_column(name, ints, null, PER_SECOND[dtype.time_unit])
    tests = _tests(series)
    if tests is not None:
        unsure = _struct_unsure(series) if isinstance(dtype, pl.Struct) else None
        return Column(name, null, tests, _values(series, null), unsure)
    values = series.to_list()
    return Column(name, null, object_tests(values), _values(series, null), unsure_cells(values))


def _plain_dtype(dtype: Any) -> bool:
    """A dtype whose values are str, bool, int (64 bits at most) or None: plain JSON values."""
    import polars as pl

    return bool(dtype == pl.String or dtype == pl.Boolean or dtype == pl.Null or dtype.is_integer()
                or isinstance(dtype, (pl.Categorical, pl.Enum)))


def _struct_unsure(series: Any) -> Mask | None:
    """Rows of a struct column (dicts) that are not flat dicts of plain values (see Column.unsure)."""
    import numpy as np
    import polars as pl

    fields = [field for field in series.dtype.fields if not _plain_dtype(field.dtype)]
    if not fields:
        return None
    unsure = np.zeros(len(series), dtype=bool)
    for field in fields:
        values = series.struct.field(field.name)
        if field.dtype in (pl.Float32, pl.Float64):
            unsure |= _mask(~values.is_finite())  # nan and inf; a null field is None
        else:
            unsure |= _mask(values.is_not_null())
    unsure &= ~_mask(series.is_null())
    return unsure if unsure.any() else None


def polars_columns(frame: Any, names: list[str]) -> list[Column]:
    return [polars_column(name, frame.get_column(name)) for name in names]

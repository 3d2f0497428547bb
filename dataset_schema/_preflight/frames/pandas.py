"""pandas DataFrames as :class:`Column` objects.

A cell is missing where ``Series.isna()`` says so (``None``, ``NaN``, ``NaT``,
``pd.NA``), except in Arrow-backed columns, which follow Arrow's nulls (docs/frames.md).
"""

from __future__ import annotations

from typing import Any, Callable

from .arrow import PER_SECOND, arrow_column, timestamp_column
from .columns import (ABSENT, NONE_ONLY, TIMESTAMP_PATTERN, Column, Mask, Rows, Tests, none_cells,
                      object_tests, simple_cells, unsure_cells)

__all__ = ["pandas_column", "pandas_columns"]


def _values(series: Any, null: Mask, convert: Callable[[list[Any]], list[Any]] | None = None) -> Callable[[Rows | None], list[Any]]:
    def take(rows: Rows | None) -> list[Any]:
        part = series if rows is None else series.iloc[rows]
        values = part.tolist() if convert is None else convert(part)
        nulls = null if rows is None else null[rows]
        return [ABSENT if gone else value for value, gone in zip(values, nulls.tolist())]

    return take


def _string_tests(series: Any) -> Tests:
    import numpy as np

    def timestamps() -> Mask:
        # Python storage: pandas runs re.fullmatch per cell, the core's own test.
        matched = series.str.fullmatch(TIMESTAMP_PATTERN)
        return np.asarray(matched.to_numpy(dtype=bool, na_value=False), dtype=bool)

    return Tests(len(series), ("string",), {"timestamp": timestamps})


def _float_tests(series: Any) -> Tests:
    import numpy as np

    def finite() -> Mask:
        if isinstance(series.dtype, np.dtype):  # numpy storage: read in place (a NaN is missing: its row ignored)
            return np.isfinite(series.to_numpy())  # type: ignore[no-any-return]
        return np.isfinite(series.to_numpy(dtype="float64", na_value=0.0))  # type: ignore[no-any-return]

    return Tests(len(series), (), {"number": finite})


def _categorical(name: str, series: Any) -> Column:
    """Each category tested once (as a column of its own dtype); rows follow their code."""
    import numpy as np
    import pandas as pd

    entries = pandas_column(name, pd.Series(series.cat.categories))
    codes = np.asarray(series.cat.codes.to_numpy(), dtype=np.intp)
    null = codes < 0
    picked = np.where(null, 0, codes)

    def valid(kind: str) -> Mask:
        if len(entries.null) == 0:
            return np.zeros(len(codes), dtype=bool)
        return entries.valid(kind)[picked]

    def take(rows: Rows | None) -> list[Any]:
        values = entries.take(None)
        chosen = picked if rows is None else picked[rows]
        nulls = null if rows is None else null[rows]
        return [ABSENT if gone else values[i] for i, gone in zip(chosen.tolist(), nulls.tolist())]

    unsure = None if entries.unsure is None else entries.unsure[picked] & ~null
    return Column(name, null, valid, take, unsure)


def _datetimes(name: str, series: Any) -> Column:
    import numpy as np

    if getattr(series.dtype, "tz", None) is not None:
        series = series.dt.tz_convert(None)  # the same instants, as naive UTC
    values = np.asarray(series.to_numpy())
    unit = np.datetime_data(values.dtype)[0]
    null = np.asarray(series.isna().to_numpy(), dtype=bool)
    return timestamp_column(name, values.view("int64"), null, PER_SECOND[unit])


def pandas_column(name: str, series: Any) -> Column:
    """One pandas Series as a :class:`Column`, by its dtype."""
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    arrow_backed = isinstance(dtype, pd.ArrowDtype) or getattr(dtype, "storage", None) == "pyarrow"
    if arrow_backed and hasattr(series.array, "__arrow_array__"):
        import pyarrow as pa

        return arrow_column(name, pa.array(series.array))
    if isinstance(dtype, pd.CategoricalDtype):
        return _categorical(name, series)
    if isinstance(dtype, pd.DatetimeTZDtype) or (isinstance(dtype, np.dtype) and dtype.kind == "M"):
        return _datetimes(name, series)
    size = len(series)
    kind = getattr(dtype, "kind", "O")
    if kind == "O" and not isinstance(dtype, pd.StringDtype):
        return _objects(name, series)
    null = np.asarray(series.isna().to_numpy(), dtype=bool)
    if isinstance(dtype, pd.StringDtype):
        return Column(name, null, _string_tests(series), _values(series, null))
    if kind == "b":
        return Column(name, null, Tests(size, ("boolean",)), _values(series, null))
    if kind in "iu":
        return Column(name, null, Tests(size, ("number",)), _values(series, null))
    if kind == "f":
        return Column(name, null, _float_tests(series), _values(series, null))
    # Every other dtype: the cells as Python objects, judged by the validator's own type tests.
    values = series.tolist()
    return Column(name, null, object_tests(values), _values(series, null), unsure_cells(values))


def _objects(name: str, series: Any) -> Column:
    """An object column (mixed values, dicts): its cells' types settle it where one type does.

    Missing is ``isna()``; where every cell is of a type ``isna`` reads as missing only
    when it is None (NONE_ONLY), that is the None cells, found without asking pandas.
    """
    import numpy as np

    stored: Any = series.to_numpy()  # the object array pandas holds (read in place by the C pass)
    if not (isinstance(stored, np.ndarray) and stored.dtype == object and stored.ndim == 1):
        stored = series.tolist()
    simple = simple_cells(stored)  # None, str, bool and dict only are isna only when None
    if simple is not None:
        return Column(name, simple.null, simple.valid, _values(series, simple.null), simple.unsure)
    values = series.tolist()
    types = set(map(type, values))
    if types <= NONE_ONLY and len(types) == 2 and type(None) in types:
        # == None is identity for these exact types (their __eq__ does not know None)
        cells: Any = series.to_numpy(dtype=object)
        null = np.asarray(cells == None, dtype=bool)  # noqa: E711
    elif types <= NONE_ONLY:
        null = none_cells(values, types)
    else:
        null = np.asarray(series.isna().to_numpy(), dtype=bool)
    return Column(name, null, object_tests(values, types), _values(series, null), unsure_cells(values, types))


def pandas_columns(frame: Any, names: list[str]) -> list[Column]:
    return [pandas_column(name, frame.iloc[:, position]) for position, name in enumerate(names)]

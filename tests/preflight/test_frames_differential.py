"""check_frame gives, for every row, exactly validator.check's answer on frame_records' record.

Frames of every supported library and dtype are generated (nulls, NaN, mixed object
columns, datetimes with and without a time zone, categoricals, structs, non-ASCII and
hostile column names), and the vectorised answers are compared row by row.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dataset_schema as ds

from ..support.frames import CONTEXTS, INT64, SECONDS, TEXT, frames, nullable, schemas
from ..support.jsonrule import with_json_rule

pa = pytest.importorskip("pyarrow")

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))


def assert_same_answers(schema: dict[str, Any], frame: Any) -> None:
    for validator in (ds.compile(schema), with_json_rule(schema)):
        _assert_same_answers(validator, frame)


def _assert_same_answers(validator: ds.Validator, frame: Any) -> None:
    expected = [validator.check(record) for record in ds.frame_records(frame)]
    report = ds.check_frame(validator, frame, keep=None)
    got: list[Any] = [None] * len(expected)
    for error in report.problems:
        got[error.index] = error
    describe = lambda e: None if e is None else (e.code, e.field, e.message)  # noqa: E731
    assert [describe(e) for e in got] == [describe(e) for e in expected]
    assert report.total == len(expected)
    assert report.invalid == sum(e is not None for e in expected)
    assert ds.check_records(validator, ds.frame_records(frame), keep=None) == report


# Cells of an object column of None, exact str, bool and dict only (date-times, contexts plain or not).
SIMPLE = st.one_of(TEXT, st.booleans(), st.dictionaries(st.text(max_size=2), st.one_of(st.integers(), st.text(max_size=2)),
                                                        max_size=2), CONTEXTS.filter(lambda c: type(c) is dict))


# -- pyarrow ---------------------------------------------------------------------------------

def _arrow(values: st.SearchStrategy[Any], kind: Any) -> Any:
    def draw_column(draw: st.DrawFn, size: int) -> Any:
        cells = draw(st.lists(nullable(values), min_size=size, max_size=size))
        return pa.array(cells, type=kind() if callable(kind) else kind)
    return draw_column


def _dictionary(draw: st.DrawFn, size: int) -> Any:
    cells = draw(st.lists(nullable(TEXT), min_size=size, max_size=size))
    return pa.array(cells, type=pa.string()).dictionary_encode()


ARROW = {
    "bool": _arrow(st.booleans(), pa.bool_()),
    "int64": _arrow(INT64, pa.int64()),
    "int8": _arrow(st.integers(-128, 127), pa.int8()),
    "uint64": _arrow(st.integers(0, 2**64 - 1), pa.uint64()),
    "float64": _arrow(st.floats(), pa.float64()),
    "float32": _arrow(st.floats(width=32), pa.float32()),
    "float16": _arrow(st.sampled_from([0.5, 1.0, float("inf"), float("nan")]).map(lambda f: __import__("numpy").float16(f)), pa.float16()),
    "string": _arrow(TEXT, pa.string()),
    "large_string": _arrow(TEXT, pa.large_string()),
    "string_view": _arrow(TEXT, pa.string_view()),
    "dictionary": _dictionary,
    "ts_s_utc": _arrow(SECONDS, pa.timestamp("s", tz="UTC")),
    "ts_ms_naive": _arrow(SECONDS.map(lambda s: s * 1000 + 7), pa.timestamp("ms")),
    "ts_us_tz": _arrow(SECONDS.map(lambda s: s * 10**6), pa.timestamp("us", tz="Asia/Kolkata")),
    "ts_ns": _arrow(INT64, pa.timestamp("ns", tz="+02:00")),
    "struct": _arrow(st.fixed_dictionaries({"a": st.integers(-3, 3)}), pa.struct([("a", pa.int64())])),
    "struct_plain": _arrow(st.fixed_dictionaries({"s": nullable(TEXT), "i": nullable(INT64), "b": nullable(st.booleans())}),
                           pa.struct([("s", pa.string()), ("i", pa.int64()), ("b", pa.bool_())])),
    "struct_float": _arrow(st.fixed_dictionaries({"f": nullable(st.floats()), "s": st.text(max_size=2)}),
                           pa.struct([("f", pa.float64()), ("s", pa.string())])),
    "struct_nested": _arrow(st.fixed_dictionaries({"n": nullable(st.fixed_dictionaries({"x": st.integers(-3, 3)})),
                                                   "l": nullable(st.lists(nullable(st.floats()), max_size=2))}),
                            pa.struct([("n", pa.struct([("x", pa.int64())])), ("l", pa.list_(pa.float64()))])),
    "struct_odd": _arrow(st.fixed_dictionaries({"t": nullable(st.datetimes()), "d": nullable(st.binary(max_size=2))}),
                         pa.struct([("t", pa.timestamp("us")), ("d", pa.binary())])),
    "map": _arrow(st.lists(st.tuples(st.text(max_size=2), st.integers(-3, 3)), max_size=2),
                  pa.map_(pa.string(), pa.int64())),
    "null": _arrow(st.none(), pa.null()),
    "date32": _arrow(st.dates(), pa.date32()),
    "list": _arrow(st.lists(st.integers(-3, 3), max_size=2), pa.list_(pa.int64())),
    "decimal": _arrow(st.decimals(-10, 10, places=2), pa.decimal128(5, 2)),
    "binary": _arrow(st.binary(max_size=3), pa.binary()),
}


def _arrow_frame(names: list[str], columns: list[Any]) -> Any:
    return pa.Table.from_arrays(columns, names=names) if names else pa.table({})


@st.composite
def arrow_frames(draw: st.DrawFn) -> Any:
    table = draw(frames(ARROW, _arrow_frame))
    shape = draw(st.sampled_from(["table", "batch", "chunks"]))
    if shape == "batch" and table.num_columns:
        return table.combine_chunks().to_batches()[0] if table.num_rows else pa.RecordBatch.from_arrays(
            [c.combine_chunks() for c in table.columns], names=table.column_names)
    if shape == "chunks" and table.num_rows > 1:
        half = table.num_rows // 2
        return pa.concat_tables([table.slice(0, half), table.slice(half)])
    return table


@SETTINGS
@given(schemas(), arrow_frames())
def test_arrow_rows_get_the_validators_answers(schema: dict[str, Any], frame: Any) -> None:
    assert_same_answers(schema, frame)


# -- pandas ----------------------------------------------------------------------------------

def _pandas_specs() -> dict[str, Any]:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    nan = float("nan")
    mixed = st.one_of(
        st.none(), st.just(nan), st.just(pd.NA), st.just(pd.NaT), TEXT, st.integers(), st.floats(),
        st.booleans(), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
        st.lists(st.integers(), max_size=2), st.integers(-5, 5).map(np.int64), st.floats().map(np.float64),
        st.booleans().map(np.bool_), st.just(pd.Timestamp("2026-06-10T10:58:00Z")),
        st.text(max_size=3),  # lone surrogates included: object columns hold any str
    )

    def series(values: st.SearchStrategy[Any], dtype: Any, nulls: bool = True) -> Any:
        def draw_column(draw: st.DrawFn, size: int) -> Any:
            cells = draw(st.lists(nullable(values) if nulls else values, min_size=size, max_size=size))
            return pd.Series(cells, dtype=dtype)
        return draw_column

    def datetimes(unit: str, tz: str | None, scale: int) -> Any:
        def draw_column(draw: st.DrawFn, size: int) -> Any:
            seconds = draw(st.lists(SECONDS if unit == "s" else st.integers(-(9 * 10**9), 9 * 10**9),
                                    min_size=size, max_size=size))
            values = np.array([s * scale for s in seconds], dtype=f"datetime64[{unit}]")
            if size and draw(st.booleans()):
                values[draw(st.integers(0, size - 1))] = np.datetime64("NaT")
            column = pd.Series(values)
            return column.dt.tz_localize("UTC").dt.tz_convert(tz) if tz else column
        return draw_column

    def arrow_backed(values: st.SearchStrategy[Any], kind: Any) -> Any:
        column = _arrow(values, kind)
        return lambda draw, size: pd.Series(column(draw, size), dtype=pd.ArrowDtype(kind))

    return {
        "object": series(mixed, object),
        "context": series(st.dictionaries(st.text(max_size=2), st.integers(), max_size=2), object),
        "context_any": series(CONTEXTS, object),
        "context_plain": series(st.fixed_dictionaries({"source": st.text(max_size=2), "row": INT64}), object),
        # None, exact str, bool and dict only: the native cell_kinds' column (frames/columns.py: simple_cells)
        "object_simple": series(SIMPLE, object),
        "bool": series(st.booleans(), bool, nulls=False),
        "int64": series(INT64, "int64", nulls=False),
        "uint8": series(st.integers(0, 255), "uint8", nulls=False),
        "float64": series(st.floats(), "float64"),
        "float32": series(st.floats(width=32), "float32"),
        "Int64": series(INT64, "Int64"),
        "boolean": series(st.booleans(), "boolean"),
        "Float64": series(st.floats(allow_nan=False), "Float64"),
        "str": series(TEXT, "str"),
        "string_python": series(st.text(max_size=4), pd.StringDtype("python")),
        "string_pyarrow": series(TEXT, pd.StringDtype("pyarrow")),
        "category": series(TEXT, "category"),
        "category_int": series(st.integers(-3, 3), "category"),
        "datetime_ns": datetimes("ns", None, 10**9),
        "datetime_s_wide": datetimes("s", None, 1),
        "datetime_ms_tz": datetimes("ms", "Asia/Kolkata", 1000),
        "datetime_us_utc": datetimes("us", "UTC", 10**6),
        "timedelta": series(st.integers(0, 10**6).map(lambda n: pd.Timedelta(n, "s")), "timedelta64[ns]"),
        "arrow_int": arrow_backed(INT64, pa.int64()),
        "arrow_float": arrow_backed(st.floats(), pa.float64()),
        "arrow_string": arrow_backed(TEXT, pa.string()),
        "arrow_timestamp": arrow_backed(SECONDS, pa.timestamp("s", tz="UTC")),
    }


def _pandas_frame(names: list[str], columns: list[Any]) -> Any:
    import pandas as pd

    return pd.DataFrame({name: column for name, column in zip(names, columns)})


@SETTINGS
@given(schemas(), st.data())
def test_pandas_rows_get_the_validators_answers(schema: dict[str, Any], data: st.DataObject) -> None:
    frame = data.draw(frames(_pandas_specs(), _pandas_frame))
    assert_same_answers(schema, frame)


# -- polars ----------------------------------------------------------------------------------

def _polars_specs() -> dict[str, Any]:
    pl = pytest.importorskip("polars")

    def series(values: st.SearchStrategy[Any], dtype: Any) -> Any:
        def draw_column(draw: st.DrawFn, size: int) -> Any:
            cells = draw(st.lists(nullable(values), min_size=size, max_size=size))
            return pl.Series(values=cells, dtype=dtype)
        return draw_column

    def datetimes(unit: str, tz: str | None) -> Any:
        scale = {"ms": 10**3, "us": 10**6, "ns": 10**9}[unit]
        seconds = SECONDS if unit != "ns" else st.integers(-(9 * 10**9), 9 * 10**9)

        def draw_column(draw: st.DrawFn, size: int) -> Any:
            cells = draw(st.lists(nullable(seconds.map(lambda s: s * scale)), min_size=size, max_size=size))
            return pl.Series(values=cells, dtype=pl.Int64).cast(pl.Datetime(unit, tz))
        return draw_column

    mixed = st.one_of(TEXT, st.integers(), st.floats(), st.booleans(),
                      st.dictionaries(st.text(max_size=2), st.integers(), max_size=2))
    return {
        "bool": series(st.booleans(), pl.Boolean),
        "int64": series(INT64, pl.Int64),
        "int8": series(st.integers(-128, 127), pl.Int8),
        "uint64": series(st.integers(0, 2**64 - 1), pl.UInt64),
        "float64": series(st.floats(), pl.Float64),
        "float32": series(st.floats(width=32), pl.Float32),
        "string": series(TEXT, pl.String),
        "categorical": series(TEXT, pl.Categorical),
        "enum": series(st.sampled_from(["a", "2026-06-10T10:58:00Z"]), pl.Enum(["a", "2026-06-10T10:58:00Z"])),
        "datetime_us": datetimes("us", None),
        "datetime_ms_tz": datetimes("ms", "Asia/Tokyo"),
        "datetime_ns_utc": datetimes("ns", "UTC"),
        "struct": series(st.fixed_dictionaries({"a": st.integers(-3, 3)}), pl.Struct({"a": pl.Int64})),
        "struct_float": series(st.fixed_dictionaries({"f": nullable(st.floats()), "s": nullable(TEXT)}),
                               pl.Struct({"f": pl.Float64, "s": pl.String})),
        "struct_nested": series(st.fixed_dictionaries({"n": nullable(st.fixed_dictionaries({"x": st.floats()})),
                                                       "l": nullable(st.lists(st.integers(-3, 3), max_size=2)),
                                                       "d": nullable(st.dates())}),
                                pl.Struct({"n": pl.Struct({"x": pl.Float64}), "l": pl.List(pl.Int64), "d": pl.Date})),
        "object_contexts": series(CONTEXTS, pl.Object),
        "object_simple": series(SIMPLE, pl.Object),
        "null": series(st.none(), pl.Null),
        "object": series(mixed, pl.Object),
        "date": series(st.dates(), pl.Date),
        "list": series(st.lists(st.integers(-3, 3), max_size=2), pl.List(pl.Int64)),
        "decimal": series(st.decimals(-10, 10, places=2), pl.Decimal(5, 2)),
    }


def _polars_frame(names: list[str], columns: list[Any]) -> Any:
    import polars as pl

    return pl.DataFrame([column.alias(name) for name, column in zip(names, columns)])


@SETTINGS
@given(schemas(), st.data())
def test_polars_rows_get_the_validators_answers(schema: dict[str, Any], data: st.DataObject) -> None:
    frame = data.draw(frames(_polars_specs(), _polars_frame))
    assert_same_answers(schema, frame)

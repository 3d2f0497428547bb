"""pyarrow Tables and RecordBatches as :class:`Column` objects (also used for Arrow-backed pandas columns)."""

from __future__ import annotations

from typing import Any, Callable

from .columns import (ABSENT, Column, Mask, Rows, Tests, arrow_bools, object_tests, timestamp_bounds,
                      timestamp_text, unsure_cells)
from .stamps import arrow_timestamp_mask

__all__ = ["PER_SECOND", "arrow_column", "arrow_columns", "timestamp_column"]

PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _no_rows(size: int) -> Mask:
    import numpy as np

    return np.zeros(size, dtype=bool)


def _tests(array: Any) -> tuple[Callable[[str], Mask], Callable[[list[Any]], list[Any]] | None]:
    """Per-kind validity of a non-dictionary array, and how its Python values are made.

    The second item is None when ``to_pylist`` already gives the mapped values.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    size = len(array)
    if pa.types.is_boolean(kind):
        return Tests(size, ("boolean",)), None
    if pa.types.is_integer(kind):
        return Tests(size, ("number",)), None
    if pa.types.is_float32(kind) or pa.types.is_float64(kind):
        return Tests(size, (), {"number": lambda: arrow_bools(pc.is_finite(array))}), None
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        return Tests(size, ("string",), {"timestamp": lambda: arrow_timestamp_mask(array)}), None
    if pa.types.is_timestamp(kind):
        return _timestamp_tests(array), _timestamp_values(PER_SECOND[kind.unit])
    if pa.types.is_struct(kind):
        return Tests(size, ("context",)), None
    return object_tests(array.to_pylist()), None


def _plain_type(kind: Any) -> bool:
    """An Arrow type whose values are str, bool, int (64 bits at most) or None: plain JSON values."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        return _plain_type(kind.value_type)
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
                or pa.types.is_boolean(kind) or pa.types.is_integer(kind) or pa.types.is_null(kind))


def _unsure(array: Any) -> Mask | None:
    """Rows holding a container other than a flat dict of plain values (see Column.unsure)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    if not pa.types.is_struct(kind):
        if pa.types.is_nested(kind):
            return unsure_cells(array.to_pylist())
        return None
    fields = [position for position in range(kind.num_fields) if not _plain_type(kind.field(position).type)]
    if not fields:
        return None
    unsure = np.zeros(len(array), dtype=bool)
    for position in fields:
        field = kind.field(position)
        values = array.field(position)  # the struct's own offset applied
        if pa.types.is_float32(field.type) or pa.types.is_float64(field.type):
            unsure |= arrow_bools(pc.invert(pc.is_finite(values)))  # nan and inf; a null field is None
        else:
            unsure |= arrow_bools(values.is_valid())
    unsure &= arrow_bools(array.is_valid())
    return unsure if unsure.any() else None


def _timestamp_tests(array: Any) -> Tests:
    import pyarrow as pa
    import pyarrow.compute as pc

    def valid() -> Mask:
        low, high = timestamp_bounds(PER_SECOND[array.type.unit])
        ints = array.cast(pa.int64())
        return arrow_bools(pc.and_(pc.greater_equal(ints, low), pc.less_equal(ints, high)))

    return Tests(len(array), ("string",), {"timestamp": valid})


def _timestamp_values(per_second: int) -> Callable[[list[Any]], list[Any]]:
    return lambda ints: [None if value is None else timestamp_text(value, per_second) for value in ints]


def timestamp_column(name: str, ints: Any, null: Mask, per_second: int) -> Column:
    """A datetime column given as int64 counts of its unit since 1970 (UTC), for pandas and polars."""
    low, high = timestamp_bounds(per_second)

    def in_range() -> Mask:
        return (ints >= low) & (ints <= high)  # type: ignore[no-any-return]

    valid = Tests(len(ints), ("string",), {"timestamp": in_range})

    def take(rows: Rows | None) -> list[Any]:
        part = ints if rows is None else ints[rows]
        nulls = null if rows is None else null[rows]
        return [ABSENT if gone else timestamp_text(value, per_second)
                for value, gone in zip(part.tolist(), nulls.tolist())]

    return Column(name, null, valid, take)


def _plain(array: Any) -> Any:
    """The array as one chunk (a RecordBatch column already is)."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        return array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    return array


def arrow_column(name: str, data: Any) -> Column:
    """One Arrow column (Array or ChunkedArray) as a :class:`Column`."""
    import pyarrow as pa

    array = _plain(data)
    if pa.types.is_string_view(array.type):
        # Neither the regex kernel nor take has a string_view input (pyarrow 26).
        array = array.cast(pa.large_string())
    null = arrow_bools(array.is_null()) if array.null_count else _no_rows(len(array))
    if pa.types.is_dictionary(array.type):
        return _dictionary_column(name, array, null)
    valid, convert = _tests(array)
    unsure = _unsure(array)

    def take(rows: Rows | None) -> list[Any]:
        part = array if rows is None else array.take(pa.array(rows, type=pa.int64()))
        if convert is not None:
            values = convert(part.cast(pa.int64()).to_pylist())
        else:
            values = part.to_pylist()
        nulls = null if rows is None else null[rows]
        return [ABSENT if gone else value for value, gone in zip(values, nulls.tolist())]

    return Column(name, null, valid, take, unsure)


def _dictionary_column(name: str, array: Any, null: Mask) -> Column:
    """A dictionary column: each dictionary entry is tested once, rows follow their index."""
    import numpy as np

    entries = arrow_column(name, array.dictionary)
    indices = np.asarray(array.indices.fill_null(0).to_numpy(zero_copy_only=False), dtype=np.intp)
    if len(entries.null):
        # A row whose entry is null holds no value, though its index is valid.
        null = null | entries.null[indices]

    def valid(kind: str) -> Mask:
        if len(entries.null) == 0:
            return np.zeros(len(indices), dtype=bool)
        return entries.valid(kind)[indices]

    def take(rows: Rows | None) -> list[Any]:
        values = entries.take(None)
        picked = indices if rows is None else indices[rows]
        nulls = null if rows is None else null[rows]
        return [ABSENT if gone else values[i] for i, gone in zip(picked.tolist(), nulls.tolist())]

    unsure = None if entries.unsure is None else entries.unsure[indices] & ~null
    return Column(name, null, valid, take, unsure)


def arrow_columns(frame: Any, names: list[str]) -> list[Column]:
    """Every column of a pyarrow Table or RecordBatch, in order."""
    return [arrow_column(name, frame.column(position)) for position, name in enumerate(names)]

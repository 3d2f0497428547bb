"""Which object cells check_frame asks the validator about (frames/columns.py: unsure_cells).

A cell may be judged without the validator only when no JSON-encoding rule of ``check``
could refuse it: not a container, or an exact dict of str keys and plain JSON scalars.
Both ways of telling (the native ``plain_cells`` where it is built, Python's whole-column
test otherwise) must mark every other container; the differential frame tests then show
the answers equal ``check``'s row by row.
"""

from __future__ import annotations

import math
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")

from dataset_schema._preflight.frames import columns  # noqa: E402


class SubStr(str):
    pass


class SubDict(dict):  # type: ignore[type-arg]
    pass


_SCALARS = st.one_of(st.none(), st.booleans(), st.text(max_size=5), st.floats(), st.integers(-2**70, 2**70))
_KEYS = st.one_of(st.text(max_size=4), st.builds(SubStr, st.text(max_size=3)), st.integers(0, 3))
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=2), st.dictionaries(st.text(max_size=2), _SCALARS, max_size=2),
                    st.just(b"x"), st.just((1,)), st.just({1}))
_CELLS = st.one_of(st.none(), st.dictionaries(_KEYS, _VALUES, max_size=4),
                   st.builds(SubDict, st.dictionaries(st.text(max_size=3), _SCALARS, max_size=2)))


def plain(cell: Any) -> bool:
    """The rule: None, or an exact dict of str keys and exact str, bool, None, finite float, small int values."""
    if cell is None:
        return True
    if type(cell) is not dict:
        return False
    for key, value in cell.items():
        if not isinstance(key, str):
            return False
        kind = type(value)
        if kind is float and not math.isfinite(value):
            return False
        if kind is int and not -2**63 < value < 2**63:
            return False
        if kind not in (str, bool, int, float, type(None)):
            return False
    return True


def both_paths(cells: list[Any]) -> list[Any]:
    masks = [columns.unsure_cells(cells)]
    with mock.patch.object(columns, "native_module", lambda: None):
        masks.append(columns.unsure_cells(cells))
    return [[False] * len(cells) if mask is None else mask.tolist() for mask in masks]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_CELLS, max_size=12))
def test_every_cell_that_is_not_plain_is_asked_of_the_validator(cells: list[Any]) -> None:
    for mask in both_paths(cells):
        assert all(unsure for cell, unsure in zip(cells, mask) if not plain(cell))


def test_plain_columns_need_no_validator() -> None:
    cells = [None, {}, {"source": "web", "n": 3, "x": 1.5, "ok": True, "none": None}, {"source": "api"}]
    assert both_paths(cells) == [[False] * 4, [False] * 4]


def test_a_nested_or_non_finite_context_is_asked() -> None:
    cells = [{"a": {"b": 1}}, {"a": float("nan")}, {"a": 2**64}, {1: "x"}, {"a": [1]}, {"a": "ok"}]
    for mask in both_paths(cells):
        assert mask[:5] == [True] * 5


# -- simple_cells: an object column of None, exact str, bool and dict in one native pass ----------

_SIMPLE = st.one_of(st.none(), st.booleans(), st.text(max_size=4),
                    st.sampled_from(["2026-06-10T10:58:00Z", "2026-02-30T10:00:00Z", "2024-02-29T00:00:00.5+05:30",
                                     "\u0662026-06-10T10:58:00Z", "2026-06-10T10:58:00Z\n", "2026-06-10t10:58:00z"]),
                    st.dictionaries(st.text(max_size=2), _SCALARS, max_size=2), st.just({}))


def _column_facts(cells: list[Any]) -> list[Any]:
    pd = pytest.importorskip("pandas")
    from dataset_schema._preflight.frames.pandas import pandas_column

    column = pandas_column("c", pd.Series(cells, dtype=object))
    present = ~column.null
    return [column.null.tolist(), *[(column.valid(kind) & present).tolist() for kind in columns.KINDS]]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_SIMPLE, max_size=12), st.lists(st.one_of(st.integers(), st.floats(), st.builds(SubStr)), max_size=1))
def test_simple_cells_give_the_general_paths_masks(cells: list[Any], other: list[Any]) -> None:
    cells = cells + other  # another type sends the whole column to the general path
    native = columns.simple_cells(cells)
    if native is None and columns.native_module() is not None:
        assert other, "only a cell of another type refuses the native facts"
    with mock.patch.object(columns, "native_module", lambda: None):
        assert columns.simple_cells(cells) is None
        pure = _column_facts(cells)
    assert _column_facts(cells) == pure
    if native is not None:
        assert native.null.tolist() == [cell is None for cell in cells]
        unsure = [False] * len(cells) if native.unsure is None else native.unsure.tolist()
        assert all(unsure_row for cell, unsure_row in zip(cells, unsure) if type(cell) is dict and not plain(cell))
        assert not any(unsure_row for cell, unsure_row in zip(cells, unsure) if type(cell) is not dict)


def test_simple_cells_ask_the_expression_about_the_str_the_byte_test_leaves() -> None:
    cells = ["\u0662026-06-10T10:58:00Z", "2026-06-10T10:58:00Z", "2026-06-10T10:58:00.123456789012345678901Z", None]
    simple = columns.simple_cells(cells)
    if columns.native_module() is None:  # not built, or DATASET_SCHEMA_PURE: the general path only
        assert simple is None
        return
    assert simple is not None
    assert simple.valid("timestamp").tolist()[:3] == [False, True, True]
    assert simple.valid("string").tolist() == [True, True, True, False]
    assert simple.valid("number").tolist() == [False] * 4
    with pytest.raises(ValueError, match="no such kind"):
        simple.valid("date")


# -- arrow_bools: a boolean Arrow array as numpy, from its bitmaps --------------------------------

@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.none(), st.booleans()), max_size=70), st.data())
def test_arrow_bools_read_nulls_as_false_at_any_offset(cells: list[Any], data: st.DataObject) -> None:
    pa = pytest.importorskip("pyarrow")
    first = data.draw(st.integers(0, len(cells)))
    count = data.draw(st.integers(0, len(cells) - first))
    array = pa.array(cells, type=pa.bool_()).slice(first, count)
    expected = [cell is True for cell in cells[first:first + count]]
    assert columns.arrow_bools(array).tolist() == expected
    halves = pa.chunked_array([array.slice(0, count // 2), array.slice(count // 2)], type=pa.bool_())
    assert columns.arrow_bools(halves).tolist() == expected

"""The native date-time test over a string column's buffers (``_native.timestamp_mask``).

check_frame hands it an Arrow string column's data and offsets; a 1 and a 0 must mean
exactly what the core's regular expression says (check_frame takes both as final), a 2
(``UNREAD``) is a row it could not read, which the caller asks of the expression.  The
optional ``threads`` argument shares the rows between threads and changes no answer.  Skipped where the module was not built, except in CI (``CI`` set), where
a missing module fails.
"""

from __future__ import annotations

import math
from array import array
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dataset_schema.strategies as dss
from dataset_schema._core.timestamp import TIMESTAMP_MATCH

from ..support.native import native_module_or_skip
from ..support.timestamps import INVALID, VALID


native = native_module_or_skip()


def column(values: list[str], wide: bool = False) -> tuple[bytes, array]:
    """(data, offsets) of ``values`` laid end to end, as an Arrow string (or large_string) column."""
    encoded = [value.encode("utf-8", "surrogatepass") for value in values]
    offsets = array("q" if wide else "i", [0])
    for value in encoded:
        offsets.append(offsets[-1] + len(value))
    return b"".join(encoded), offsets


def expected(values: list[str]) -> list[int]:
    return [int(TIMESTAMP_MATCH(value) is not None) for value in values]


def mask(values: list[str], wide: bool = False) -> list[int]:
    return list(native.timestamp_mask(*column(values, wide)))


@pytest.mark.parametrize("wide", [False, True])
def test_the_tables_get_the_grammars_answers(wide: bool) -> None:
    values = [*VALID, *INVALID]
    assert mask(values, wide) == expected(values)


_TEXT = st.one_of(dss.timestamps(), dss.invalid_timestamps(), st.text(max_size=40))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_TEXT, max_size=30), st.booleans())
def test_any_column_gets_the_grammars_answers(values: list[str], wide: bool) -> None:
    # Non-ASCII text is never a date-time; the grammar and the mask agree on it as on the rest.
    assert mask(values, wide) == expected(values)


def test_a_slice_of_the_offsets_reads_its_own_rows() -> None:
    values = ["x", "2026-06-10T10:58:00Z", "2026-02-30T00:00:00Z", "2024-02-29T23:59:59.5+05:30", ""]
    data, offsets = column(values)
    assert list(native.timestamp_mask(data, offsets[1:4])) == expected(values[1:3])


def test_offsets_that_run_backwards_or_past_the_data_read_as_doubts() -> None:
    data, _ = column(["2026-06-10T10:58:00Z"])
    unread = native.UNREAD
    assert list(native.timestamp_mask(data, array("i", [0, 20, 10, 40, -5, 20]))) == [1, unread, unread, unread,
                                                                                      unread]


@pytest.mark.parametrize("offsets", [array("i"), array("h", [0, 1]), array("d", [0.0, 1.0]), memoryview(b"\0" * 8).cast("B")])
def test_offsets_of_another_kind_are_refused(offsets: Any) -> None:
    with pytest.raises(ValueError, match="offsets must be at least one native int32 or int64"):
        native.timestamp_mask(b"", offsets)


def test_arguments_must_be_two_buffers() -> None:
    with pytest.raises(TypeError):
        native.timestamp_mask(b"")
    with pytest.raises(TypeError):
        native.timestamp_mask("text", array("i", [0]))


def test_the_mask_is_a_fresh_writable_bytearray() -> None:
    first = native.timestamp_mask(*column(["2026-06-10T10:58:00Z"]))
    assert type(first) is bytearray and first == bytearray([1])
    first[0] = 0
    assert native.timestamp_mask(*column(["2026-06-10T10:58:00Z"])) == bytearray([1])


# -- cell_kinds: the facts of an object column's cells (frames/columns.py: simple_cells) ----------

class SubStr(str):
    pass


class SubDict(dict):  # type: ignore[type-arg]
    pass


def kinds_expected(cell: Any) -> int:
    """What the byte must be: the exact type's fact, with the date-time and plain-context bits
    as the core's grammar and the fast path's context rule say (both only ever set when sure)."""
    if cell is None:
        return native.CELL_NONE
    if cell is True or cell is False:
        return native.CELL_BOOL
    if type(cell) is str:
        stamp = cell.isascii() and TIMESTAMP_MATCH(cell) is not None
        return native.CELL_STR | (native.CELL_STAMP if stamp else 0)
    if type(cell) is dict:
        return native.CELL_DICT | (native.CELL_PLAIN if native.plain_cells([cell]) == bytearray([1]) else 0)
    return native.CELL_OTHER


_CELLS = st.one_of(
    st.none(), st.booleans(), dss.timestamps(), dss.invalid_timestamps(), st.text(max_size=8),
    st.dictionaries(st.text(max_size=2), st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=2),
                                                   st.lists(st.integers(), max_size=1)), max_size=3),
    st.integers(), st.floats(), st.builds(SubStr, st.text(max_size=3)), st.builds(SubDict), st.just([1]),
    st.just((1,)), st.binary(max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_CELLS, max_size=30))
def test_cell_kinds_tell_each_exact_type_and_nothing_else(cells: list[Any]) -> None:
    assert list(native.cell_kinds(cells)) == [kinds_expected(cell) for cell in cells]


def test_cell_kinds_accept_only_what_the_grammar_and_the_context_rule_accept() -> None:
    cells = [*VALID, *INVALID, "\u0662026-06-10T10:58:00Z", {"a": 1, "b": "x"}, {"a": float("nan")}, {1: "x"},
             {"a": 2**64}, {"a": {"b": 1}}, {}, "2026-06-10T10:58:00Z\n"]
    got = native.cell_kinds(cells)
    for cell, byte in zip(cells, got):
        if byte & native.CELL_STAMP:
            assert TIMESTAMP_MATCH(cell) is not None, cell
        if byte & native.CELL_PLAIN:
            assert all(type(k) is str for k in cell) and all(
                v is None or type(v) in (str, bool) or (type(v) is float and math.isfinite(v))
                or (type(v) is int and -2**63 <= v < 2**63) for v in cell.values()), cell
    assert [bool(byte & native.CELL_STAMP) for byte in got[:len(VALID)]] == [True] * len(VALID)
    assert [bool(byte & native.CELL_PLAIN) for byte in got[-7:]] == [True, False, False, False, False, True, False]


def test_cell_kinds_take_any_sequence_and_refuse_the_rest() -> None:
    assert native.cell_kinds((None, "x")) == bytearray([native.CELL_NONE, native.CELL_STR])
    assert native.cell_kinds([]) == bytearray()
    with pytest.raises(TypeError, match="cell_kinds"):
        native.cell_kinds(3)


# -- the common 20-byte layout through timestamp_mask, and string_view columns (view_timestamp_mask) --

_DIGIT = st.sampled_from("0123456789")
_TWENTY = st.builds(
    lambda y, mo, d, t, h, mi, s, z: f"{y}-{mo}-{d}{t}{h}:{mi}:{s}{z}",
    st.text(_DIGIT, min_size=4, max_size=4), st.sampled_from(["00", "01", "02", "09", "10", "12", "13", "19", "99"]),
    st.sampled_from(["00", "01", "28", "29", "30", "31", "32", "39"]), st.sampled_from("Tt t"),
    st.sampled_from(["00", "09", "19", "23", "24", "29"]), st.sampled_from(["00", "59", "60", "99"]),
    st.sampled_from(["00", "59", "60"]), st.sampled_from("Zz+ "),
)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_TWENTY, st.integers(0, 19), st.integers(0, 255))
def test_twenty_byte_date_times_get_the_grammars_answers(text: str, position: int, byte: int) -> None:
    # The layout itself, then one byte of it replaced by anything (the word tests' carries, the ASCII sets).
    mutated = text.encode()[:position] + bytes([byte]) + text.encode()[position + 1:]
    values = [text, mutated.decode("latin-1")]
    data = text.encode() + mutated
    got = list(native.timestamp_mask(data, array("i", [0, 20, 40])))
    assert got == [int(TIMESTAMP_MATCH(text) is not None),
                   int(mutated.isascii() and TIMESTAMP_MATCH(mutated.decode("ascii")) is not None)], values


def views(values: list[str]) -> tuple[Any, list[Any]]:
    """(views, data buffers) of ``values`` as an Arrow string_view column."""
    pa = pytest.importorskip("pyarrow")
    column = pa.array([value.encode("utf-8", "surrogatepass") for value in values], type=pa.binary_view())
    buffers = column.buffers()
    return buffers[1], [b if b is not None else b"" for b in buffers[2:]]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_TEXT, max_size=30))
def test_string_views_get_the_grammars_answers(values: list[str]) -> None:
    assert list(native.view_timestamp_mask(*views(values))) == expected(values)


def test_views_that_point_outside_their_buffers_read_as_doubts() -> None:
    good, data = views(["2026-06-10T10:58:00Z"])
    row = bytes(good)[:16]
    length, prefix = row[:4], row[4:8]
    bad = [
        length + prefix + (5).to_bytes(4, "little") + (0).to_bytes(4, "little"),    # no buffer 5
        length + prefix + (-1).to_bytes(4, "little", signed=True) + bytes(4),        # negative index
        length + prefix + bytes(4) + (1).to_bytes(4, "little"),                      # runs past the buffer
        length + prefix + bytes(4) + (-3).to_bytes(4, "little", signed=True),        # negative offset
        (-20).to_bytes(4, "little", signed=True) + bytes(12),                        # negative length
        (2**31 - 1).to_bytes(4, "little") + prefix + bytes(8),                       # huge length
    ]
    assert list(native.view_timestamp_mask(row + b"".join(bad), data)) == [1] + [native.UNREAD] * 6


def test_view_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="16 bytes a row"):
        native.view_timestamp_mask(b"\0" * 15, [])
    with pytest.raises(TypeError):
        native.view_timestamp_mask(b"\0" * 16, [3])
    with pytest.raises(TypeError):
        native.view_timestamp_mask(b"\0" * 16)
    assert native.view_timestamp_mask(b"", []) == bytearray()


# -- threads: the rows shared between threads (split_rows), the same answers ----------------------

_CELLS = [None, True, False, "2026-06-10T10:58:00Z", "x", "2026-02-30T00:00:00Z", {}, {"a": 1},
          {"a": 2**70}, {"a": -(2**70)}, {"a": float("nan")}, {"a": [1]}, {1: "a"}, 3, 1.5, [], b"x"]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 7, 1000, 4099])
def test_any_thread_count_gives_the_same_answers(size: int) -> None:
    values = [([*VALID, *INVALID])[row * 7 % (len(VALID) + len(INVALID))] for row in range(size)]
    cells = [_CELLS[row * 5 % len(_CELLS)] for row in range(size)]
    data, offsets = column(values)
    view_rows = views(values)
    alone = (native.timestamp_mask(data, offsets), native.view_timestamp_mask(*view_rows), native.cell_kinds(cells))
    assert list(alone[0]) == expected(values)
    for threads in (1, 2, 3, 8, 1000):
        assert native.timestamp_mask(data, offsets, threads) == alone[0], threads
        assert native.view_timestamp_mask(*view_rows, threads) == alone[1], threads
        assert native.cell_kinds(cells, threads) == alone[2], threads


def test_a_thread_count_below_one_or_not_an_int_is_refused() -> None:
    data, offsets = column(["2026-06-10T10:58:00Z"])
    for call in (lambda t: native.timestamp_mask(data, offsets, t), lambda t: native.view_timestamp_mask(b"", [], t),
                 lambda t: native.cell_kinds([], t)):
        with pytest.raises(ValueError, match="threads must be at least 1"):
            call(0)
        with pytest.raises(TypeError):
            call("2")


def test_cell_kinds_read_a_numpy_object_array_in_place() -> None:
    np = pytest.importorskip("numpy")
    cells = np.array(_CELLS * 3, dtype=object)
    wanted = native.cell_kinds(list(cells))
    assert native.cell_kinds(cells) == wanted
    assert native.cell_kinds(cells, 2) == wanted
    assert native.cell_kinds(cells[::2]) == native.cell_kinds(list(cells[::2]))  # strided: read as a sequence
    assert native.cell_kinds(cells[5:]) == wanted[5:]                            # a view from an offset
    assert native.cell_kinds(np.empty(0, dtype=object)) == bytearray()
    square = np.empty((2, 2), dtype=object)
    assert native.cell_kinds(square) == bytearray([native.CELL_OTHER] * 2)      # rows are arrays: other

    class Sub(np.ndarray):  # type: ignore[type-arg]
        pass

    assert native.cell_kinds(cells.view(Sub)) == wanted                           # as a sequence, same answers
    assert native.cell_kinds(np.array([1.5, 2.0])) == bytearray([native.CELL_OTHER] * 2)  # floats: not object

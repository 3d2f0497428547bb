"""The native date-time test over a string column's buffers (``_native.timestamp_mask``).

check_frame hands it an Arrow string column's data and offsets; a 1 must mean exactly
what the core's regular expression says, a 0 is a doubt the caller settles with the
expression.  Skipped where the module was not built, except in CI (``CI`` set), where
a missing module fails.
"""

from __future__ import annotations

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
    assert list(native.timestamp_mask(data, array("i", [0, 20, 10, 40, -5, 20]))) == [1, 0, 0, 0, 0]


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

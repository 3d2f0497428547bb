"""The byte-level date-time test of check_frame (frames/stamps.py) against the core's grammar.

``accepted`` may only say True where the core's regular expression matches (it is
the fast path; everything else is asked of RE2), and ``arrow_timestamp_mask`` must
be exactly the core's answer, for every layout, hostile byte and array shape
(several chunks, slices with offsets, nulls, large_string).
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset_schema._core.timestamp import TIMESTAMP_MATCH

from ..support.timestamps import INVALID, VALID

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from dataset_schema._preflight.frames import stamps  # noqa: E402
from dataset_schema._preflight.frames.stamps import accepted, arrow_timestamp_mask, byte_test  # noqa: E402

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

# Each case next to the rule it tests; every one of them has a length the byte test reads.
EDGES = [
    "2026-06-10T10:58:00Z", "2026-06-10t10:58:00z", "2026-06-10T10:58:00z", "2026-06-10t10:58:00Z",
    "2026-06-10T10:58:00Z\n", "2026-06-10T10:58:00\n", "\n2026-06-10T10:58:0Z",
    "2026-06-10T23:59:60Z", "2026-06-10T23:60:00Z", "2026-06-10T24:00:00Z", "2026-06-10T20:00:00Z",
    "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
    "0000-02-29T00:00:00Z", "0100-02-29T00:00:00Z", "0400-02-29T00:00:00Z", "0004-02-29T00:00:00Z",
    "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-31T00:00:00Z", "2026-00-01T00:00:00Z",
    "2026-13-01T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z", "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z", "2026-06-10T10:58:00.1Z", "2026-06-10T10:58:00.Z", "2026-06-10T10:58:00.12Z",
    "2026-06-10T10:58:00.123456789Z", "2026-06-10T10:58:00.123456789012345678Z",
    "2026-06-10T10:58:00.1234567890123456789Z", "2026-06-10T10:58:00.1a3Z",
    "2026-06-10T10:58:00+00:00", "2026-06-10T10:58:00-23:59", "2026-06-10T10:58:00+24:00",
    "2026-06-10T10:58:00-24:00", "2026-06-10T10:58:00+23:60", "2026-06-10T10:58:00+01-00",
    "2026-06-10T10:58:00*01:00", "2026-06-10T10:58:00.5+05:30", "2026-06-10T10:58:00.5+05:3Z",
    "2026-06-10T10:58:00+05:30\n", "2026-06-10T10:58:00ZZ", "2026-06-10 10:58:00Z",
    "2026/06/10T10:58:00Z", "2026-06-10T10.58.00Z", "202a-06-10T10:58:00Z", "2026-0:-10T10:58:00Z",
    "2026-06-1:T10:58:00Z", "2026-06-10T1::58:00Z", "2026-06-10T10:5:-00Z", "2026-06-10T10:58:0/Z",
    "\u0662\u0660\u0662\u0666-06-10T10:58:00Z", "2026-06-10T10:58:0\u0663Z", "2026-06-10T10:58:00\uff3a",
    "２０２６-06-10T10:58:00Z", "2026-06-10T10:58:00Ｚ", "2026-06-10\u0130\u0131:58:00Z",
    "2026-06-10T10:58:00\x00", "\x002026-06-10T10:58:00", "", " ", "Z", "2026-06-10T10:58:00.000000Z",
    "-026-06-10T10:58:00Z", "+026-06-10T10:58:00Z", "2026-06-10T10:58:00+0530", "2026-06-10T10:58:00+05:30:00",
]


def expected(values: list[Any]) -> list[bool]:
    return [value is not None and TIMESTAMP_MATCH(value) is not None for value in values]


def check(array: Any, values: list[Any]) -> None:
    """Exact answers with the native byte test (where it is built) and with numpy's."""
    want = expected(values)
    assert arrow_timestamp_mask(array).tolist() == want
    with mock.patch.object(stamps, "native_module", lambda: None):
        assert arrow_timestamp_mask(array).tolist() == want
    for fast in (accepted(array).tolist(), byte_test(array).tolist()):
        # (a null slot's bytes are not a value: the mask drops null rows, not the byte test)
        assert all(w for f, w, v in zip(fast, want, values) if f and v is not None), \
            "the byte test accepted what the grammar refuses"


@pytest.mark.parametrize("kind", ["string", "large_string"])
def test_every_edge_and_table_case(kind: str) -> None:
    values: list[Any] = EDGES + VALID + INVALID + [None]
    check(pa.array(values, type=getattr(pa, kind)()), values)


def test_the_byte_test_decides_the_common_layouts() -> None:
    common = ["2026-06-10T10:58:00Z", "2024-02-29t23:59:59z", "2026-06-10T10:58:00.123Z",
              "2026-06-10T10:58:00+05:30", "2026-06-10T10:58:00.123456-00:00", "0000-02-29T00:00:00Z"]
    assert accepted(pa.array(common)).tolist() == [True] * len(common)


def test_each_day_of_four_hundred_years_and_every_time_of_day() -> None:
    days = np.arange(np.datetime64("1999-12-25"), np.datetime64("2401-01-08"), dtype="datetime64[D]")
    values = [f"{day}T12:00:00Z" for day in days.astype(str)]
    # and the day after each month's last day, which does not exist, in every year kind
    values += [f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z" for year in (0, 100, 400, 1900, 2000, 2023, 2024)
               for month in range(0, 14) for day in (0, 28, 29, 30, 31, 32)]
    values += [f"2026-06-10T{h:02d}:{m:02d}:{s:02d}Z" for h in range(0, 26) for m in (0, 59, 60) for s in (0, 59, 60)]
    check(pa.array(values), values)


def test_shapes_slices_chunks_and_mixed_lengths() -> None:
    values: list[Any] = (["2026-06-10T10:58:00Z", None, "bad", "2026-02-29T00:00:00Z", "2026-06-10T10:58:00.5Z"] * 40
                         + ["2026-06-10T10:58:00Z"] * 70)
    whole = pa.array(values)
    check(whole, values)
    check(whole.slice(3, 150), values[3:153])
    check(whole.slice(201), values[201:])
    check(pa.array(values[200:], type=pa.large_string()).slice(1), values[201:])
    check(pa.array(values[200:]).slice(5, 0), [])
    uniform = ["2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2023-02-28T00:00:00z"] * 5
    check(pa.array(uniform).slice(4), uniform[4:])
    check(pa.array(uniform, type=pa.large_string()).slice(2, 7), uniform[2:9])
    chunked = pa.chunked_array([values[:7], values[7:100], values[100:]])
    check(chunked.combine_chunks(), values)


_MUTANTS = st.sampled_from(list("0123456789-:.+TtZz \n\x00/") + ["\u0663", "\u00e9", "\uff10", "Ｚ", "\U0001d7ce"])


@st.composite
def near_timestamps(draw: st.DrawFn) -> str:
    text = list(draw(st.sampled_from(VALID + EDGES)))
    for _ in range(draw(st.integers(0, 3))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(["set", "insert", "delete"]))
        if action == "set":
            text[at] = draw(_MUTANTS)
        elif action == "insert":
            text.insert(at, draw(_MUTANTS))
        else:
            del text[at]
    return "".join(text)


@SETTINGS
@given(st.lists(st.one_of(st.none(), near_timestamps(), st.text(max_size=30)), max_size=40),
       st.integers(0, 5), st.sampled_from(["string", "large_string"]))
def test_generated_strings_get_the_grammars_answer(values: list[Any], cut: int, kind: str) -> None:
    values = [v for v in values if v is None or not any(0xD800 <= ord(c) <= 0xDFFF for c in v)]  # Arrow: UTF-8
    array = pa.array(values, type=getattr(pa, kind)())
    check(array, values)
    check(array.slice(min(cut, len(values))), values[min(cut, len(values)):])


def test_a_column_read_in_several_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataset_schema._preflight.frames import stamps

    monkeypatch.setattr(stamps, "_PART", 7)
    values: list[Any] = (EDGES + VALID + [None]) * 2
    check(pa.array(values), values)
    check(pa.array(values, type=pa.large_string()).slice(5), values[5:])
    pl = pytest.importorskip("polars")
    import dataset_schema as ds

    frame = pl.DataFrame({"timestamp": pl.Series(values, dtype=pl.String), "context": [{"a": 1}] * len(values)})
    report = ds.check_frame({"fields": {}}, frame, keep=None)
    assert [e.index for e in report.problems] == [row for row, ok in enumerate(expected(values)) if not ok]


def test_null_slots_that_span_bytes() -> None:
    # Arrow lets a null slot's offsets span bytes (other writers than pyarrow's builder do).
    text = ("2026-06-10T10:58:00Z" * 3 + "yesterday" + "2024-02-29T00:00:00Z").encode()
    offsets = np.array([0, 20, 40, 60, 69, 89], dtype=np.int32)
    validity = np.packbits(np.array([1, 0, 1, 1, 1, 0, 0, 0], dtype=np.uint8), bitorder="little")
    array = pa.Array.from_buffers(pa.string(), 5, [pa.py_buffer(validity.tobytes()), pa.py_buffer(offsets.tobytes()),
                                                   pa.py_buffer(text)], null_count=1)
    values = array.to_pylist()
    assert values[1] is None
    check(array, values)
    uniform = pa.Array.from_buffers(pa.string(), 3, [pa.py_buffer(validity.tobytes()),
                                                     pa.py_buffer(offsets[:4].tobytes()), pa.py_buffer(text)],
                                    null_count=1)
    check(uniform, uniform.to_pylist())


def test_rows_the_native_kernel_could_not_read_are_asked_of_the_expression() -> None:
    # The kernel's 0s and 1s are final; a row it marks UNREAD (a malformed array's offsets
    # or views) is gathered and matched by RE2, and null rows read as False whatever it says.
    values: list[Any] = ["2026-06-10T10:58:00Z", "2026-02-30T00:00:00Z", "2024-02-29T00:00:00Z", "bad", None]
    array = pa.array(values)
    codes = np.array([1, 0, 2, 2, 2], dtype=np.uint8)
    asked: list[list[int]] = []

    def strings(rows: Any) -> Any:
        asked.append(rows.tolist())
        return array.take(pa.array(rows, type=pa.int64()))

    assert stamps._settled(codes, array, strings).tolist() == [True, False, True, False, False]
    assert asked == [[2, 3, 4]]
    assert stamps._settled(np.array([1, 0, 1, 0, 1], dtype=np.uint8), array, strings).tolist() == \
        [True, False, True, False, False]
    assert asked == [[2, 3, 4]]  # nothing unread: nothing asked


def test_kernel_threads_two_at_most_and_none_for_small_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataset_schema._preflight.frames import columns

    assert columns.kernel_threads(0) == columns.kernel_threads(columns.THREAD_ROWS - 1) == 1
    monkeypatch.setattr(columns.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 4, 5}, raising=False)
    assert columns.kernel_threads(columns.THREAD_ROWS) == 2
    monkeypatch.setattr(columns.os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert columns.kernel_threads(10**7) == 1
    monkeypatch.delattr(columns.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(columns.os, "cpu_count", lambda: None)
    assert columns.kernel_threads(10**7) == 1


def test_answers_with_the_kernels_on_two_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataset_schema._preflight.frames import columns

    monkeypatch.setattr(columns, "THREAD_ROWS", 1)
    monkeypatch.setattr(columns, "kernel_threads", lambda rows: 2)
    monkeypatch.setattr(stamps, "kernel_threads", lambda rows: 2)
    values: list[Any] = (EDGES + VALID + INVALID + [None]) * 3
    check(pa.array(values), values)
    check(pa.array(values, type=pa.large_string()).slice(7), values[7:])

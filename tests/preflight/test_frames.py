"""check_frame and frame_records: the documented mapping (docs/frames.md), rows back, refusals."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import dataset_schema as ds

from ..support.seed import SEED_SCHEMA, seed_record

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

TS = "2026-06-10T10:58:00Z"


def seed_columns(size: int = 3) -> dict[str, list[Any]]:
    record = seed_record()
    return {key: [value] * size for key, value in record.items()}


def every_library(columns: dict[str, list[Any]]) -> list[Any]:
    table = pa.table(columns)
    return [pd.DataFrame(columns), pl.DataFrame(columns), table, table.to_batches()[0]]


@pytest.mark.parametrize("frame", every_library(seed_columns()), ids=["pandas", "polars", "table", "batch"])
def test_seed_rows_are_the_seed_record(frame: Any) -> None:
    assert list(ds.frame_records(frame)) == [seed_record()] * 3
    report = ds.check_frame(SEED_SCHEMA, frame)
    assert report.ok and report.total == 3 and repr(report) == "<Report: 3 records, 3 valid, 0 invalid>"


def test_missing_values_leave_the_key_out() -> None:
    nan = float("nan")
    frame = pd.DataFrame({"timestamp": [TS, None], "amount": [1.5, nan], "when": pd.to_datetime([None, TS]),
                          "any": pd.array([pd.NA, 1], dtype="Int64")})
    assert list(ds.frame_records(frame)) == [
        {"timestamp": TS, "amount": 1.5},
        {"when": "2026-06-10T10:58:00.000000Z", "any": 1},  # pandas 3 parses to microseconds
    ]
    # In polars and Arrow NaN is a value, not a missing one: the number is sent, and refused.
    for frame in (pl.DataFrame({"amount": [nan, None]}), pa.table({"amount": [nan, None]})):
        rows = list(ds.frame_records(frame))
        assert len(rows) == 2 and rows[1] == {} and rows[0]["amount"] != rows[0]["amount"]


def test_dtypes_map_to_json_types() -> None:
    frame = pa.table({
        "i": pa.array([2**63 - 1], pa.int64()), "u": pa.array([2**64 - 1], pa.uint64()),
        "f": pa.array([0.5], pa.float32()), "b": [True], "s": ["é"],
        "d": pa.array(["x"]).dictionary_encode(), "ctx": [{"a": 1}],
        "naive": pa.array([1_000_123], pa.timestamp("ms")),
        "aware": pa.array([0], pa.timestamp("s", tz="Asia/Kolkata")),
        "ns": pa.array([1], pa.timestamp("ns", tz="UTC")),
    })
    assert list(ds.frame_records(frame)) == [{
        "i": 2**63 - 1, "u": 2**64 - 1, "f": 0.5, "b": True, "s": "é", "d": "x", "ctx": {"a": 1},
        "naive": "1970-01-01T00:16:40.123Z", "aware": "1970-01-01T00:00:00Z",
        "ns": "1970-01-01T00:00:00.000000001Z",
    }]


def test_years_outside_0000_9999_are_refused_timestamps() -> None:
    schema = {"fields": {"at": "timestamp"}}
    seconds = [-62167219200 - 1, -62167219200, 253402300799, 253402300800]
    frame = pa.table({"timestamp": [TS] * 4, "context": [{"a": 1}] * 4,
                      "at": pa.array(seconds, pa.timestamp("s", tz="UTC"))})
    texts = [row["at"] for row in ds.frame_records(frame)]
    assert texts == ["-001-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z"]
    assert [p.index for p in ds.check_frame(schema, frame).problems] == [0, 3]


def test_a_context_of_json_text_is_a_string_not_an_object() -> None:
    frame = pl.DataFrame({"timestamp": [TS, TS], "context": ['{"a": 1}', None]})
    report = ds.check_frame({"fields": {}}, frame)
    assert [(p.index, p.code) for p in report.problems] == [(0, "context_not_object"), (1, "context_not_object")]
    structs = pl.DataFrame({"timestamp": [TS], "context": [{"a": 1}]})
    assert ds.check_frame({"fields": {}}, structs).ok


def test_extra_columns_count_only_where_they_hold_a_value() -> None:
    columns = seed_columns(3)
    columns["note"] = [None, "x", None]
    columns["é"] = [None, None, 1.0]
    for frame in every_library(columns):
        report = ds.check_frame(SEED_SCHEMA, frame)
        assert [(p.index, p.message) for p in report.problems] == [(1, "Extra field: note"), (2, "Extra field: é")]


@pytest.mark.parametrize("make", [
    lambda: pd.DataFrame([[TS, TS]], columns=["timestamp", "timestamp"]),
    lambda: pa.Table.from_arrays([pa.array([1]), pa.array([2])], names=["a", "a"]),
])
def test_duplicate_column_names_are_refused(make: Any) -> None:
    with pytest.raises(ValueError, match="duplicate column names \\['timestamp'\\]|duplicate column names \\['a'\\]"):
        ds.check_frame(SEED_SCHEMA, make())
    with pytest.raises(ValueError):
        ds.frame_records(make())


def test_column_names_must_be_str() -> None:
    with pytest.raises(TypeError, match="column names must be str"):
        ds.check_frame(SEED_SCHEMA, pd.DataFrame({0: [1]}))


@pytest.mark.parametrize("value", [[seed_record()], seed_record(), "text", None, pd.Series([1])])
def test_check_frame_refuses_what_is_not_a_frame(value: Any) -> None:
    with pytest.raises(TypeError, match="expected a pandas or polars DataFrame"):
        ds.check_frame(SEED_SCHEMA, value)


def broken_columns() -> dict[str, list[Any]]:
    columns = seed_columns(5)
    columns["amount"] = [1.0, float("inf"), 2.0, 3.0, 4.0]
    columns["timestamp"] = [TS, TS, "nope", TS, TS]
    columns["country"] = ["RO", "RO", "RO", None, "<b>"]
    return columns


@pytest.mark.parametrize("frame", every_library(broken_columns()), ids=["pandas", "polars", "table", "batch"])
def test_rows_come_back_in_the_frames_library(frame: Any) -> None:
    report = ds.check_frame(SEED_SCHEMA, frame)
    assert report.counts == {"invalid_timestamp": 1, "missing_field": 1, "invalid_number_field": 1}
    assert report.fields == {"amount": 1, "timestamp": 1, "country": 1}
    bad, good = report.invalid_rows(), report.valid_rows()
    assert type(bad).__name__ == type(good).__name__ == type(frame).__name__
    bad_rows = pa.table(bad) if isinstance(bad, pl.DataFrame) else bad
    listed = bad.astype(object).where(bad.notna(), None).to_dict("list") if isinstance(bad, pd.DataFrame) \
        else bad_rows.to_pydict()
    assert listed["code"] == ["invalid_number_field", "invalid_timestamp", "missing_field"]
    assert listed["field"] == ["amount", None, "country"]
    assert listed["message"] == ["Invalid number field: amount", "Invalid or missing timestamp", "Missing field: country"]
    assert len(good) == 2
    problems = report.to_frame()
    assert type(problems).__name__ == type(frame).__name__ or isinstance(frame, pa.RecordBatch)
    assert report.values == (float("inf"), "nope", ds._preflight.frames.columns.ABSENT)


def test_invalid_rows_keep_pandas_labels_and_dodge_name_clashes() -> None:
    columns = broken_columns()
    columns["code"] = ["c"] * 5  # an undeclared column named like one we add
    frame = pd.DataFrame(columns, index=[10, 11, 12, 13, 14])
    bad = ds.check_frame(SEED_SCHEMA, frame).invalid_rows()
    assert bad.index.tolist() == [10, 11, 12, 13, 14]
    assert bad["code"].tolist() == ["c"] * 5 and bad["code_"].tolist() == ["extra_field"] * 2 + ["invalid_timestamp"] + ["extra_field"] * 2


def test_keep_bounds_problems_not_counts() -> None:
    frame = pl.DataFrame({"timestamp": ["x"] * 1000})
    report = ds.check_frame(SEED_SCHEMA, frame, keep=3)
    assert len(report.problems) == 3 and report.counts == {"invalid_timestamp": 1000}
    assert len(ds.check_frame(SEED_SCHEMA, frame, keep=None).problems) == 1000
    assert ds.check_frame(SEED_SCHEMA, frame, keep=0).problems == ()
    with pytest.raises(ValueError, match="keep must be None"):
        ds.check_frame(SEED_SCHEMA, frame, keep=-1)


def test_empty_frames() -> None:
    for frame in (pd.DataFrame(), pl.DataFrame(), pa.table({}), pd.DataFrame(index=range(2))):
        report = ds.check_frame(SEED_SCHEMA, frame)
        assert report.total == len(frame) and report.invalid == len(frame)
        assert list(ds.frame_records(frame)) == [{}] * len(frame)


def test_import_loads_no_frame_library() -> None:
    code = ("import sys, dataset_schema as ds; "
            "print(sorted(m for m in ('pandas', 'polars', 'pyarrow', 'numpy', 'dask', 'pyspark') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names() -> None:
    assert ds.check_frame.__module__ == ds.frame_records.__module__ == "dataset_schema"


# -- contexts a JSON-encoding rule of check would refuse: the validator answers those rows ----

def _counting(validator: Any) -> tuple[Any, list[object]]:
    seen: list[object] = []
    plain = validator.check

    def check(record: object) -> Any:
        seen.append(record)
        return plain(record)

    object.__setattr__(validator, "check", check)
    return validator, seen


def _odd_contexts() -> list[Any]:
    deep: Any = []
    for _ in range(600):
        deep = [deep]
    return [{}, {"a": float("nan")}, {1: "x"}, {"b": b"x"}, {"t": __import__("datetime").datetime(2026, 6, 10)},
            {"s": {1}}, {"u": (1,)}, {"d": deep}, {"big": 10**5000}, {"inf": float("inf")}, {"n": {"x": 1}},
            {"source": "billing", "row": 7}, deep, None]


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_contexts_json_cannot_carry_get_the_validators_answer(library: str) -> None:
    from ..support.jsonrule import with_json_rule

    contexts = _odd_contexts()
    columns = {"timestamp": [TS] * len(contexts), "context": contexts}
    frame = pd.DataFrame(columns) if library == "pandas" else pl.DataFrame(
        {"timestamp": columns["timestamp"], "context": pl.Series(contexts, dtype=pl.Object)})
    for validator in (ds.compile({"fields": {}}), with_json_rule({"fields": {}})):
        expected = [validator.check(record) for record in ds.frame_records(frame)]
        report = ds.check_frame(validator, frame, keep=None)
        got: list[Any] = [None] * len(expected)
        for error in report.problems:
            got[error.index] = error
        assert [e and e.message for e in got] == [e and e.message for e in expected]
    codes = [e and e.code for e in expected]  # the JSON rule's answers, as its model states them
    assert codes == [None] + ["invalid_json"] * 9 + [None, None, "invalid_json", "context_not_object"]


def test_plain_contexts_are_decided_without_the_validator_and_odd_ones_are_not() -> None:
    size = 50
    plain = {"timestamp": [TS] * size, "context": [{"source": "billing", "row": row, "ok": True, "f": 0.5, "n": None}
                                                  for row in range(size)]}
    frames = [pd.DataFrame(plain), pa.table(plain), pl.DataFrame(plain)]
    for frame in frames:
        validator, seen = _counting(ds.compile({"fields": {}}))
        assert ds.check_frame(validator, frame).ok
        assert seen == []
    odd = dict(plain, context=[*plain["context"][:-1], {"source": "billing", "row": 2**70}])
    validator, seen = _counting(ds.compile({"fields": {}}))
    assert ds.check_frame(validator, pd.DataFrame(odd)).ok
    assert seen == [{"timestamp": TS, "context": {"source": "billing", "row": 2**70}}]
    nan = {"timestamp": [TS, TS], "context": [{"f": 0.5}, {"f": float("nan")}]}
    for frame in (pa.table(nan), pl.DataFrame(nan)):
        validator, seen = _counting(ds.compile({"fields": {}}))
        # A NaN in a context has no JSON encoding: the validator's answer refuses it (docs/contract.md).
        assert not ds.check_frame(validator, frame).ok
        assert len(seen) == 1 and seen[0]["context"]["f"] != seen[0]["context"]["f"]  # type: ignore[index]

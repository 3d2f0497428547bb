"""check_frame on each partition of a Dask DataFrame (map_partitions, processes) adds up to one process."""

from __future__ import annotations

from typing import Any

import pytest

import dataset_schema as ds

from ..support.frames import broken_seed_columns
from ..support.seed import SEED_SCHEMA

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")

RECORD_CODES = ["invalid_timestamp", "context_not_object", "extra_field", "missing_field",
                "invalid_string_field", "invalid_number_field", "invalid_boolean_field", "invalid_timestamp_field"]
COLUMNS = ["records", "invalid", *RECORD_CODES]


def summarise(part: Any, validator: ds.Validator) -> Any:
    """The recipe of docs/scale.md: one row of totals per partition."""
    report = ds.check_frame(validator, part, keep=0)
    row = {"records": report.total, "invalid": report.invalid, **{code: report.counts.get(code, 0) for code in RECORD_CODES}}
    return pd.DataFrame([row], columns=COLUMNS)


def test_partitions_add_up_to_one_process() -> None:
    frame = pd.DataFrame(broken_seed_columns(2_000))
    validator = ds.compile(SEED_SCHEMA)
    import dask

    # Dask turns object columns into strings by default: a context of dicts would become
    # their repr (checked below), so the recipe switches that conversion off.
    with dask.config.set({"dataframe.convert-string": False}):
        parts = dd.from_pandas(frame, npartitions=4)
    meta = pd.DataFrame({name: pd.Series(dtype="int64") for name in COLUMNS})
    totals = parts.map_partitions(summarise, validator, meta=meta).sum().compute(scheduler="processes")
    whole = ds.check_frame(validator, frame)
    assert totals["records"] == whole.total == 2_000
    assert totals["invalid"] == whole.invalid == 200
    assert {code: int(totals[code]) for code in RECORD_CODES if totals[code]} == whole.counts
    # Every kind of break is counted, so the sums are not trivially zero.
    assert len(whole.counts) == 6


def test_dasks_string_conversion_would_turn_contexts_into_text() -> None:
    import dask

    frame = pd.DataFrame(broken_seed_columns(20))
    with dask.config.set({"dataframe.convert-string": True}):
        part = dd.from_pandas(frame, npartitions=2).partitions[0].compute()
    assert all(isinstance(value, str) for value in part["context"])
    assert ds.check_frame(SEED_SCHEMA, part).invalid == len(part)

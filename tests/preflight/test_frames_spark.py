"""check_frame on each Arrow batch of a real local Spark session (mapInArrow) adds up to one process.

Starts its own Spark (local[2], Java 17); ``.ci/run`` installs pyspark.  Without
pyspark or java the test skips on a developer's machine and fails in CI (``CI`` set).
"""

from __future__ import annotations

import os
import shutil
from typing import Any, Iterator

import pytest

import dataset_schema as ds

from ..support.frames import broken_seed_columns
from ..support.seed import SEED_SCHEMA


def _require(found: bool, why: str) -> None:
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{why}; CI must run the Spark test (.ci/run installs pyspark)")
        pytest.skip(why)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        SparkSession = None
    _require(SparkSession is not None, "pyspark is not installed")
    _require(shutil.which("java") is not None or "JAVA_HOME" in os.environ, "no java")
    session = (SparkSession.builder.master("local[2]").appName("dataset-schema-frames")  # type: ignore[union-attr]
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.session.timeZone", "UTC").config("spark.driver.memory", "512m")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "500")
               .getOrCreate())
    yield session
    session.stop()


def test_map_in_arrow_totals_equal_one_process(spark: Any) -> None:
    import pyarrow as pa

    validator = ds.compile(SEED_SCHEMA)

    def check_batches(batches: Iterator[Any]) -> Iterator[Any]:
        """The recipe of docs/scale.md: (code, count) rows per Arrow batch."""
        for batch in batches:
            report = ds.check_frame(validator, batch, keep=0)
            counts = {"records": report.total, "invalid": report.invalid, **report.counts}
            yield pa.RecordBatch.from_pydict({"code": list(counts), "n": list(counts.values())},
                                             schema=pa.schema([("code", pa.string()), ("n", pa.int64())]))

    table = pa.table(broken_seed_columns(3_000))
    frame = spark.createDataFrame(table)
    # The few rows per batch are added up here rather than by a Spark shuffle: the test stays short.
    rows = frame.mapInArrow(check_batches, "code string, n long").collect()
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["code"]] = totals.get(row["code"], 0) + row["n"]
    batches = sum(row["code"] == "records" for row in rows)
    assert batches >= 6  # 3,000 rows, at most 500 a batch: checked in pieces
    # One process, on the very batches Spark holds, and on the table it was built from.
    once = ds.check_frame(validator, frame.toArrow())
    assert totals.pop("records") == once.total == 3_000
    assert totals.pop("invalid") == once.invalid == 300
    assert totals == once.counts == ds.check_frame(validator, table).counts
    assert len(once.counts) == 6

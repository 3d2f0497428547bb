"""Validators inside an engine: several NDJSON files checked with dask.bag in processes
give the same counts as the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import pytest

import dataset_schema as ds

from ..support.seed import SEED_SCHEMA, seed_record

db = pytest.importorskip("dask.bag")
dask = pytest.importorskip("dask")

ROOT = Path(__file__).resolve().parents[2]


def check_partition(lines: Iterable[str], validator: ds.Validator) -> list[dict[str, int]]:
    """The recipe of docs/scale.md: one Counter per partition."""
    counts: Counter[str] = Counter()
    for line in lines:
        if not line.strip(" \t\r\n"):
            continue  # blank lines are not records
        counts["records"] += 1
        try:
            validator.parse_record(line)
        except ds.IngestError as error:
            counts["invalid"] += 1
            counts[error.code] += 1
    return [dict(counts)]


def add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return dict(Counter(a) + Counter(b))


def lines_for(seed: int) -> list[str]:
    out = []
    for i in range(400):
        kind = (i * 7 + seed) % 13
        if kind == 1:
            out.append(json.dumps(seed_record(amount=str(i))))
        elif kind == 2:
            out.append("")
        elif kind == 3:
            out.append("{not json")
        elif kind == 4:
            out.append(json.dumps(seed_record(extra=i)))
        elif kind == 5:
            out.append(json.dumps({k: v for k, v in seed_record().items() if k != "context"}))
        else:
            out.append(json.dumps(seed_record(amount=i)))
    return out


def test_dask_bag_counts_match_the_cli(tmp_path: Path) -> None:
    paths = []
    for n in range(4):
        path = tmp_path / f"part-{n}.ndjson"
        path.write_text("\n".join(lines_for(n)) + "\n")
        paths.append(str(path))
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(json.dumps(SEED_SCHEMA))

    validator = ds.compile(SEED_SCHEMA)
    bag = db.read_text(paths, errors="surrogateescape")  # bad UTF-8 stays a bad line
    assert bag.npartitions == 4
    with dask.config.set(scheduler="processes", num_workers=2):
        totals = bag.map_partitions(check_partition, validator).fold(add, initial={}).compute()

    cli = subprocess.run(
        [sys.executable, "-m", "dataset_schema", "check", str(schema_path), *paths, "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    summary: dict[str, Any] = json.loads(cli.stdout.splitlines()[-1])["summary"]
    assert cli.returncode == 1
    records = sum(1 for n in range(4) for line in lines_for(n) if line)
    assert totals.pop("records") == summary["records"] == records
    assert totals.pop("invalid") == summary["invalid"]
    assert totals == summary["codes"]
    assert set(totals) == {"invalid_json", "context_not_object", "extra_field", "invalid_number_field"}

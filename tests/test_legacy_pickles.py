"""Pickles made by release 0.1.0 still load, and new pickles name the public path."""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path
from typing import Any

import pytest

import dataset_schema as ds

BLOBS = Path(__file__).resolve().parent / "data" / "pickles_0_1_0"
SCHEMA = {"fields": {"country": "string", "amount": "number", "active": "boolean", "signup_at": "timestamp"}}


def load(name: str) -> Any:
    return pickle.loads((BLOBS / f"{name}.pickle").read_bytes())


def test_the_blobs_name_the_old_private_modules() -> None:
    # What makes this test worth having: 0.1.0 wrote these paths, which no longer exist as files.
    assert b"dataset_schema._validator" in (BLOBS / "validator.pickle").read_bytes()
    assert b"dataset_schema._registry" in (BLOBS / "registry.pickle").read_bytes()
    assert b"dataset_schema._report" in (BLOBS / "report.pickle").read_bytes()
    assert b"dataset_schema._quota" in (BLOBS / "quota_keys.pickle").read_bytes()


def test_a_0_1_0_validator_loads_and_validates() -> None:
    validator = load("validator")
    assert validator == ds.compile(SCHEMA)
    assert validator.check({"timestamp": "2026-06-10T10:00:00Z", "context": {}}) == ds.IngestError(
        "Missing field: country", "missing_field", 400, "country"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("schema", ds.Schema(SCHEMA["fields"])),
        ("ingest_error", ds.IngestError("Invalid or missing timestamp", "invalid_timestamp", 400)),
        ("ingest_error_quota", ds.IngestError("Dataset quota exceeded", "quota_exceeded", 429, details={"quota": {"limit": 5}})),
        ("quota_keys", ds.quota_keys("u1", datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc))),
    ],
)
def test_0_1_0_values_load_equal(name: str, expected: Any) -> None:
    assert load(name) == expected


def test_0_1_0_errors_keep_every_attribute() -> None:
    error = load("ingest_error_quota")
    assert (error.message, error.code, error.status, error.details) == (
        "Dataset quota exceeded", "quota_exceeded", 429, {"quota": {"limit": 5}}
    )
    assert str(load("schema_error")) == "boom" and isinstance(load("schema_error"), ds.SchemaError)


def test_a_0_1_0_registry_and_report_load() -> None:
    registry = load("registry")
    assert registry.to_dict() == {"p1": {"default": 13, "datasets": {"13": {"fields": {"amount": "number"}}}}}
    report = load("report")
    assert isinstance(report, ds.Report)
    assert report.total == 1 and report.invalid == 1


@pytest.mark.parametrize(
    "value",
    [ds.compile(SCHEMA), ds.Schema(SCHEMA["fields"]), ds.IngestError("x", "invalid_json"), ds.Registry()],
    ids=["validator", "schema", "error", "registry"],
)
def test_new_pickles_name_the_public_path(value: Any) -> None:
    blob = pickle.dumps(value)
    assert b"dataset_schema._" not in blob
    assert pickle.loads(blob) == value

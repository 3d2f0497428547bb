"""The client over real HTTP against the embedding example (docs/examples/ingest_server.py)."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import pytest

import dataset_schema as ds
from dataset_schema.client import DatasetIngestClient, RetryPolicy

from ..support.seed import SEED_BATCH, SEED_SCHEMA, SEED_SINGLE, seed_record

KEY = "YOUR_PROJECT_API_KEY"
NO_RETRY = RetryPolicy(max_attempts=1)


def client(url: str, **options: Any) -> DatasetIngestClient:
    options.setdefault("retry", NO_RETRY)
    return DatasetIngestClient(options.pop("api_key", KEY), base_url=url, **options)


@pytest.mark.parametrize("schema", [None, SEED_SCHEMA])
def test_the_seed_curl_examples_give_the_seed_bodies(example_url: str, example: ModuleType, schema: Any) -> None:
    with client(example_url, dataset_id=13, schema=schema) as c:
        single = c.send(json.loads(SEED_SINGLE), request_id="req_123")
        batch = c.send_batch(json.loads(SEED_BATCH))
    assert (single.status, single.body, single.count, single.request_id) == (
        202, {"success": True, "status": "queued"}, 1, "req_123")
    assert (batch.status, batch.body, batch.count) == (202, {"success": True, "count": 2, "status": "queued"}, 2)
    assert batch.request_id.startswith("req_")
    stored = example.QUEUE[-3:]
    assert stored[0] == {**json.loads(SEED_SINGLE), "__traceId": "req_123"}
    assert [r["__traceId"] for r in stored[1:]] == [batch.request_id] * 2


def test_legacy_endpoints_and_the_dataset_header(example_url: str, example: ModuleType) -> None:
    with client(example_url) as legacy, client(example_url, dataset_id=13, dataset_id_in_header=True) as header:
        assert legacy.send(seed_record()).status == 202
        assert header.send_batch([seed_record()]).count == 1
    # A header naming another dataset than the default reaches the server as one.
    with client(example_url, dataset_id=14, dataset_id_in_header=True) as other:
        with pytest.raises(ds.IngestError) as caught:
            other.send(seed_record())
    assert caught.value.code == "schema_not_found"


def expect(c: DatasetIngestClient, records: Any, error: ds.IngestError, batch: bool = False) -> None:
    with pytest.raises(ds.IngestError) as caught:
        c.send_batch(records) if batch else c.send(records)
    assert caught.value == error and caught.value.status == error.status


def test_every_rejection_comes_back_as_the_servers_error(example_url: str, example: ModuleType) -> None:
    """Without a local schema the server decides; its answer is rebuilt exactly."""
    registry: ds.Registry = example.REGISTRY
    claims = {"projectId": "p_1"}
    cases: list[tuple[dict[str, Any], Any, bool, str]] = [
        ({"api_key": "WRONG"}, seed_record(), False, "/datasets/13"),
        ({"dataset_id": 14}, seed_record(), False, "/datasets/14"),
        ({}, seed_record(amount="42.5"), False, "/datasets/13"),
        ({}, seed_record(extra=1), False, "/datasets/13"),
        ({}, [], True, "/datasets/13/batch"),
        ({}, [seed_record(), seed_record(active=1)], True, "/datasets/13/batch"),
        ({}, {"timestamp": "2026-06-10"}, False, "/datasets/13"),
        ({}, [1], False, "/datasets/13"),
    ]
    for options, records, batch, path in cases:
        options = {"dataset_id": 13, **options}
        wanted_claims = None if options.get("api_key") == "WRONG" else claims
        with pytest.raises(ds.IngestError) as expected:
            registry.ingest(path=path, headers={}, body=json.dumps(records), claims=wanted_claims)
        with client(example_url, **options) as c:
            expect(c, records, expected.value, batch)
    assert expected.value.index is None


def test_a_batch_error_names_its_record_and_field(example_url: str) -> None:
    with client(example_url, dataset_id=13) as c:
        with pytest.raises(ds.IngestError) as caught:
            c.send_batch([seed_record(), seed_record(active=1)])
    error = caught.value
    assert (error.message, error.code, error.status, error.field, error.index) == (
        "Invalid boolean field: active", "invalid_boolean_field", 400, "active", 1)


def test_a_local_schema_refuses_before_the_network(example_url: str, example: ModuleType) -> None:
    before = len(example.QUEUE)
    with client(example_url, dataset_id=13, schema=SEED_SCHEMA) as c:
        with pytest.raises(ds.IngestError) as caught:
            c.send(seed_record(amount="42.5"))
        assert caught.value == ds.compile(SEED_SCHEMA).check(seed_record(amount="42.5"))
        with pytest.raises(ds.IngestError, match="Invalid JSON body"):
            c.send(seed_record(context={"n": float("nan")}))
    assert len(example.QUEUE) == before


def test_the_server_quota_answer_is_not_retried_and_carries_its_figures(example_url: str, example: ModuleType) -> None:
    example.QUOTA.set_limit("u_1", 0)
    try:
        with client(example_url, dataset_id=13, retry=RetryPolicy(backoff=0.01)) as c:
            with pytest.raises(ds.IngestError) as caught:
                c.send_batch([seed_record(), seed_record()])
    finally:
        example.QUOTA.set_limit("u_1", None)
    error = caught.value
    assert (error.code, error.status) == ("quota_exceeded", 429)
    assert error.details is not None and error.details["quota"]["limit"] == 0
    assert error.details["quota"]["requested"] == 2

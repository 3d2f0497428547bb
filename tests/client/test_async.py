"""AsyncDatasetIngestClient on httpx: the same answers, retries and reports as the threaded client."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

import dataset_schema as ds
from dataset_schema.client import AsyncDatasetIngestClient, DeliveryError, Failure, RetryPolicy

from ..support.seed import SEED_BATCH, SEED_SCHEMA, SEED_SINGLE, seed_record
from .conftest import Scripted

FAST = RetryPolicy(max_attempts=3, backoff=0.01, max_backoff=0.02)


def run(coroutine: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coroutine, 60))


def test_the_seed_examples_over_http(example_url: str) -> None:
    async def main() -> tuple[Any, Any, ds.IngestError]:
        async with AsyncDatasetIngestClient("YOUR_PROJECT_API_KEY", dataset_id=13, base_url=example_url) as c:
            single = await c.send(json.loads(SEED_SINGLE))
            batch = await c.send_batch(json.loads(SEED_BATCH))
            with pytest.raises(ds.IngestError) as caught:
                await c.send_batch([seed_record(), seed_record(amount="1")])
            return single, batch, caught.value

    single, batch, error = run(main())
    assert single.body == {"success": True, "status": "queued"}
    assert batch.body == {"success": True, "count": 2, "status": "queued"}
    assert (error.code, error.index, error.field) == ("invalid_number_field", 1, "amount")


def test_retries_keep_one_request_id_and_stop_at_quota(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    quota = {"success": False, "error": "Dataset quota exceeded", "code": "quota_exceeded", "quota": {"limit": 0}}
    server.script = [(503, b"", {}), ("reset",), (202, {"success": True, "status": "queued"}, {}), (429, quota, {})]

    async def main() -> tuple[Any, BaseException]:
        async with AsyncDatasetIngestClient("KEY", dataset_id=13, base_url=url, retry=FAST) as c:
            result = await c.send(seed_record())
            with pytest.raises(ds.IngestError) as caught:
                await c.send(seed_record())
            return result, caught.value

    result, error = run(main())
    ids = [headers["x-request-id"] for _, headers, _ in server.requests]
    assert ids[:3] == [result.request_id] * 3 and len(ids) == 4
    assert isinstance(error, ds.IngestError) and error.details == {"quota": {"limit": 0}}


def test_enqueue_batches_and_reports(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    bad = ds.IngestError("Missing field: region", "missing_field", 400, "region", 2)
    server.script = [(400, bad.body, {})]
    failures: list[Failure] = []

    async def main() -> None:
        c = AsyncDatasetIngestClient("KEY", dataset_id=13, schema=SEED_SCHEMA, base_url=url, retry=FAST,
                                     max_batch_records=5, flush_interval=60, on_error=failures.append)
        with pytest.raises(ds.IngestError):
            c.enqueue(seed_record(amount="x"))
        for n in range(12):
            assert c.enqueue(seed_record(amount=n))
        assert await c.flush(10)
        assert await c.aclose(10)
        with pytest.raises(RuntimeError):
            c.enqueue(seed_record())

    run(main())
    assert [len(json.loads(body)) for _, _, body in server.requests] == [5, 5, 2]
    [failure] = failures
    assert failure.error == bad and failure.record == seed_record(amount=2)
    assert [r["amount"] for r in server.records(accepted_only=True)] == list(range(5, 12))


def test_network_failure_ends_in_a_delivery_error() -> None:
    async def main() -> None:
        async with AsyncDatasetIngestClient("KEY", base_url="http://127.0.0.1:9", retry=FAST) as c:
            await c.send(seed_record())

    with pytest.raises(DeliveryError):
        run(main())

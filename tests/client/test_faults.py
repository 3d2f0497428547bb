"""Retries against a scripted loopback server that injects faults."""

from __future__ import annotations

import time
from typing import Any

import pytest

import dataset_schema as ds
from dataset_schema.client import DatasetIngestClient, DeliveryError, Failure, RetryPolicy

from ..support.seed import SEED_SCHEMA, seed_record
from .conftest import Scripted

FAST = RetryPolicy(max_attempts=4, backoff=0.01, max_backoff=0.05)
QUOTA_BODY = {"success": False, "error": "Dataset quota exceeded", "code": "quota_exceeded",
              "quota": {"limit": 10, "used": 10, "requested": 1, "period": "2026-06"}}
BUSY_BODY = {"success": False, "error": "Too many requests", "code": "rate_limited"}


def client(url: str, **options: Any) -> DatasetIngestClient:
    options.setdefault("retry", FAST)
    return DatasetIngestClient("KEY", dataset_id=13, schema=SEED_SCHEMA, base_url=url, **options)


def test_503_then_202_is_delivered_once_with_one_request_id(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    server.script = [(503, {"whatever": "body"}, {}), (503, b"<html>busy</html>", {})]
    with client(url) as c:
        result = c.send_batch([seed_record()])
    assert result.status == 202 and result.count == 1
    ids = [headers["x-request-id"] for _, headers, _ in server.requests]
    assert len(ids) == 3 and len(set(ids)) == 1 and ids[0] == result.request_id
    assert len({body for _, _, body in server.requests}) == 1  # the same bytes each time


def test_429_with_retry_after_waits_at_least_that_long(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    server.script = [(429, BUSY_BODY, {"Retry-After": "1"})]
    started = time.monotonic()
    with client(url) as c:
        assert c.send(seed_record()).status == 202
    assert time.monotonic() - started >= 1.0
    assert len(server.requests) == 2


def test_429_quota_exceeded_is_not_retried(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    server.script = [(429, QUOTA_BODY, {"Retry-After": "0"})]
    with client(url) as c, pytest.raises(ds.IngestError) as caught:
        c.send(seed_record())
    assert len(server.requests) == 1
    assert caught.value.details == {"quota": QUOTA_BODY["quota"]}


@pytest.mark.parametrize("status", [400, 401, 404])
def test_client_errors_are_not_retried(scripted: tuple[Scripted, str], status: int) -> None:
    server, url = scripted
    server.script = [(status, {"success": False, "error": "Not found", "code": "not_found"}, {})]
    with client(url) as c, pytest.raises(ds.IngestError) as caught:
        c.send(seed_record())
    assert caught.value.status == status and len(server.requests) == 1


def test_a_reset_connection_is_retried(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    server.script = [("reset",), ("reset",)]
    with client(url) as c:
        assert c.send(seed_record()).status == 202
    assert len(server.requests) == 3
    assert len({headers["x-request-id"] for _, headers, _ in server.requests}) == 1


def test_a_slow_answer_past_the_timeout_is_retried(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    server.script = [("slow", 1.0)]
    with client(url, timeout=0.3) as c:
        assert c.send(seed_record()).status == 202
    assert len(server.requests) == 2


def test_attempts_run_out_into_a_delivery_error(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    server.script = [(502, b"bad gateway", {})] * 4
    with client(url) as c, pytest.raises(DeliveryError) as caught:
        c.send(seed_record())
    assert caught.value.status == 502 and len(server.requests) == 4


def test_keep_alive_reuses_one_connection(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    with client(url) as c:
        for _ in range(5):
            c.send(seed_record())
    assert server.connections == 1


def test_a_connection_the_server_closed_is_reopened_without_an_attempt(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    server.script = [("close-after",)]
    with client(url, retry=RetryPolicy(max_attempts=1)) as c:
        c.send(seed_record())
        time.sleep(0.1)  # the server has closed the idle connection by now
        assert c.send(seed_record()).status == 202
    assert len(server.requests) == 2 and server.connections == 2


def test_a_400_with_index_reaches_on_error_with_its_record(scripted: tuple[Scripted, str]) -> None:
    """The server's schema differs from the local one: its answer names the record."""
    server, url = scripted
    error = ds.IngestError("Missing field: region", "missing_field", 400, "region", 1)
    server.script = [(400, error.body, {})]
    failures: list[Failure] = []
    records = [seed_record(amount=n) for n in range(3)]
    with client(url, on_error=failures.append, flush_interval=60) as c:
        for record in records:
            c.enqueue(record)
    assert len(server.requests) == 1
    [failure] = failures
    assert failure.error == error and failure.records == records
    assert failure.record == records[1]
    assert failure.request_id == server.requests[0][1]["x-request-id"]

"""The sans-IO parts: parse_response, the retry decisions, Retry-After, request building."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

import dataset_schema as ds
import dataset_schema.client as client_module
from dataset_schema.client import DeliveryError, RetryPolicy, is_retryable, parse_response, retry_after
from dataset_schema.client._request import Endpoint

from ..support.example_server import ROOT
from ..support.seed import SEED_SCHEMA, seed_record


def every_server_error() -> list[ds.IngestError]:
    errors = [ds._errors.make_error(code, field="amount" if "{field}" in row.template else None)
              for code, row in ds.CATALOGUE.items()]
    errors.append(ds._errors.make_error("invalid_boolean_field", "active", index=3))
    errors.append(ds._errors.make_error("quota_exceeded", details={
        "quota": {"limit": 1000, "used": 999, "requested": 2, "period": "2026-06"}}))
    errors.append(ds.IngestError("Quota store unavailable", "quota_unavailable", 503))
    return errors


@pytest.mark.parametrize("error", every_server_error(), ids=repr)
def test_every_error_body_is_rebuilt_exactly(error: ds.IngestError) -> None:
    parsed = parse_response(error.status, json.dumps(error.body).encode())
    assert isinstance(parsed, ds.IngestError)
    assert parsed == error and parsed.status == error.status and parsed.details == error.details


@pytest.mark.parametrize("status", [200, 202, 204])
def test_success_is_none(status: int) -> None:
    assert parse_response(status, b"not even json") is None


@pytest.mark.parametrize("body", [b"", b"<html>502</html>", b"[1]", b'{"error": 1, "code": "x"}', b"\xff", b"[" * 100_000])
def test_other_answers_are_delivery_errors_with_the_status(body: bytes) -> None:
    parsed = parse_response(502, body)
    assert isinstance(parsed, DeliveryError) and parsed.status == 502


RETRY_TABLE = [
    (ds.IngestError("Bad", "invalid_json", 400), False),
    (ds.IngestError("No", "project_not_found", 401), False),
    (ds.IngestError("No", "not_found", 404), False),
    (ds.IngestError("Quota", "quota_exceeded", 429), False),
    (ds.IngestError("Slow down", "rate_limited", 429), True),
    (ds.IngestError("Timeout", "request_timeout", 408), True),
    (ds.IngestError("Down", "quota_unavailable", 503), True),
    (DeliveryError("HTTP 500", status=500), True),
    (DeliveryError("HTTP 599", status=599), True),
    (DeliveryError("HTTP 413", status=413), False),
    (DeliveryError("request timed out", cause=TimeoutError()), True),
    (ValueError("a bug"), False),
]


@pytest.mark.parametrize(("error", "retried"), RETRY_TABLE, ids=repr)
def test_the_retry_table(error: BaseException, retried: bool) -> None:
    assert is_retryable(error) is retried
    assert (RetryPolicy().delay(1, error) is not None) is retried


def test_backoff_is_capped_exponential_with_jitter_and_retry_after_a_minimum() -> None:
    policy = RetryPolicy(max_attempts=10, backoff=0.5, max_backoff=4.0, max_retry_after=60)
    busy = DeliveryError("x", status=503)
    assert [policy.delay(n, busy, rand=lambda: 1.0) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert policy.delay(3, busy, rand=lambda: 0.0) == 0.0
    assert policy.delay(1, busy, server_wait=7.0, rand=lambda: 1.0) == 7.0
    assert policy.delay(1, busy, server_wait=61.0) is None  # longer than we hold a batch
    assert policy.delay(10, busy) is None


def test_retry_after_reads_seconds_and_dates() -> None:
    now = datetime(2026, 6, 10, 10, 0, tzinfo=timezone.utc)
    assert retry_after({"retry-after": "120"}) == 120.0
    assert retry_after({"retry-after": format_datetime(now + timedelta(seconds=30), usegmt=True)}, now) == 30.0
    assert retry_after({"retry-after": format_datetime(now - timedelta(seconds=30), usegmt=True)}, now) == 0.0
    for value in ("", "soon", "-1", "1.5", "١٢"):
        assert retry_after({"retry-after": value}, now) is None
    assert retry_after(None) is None


def test_request_paths_and_headers() -> None:
    assert Endpoint("https://x.test", "K", None, False).path(True) == "/datasets/batch"
    assert Endpoint("https://x.test/api/", "K", "13", False).path(False) == "/api/datasets/13"
    header = Endpoint("https://x.test", "K", 13, True)
    request = header.request(b"{}", batch=True, count=1, request_id="req_1")
    assert request.path == "/datasets/batch"
    assert dict(request.headers)["X-Loguro-Dataset-Id"] == "13"
    assert dict(request.headers)["Authorization"] == "Bearer K"
    assert dict(request.headers)["X-Request-Id"] == "req_1"


@pytest.mark.parametrize("options", [
    {"dataset_id": 0}, {"dataset_id": "013"}, {"dataset_id": -1}, {"dataset_id": "１３"}, {"dataset_id": 1.5},
    {"base_url": "ftp://x"}, {"base_url": "ingest.logu.ro"}, {"timeout": 0}, {"max_batch_records": 0},
    {"queue_full": "wait"}, {"api_key": ""}, {"api_key": "a\r\nX-Evil: 1"},
])
def test_bad_options_are_clear_errors(options: dict[str, object]) -> None:
    api_key = options.pop("api_key", "KEY")
    with pytest.raises(ValueError):
        client_module.DatasetIngestClient(api_key, **options)  # type: ignore[arg-type]


def test_public_names_report_the_public_module() -> None:
    for name in client_module.__all__:
        value = getattr(client_module, name)
        if callable(value):
            assert value.__module__ == "dataset_schema.client", name


def test_importing_the_client_imports_no_third_party_module() -> None:
    code = ("import sys, dataset_schema.client, dataset_schema;"
            "print(sorted(m for m in ('httpx', 'hypothesis', 'numpy', 'pandas', 'redis') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT)}).stdout
    assert out.strip() == "[]"
    code = "import sys, dataset_schema; print('dataset_schema.client' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT)}).stdout
    assert out.strip() == "False"  # the core never imports the client


def test_send_without_a_schema_still_refuses_what_is_not_json() -> None:
    local = client_module.LocalTransport(ds.Registry.from_dict({"p": {"default": 1, "datasets": {"1": SEED_SCHEMA}}}),
                                         claims={"projectId": "p"})
    c = client_module.DatasetIngestClient("KEY", transport=local)
    for bad in (seed_record(amount=float("nan")), seed_record(context={"at": datetime.now()}), {1j: 1}):
        with pytest.raises(ds.IngestError, match="Invalid JSON body"):
            c.send(bad)
    assert local.requests == 0

"""Shared fixtures: the seed's schema and a valid record for it."""

from __future__ import annotations

import os
import threading
from typing import Any, Callable, TypeVar

import pytest
from hypothesis import HealthCheck, settings

import dataset_schema as ds

# Enough examples to find contract slips, few enough to keep CI in seconds.
# HYPOTHESIS_PROFILE=long runs many more (see docs/testing.md).
settings.register_profile("default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SEED_SCHEMA: dict[str, Any] = {
    "fields": {
        "country": "string",
        "plan": "string",
        "amount": "number",
        "active": "boolean",
        "signup_at": "timestamp",
    }
}


def seed_record(**changes: Any) -> dict[str, Any]:
    """The seed's single-record example, with ``changes`` applied."""
    record: dict[str, Any] = {
        "timestamp": "2026-06-10T10:58:00Z",
        "context": {"source": "billing-service", "request_id": "req_123"},
        "country": "RO",
        "plan": "pro",
        "amount": 42.5,
        "active": True,
        "signup_at": "2026-06-01T08:00:00Z",
    }
    record.update(changes)
    return record


@pytest.fixture(scope="session")
def seed_validator() -> ds.Validator:
    return ds.compile(SEED_SCHEMA)


T = TypeVar("T")


def concurrently(threads: int, work: Callable[[], T]) -> list[T]:
    """Run ``work`` on ``threads`` threads released together; their results."""
    start = threading.Barrier(threads)
    results: list[T] = []
    guard = threading.Lock()

    def run() -> None:
        start.wait()
        result = work()
        with guard:
            results.append(result)

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results

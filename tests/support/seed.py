"""The seed's schema, record and curl bodies, and a thread harness: shared by tests in every room."""

from __future__ import annotations

import threading
from typing import Any, Callable, TypeVar

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


# The seed's two curl examples, byte for byte.
SEED_SINGLE = b"""{
    "timestamp": "2026-06-10T10:58:00Z",
    "context": {
      "source": "billing-service",
      "request_id": "req_123"
    },
    "country": "RO",
    "plan": "pro",
    "amount": 42.5,
    "active": true,
    "signup_at": "2026-06-01T08:00:00Z"
  }"""

SEED_BATCH = b"""[
    {
      "timestamp": "2026-06-10T11:00:00Z",
      "context": { "source": "billing-service" },
      "country": "RO",
      "plan": "pro",
      "amount": 20,
      "active": true,
      "signup_at": "2026-06-01T08:00:00Z"
    },
    {
      "timestamp": "2026-06-10T11:01:00Z",
      "context": { "source": "billing-service" },
      "country": "US",
      "plan": "free",
      "amount": 5,
      "active": false,
      "signup_at": "2026-06-02T08:00:00Z"
    }
  ]"""

SEED_HEADERS = {
    "Authorization": "Bearer YOUR_PROJECT_API_KEY",
    "Content-Type": "application/json",
}


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

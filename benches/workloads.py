"""The benchmark inputs: the seed schema, its records and bodies, wide schemas.

Deterministic (a fixed random seed), so two runs time the same data.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

SEED_SCHEMA = {
    "fields": {
        "country": "string",
        "plan": "string",
        "amount": "number",
        "active": "boolean",
        "signup_at": "timestamp",
    }
}

VALID_RECORD: dict[str, Any] = {
    "timestamp": "2026-06-10T10:00:00Z",
    "context": {"source": "web", "ip": "203.0.113.7", "userAgent": "Mozilla/5.0 (X11; Linux x86_64)"},
    "country": "US",
    "plan": "pro",
    "amount": 12.5,
    "active": True,
    "signup_at": "2025-11-02T08:15:30.250+01:00",
}


def invalid_records() -> dict[str, Any]:
    """One record per record-level error code, each failing on that rule only."""
    base = VALID_RECORD
    without_plan = {key: value for key, value in base.items() if key != "plan"}
    return {
        "payload_not_object": [base],
        "invalid_timestamp": {**base, "timestamp": "2026-06-10 10:00:00"},
        "context_not_object": {**base, "context": "web"},
        "extra_field": {**base, "coupon": "SPRING"},
        "missing_field": without_plan,
        "invalid_string_field": {**base, "country": 840},
        "invalid_number_field": {**base, "amount": "12.5"},
        "invalid_boolean_field": {**base, "active": 1},
        "invalid_timestamp_field": {**base, "signup_at": "2025-02-29T08:15:30Z"},
    }


_COUNTRIES = ("US", "DE", "FR", "JP", "BR", "IN", "GB", "CA", "AU", "ES")
_PLANS = ("free", "starter", "pro", "enterprise")


def _timestamp(rng: random.Random) -> str:
    fraction = rng.choice(("", ".5", ".123", ".123456"))
    offset = rng.choice(("Z", "z", "+00:00", "+05:30", "-08:00"))
    return (
        f"{rng.randint(1990, 2030):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}{fraction}{offset}"
    )


def varied_records(count: int = 1000, seed: int = 3) -> list[dict[str, Any]]:
    """``count`` valid, varied records of the seed schema (ints and floats, offsets, fractions)."""
    rng = random.Random(seed)
    records = []
    for _ in range(count):
        amount: float | int = rng.choice((rng.randint(0, 10_000), round(rng.uniform(0, 1000), 2)))
        records.append({
            "timestamp": _timestamp(rng),
            "context": {"source": rng.choice(("web", "ios", "android")), "ip": f"198.51.100.{rng.randint(1, 254)}"},
            "country": rng.choice(_COUNTRIES),
            "plan": rng.choice(_PLANS),
            "amount": amount,
            "active": rng.random() < 0.5,
            "signup_at": _timestamp(rng),
        })
    return records


def record_body() -> bytes:
    """One record as a raw request body, about 250 bytes."""
    return json.dumps(VALID_RECORD).encode()


def batch_body(records: list[dict[str, Any]]) -> bytes:
    return json.dumps(records).encode()


_WIDE_KINDS = ("string", "number", "boolean", "timestamp")


def wide_schema(count: int) -> dict[str, Any]:
    """``count`` fields cycling through the four types."""
    return {"fields": {f"field_{i}": _WIDE_KINDS[i % 4] for i in range(count)}}


def wide_record(count: int) -> dict[str, Any]:
    values = ("text", 4.25, True, "2026-06-10T10:00:00.5+02:00")
    record: dict[str, Any] = {"timestamp": "2026-06-10T10:00:00Z", "context": {}}
    record.update({f"field_{i}": values[i % 4] for i in range(count)})
    return record


W6_SCHEMA = {"fields": {f"t{i}": "timestamp" for i in range(10)}}


def w6_record() -> dict[str, Any]:
    rng = random.Random(6)
    record: dict[str, Any] = {"timestamp": "2026-06-10T10:00:00Z", "context": {}}
    record.update({f"t{i}": _timestamp(rng) for i in range(10)})
    return record


def compile_pure(schema: Any) -> Any:
    """A validator without accelerators (DATASET_SCHEMA_PURE=1 while it is compiled), for every bench."""
    import dataset_schema as ds

    before = os.environ.get("DATASET_SCHEMA_PURE")
    os.environ["DATASET_SCHEMA_PURE"] = "1"
    try:
        return ds.compile(schema)
    finally:
        if before is None:
            del os.environ["DATASET_SCHEMA_PURE"]
        else:
            os.environ["DATASET_SCHEMA_PURE"] = before

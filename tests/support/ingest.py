"""The registry, bodies and helpers the ingest request tests share (route, registry, request)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

import dataset_schema as ds

from .seed import SEED_SCHEMA, SEED_SINGLE

UTC = timezone.utc
JUNE = datetime(2026, 6, 10, 10, 58, tzinfo=UTC)

OTHER_SCHEMA = {"fields": {"note": "string"}}
NOTE = b'{"timestamp": "2026-06-10T10:00:00Z", "context": {}, "note": "hi"}'
NOTES = b"[" + NOTE + b"," + NOTE + b"," + NOTE + b"]"

P1 = {"projectId": "p_1", "userId": "u_1"}


def make_registry() -> ds.Registry:
    registry = ds.Registry()
    registry.add(project_id="p_1", dataset_id=13, schema=SEED_SCHEMA, default=True)
    registry.add(project_id="p_1", dataset_id=20, schema=OTHER_SCHEMA)
    registry.add(project_id="p_1", dataset_id=2**53 - 1, schema=OTHER_SCHEMA)
    registry.add(project_id="p_2", dataset_id=14, schema=OTHER_SCHEMA, default=True)
    # p_2 also has a dataset 13, with another schema: ids are per project.
    registry.add(project_id="p_2", dataset_id=13, schema=OTHER_SCHEMA)
    registry.add(project_id="p_3", dataset_id=30, schema=OTHER_SCHEMA)  # no default
    return registry


def rejected(reg: ds.Registry, **request: Any) -> ds.IngestError:
    request.setdefault("path", "/datasets/13")
    request.setdefault("body", SEED_SINGLE)
    request.setdefault("claims", P1)
    with pytest.raises(ds.IngestError) as info:
        reg.ingest(**request)
    return info.value


def answer(code: str, **extra: Any) -> dict[str, Any]:
    """The exact body the API sends for a request-level rejection."""
    row = ds.CATALOGUE[code]
    return {"success": False, "error": row.template, "code": code, **extra}

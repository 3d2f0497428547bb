"""The registry fixture the ingest request tests share (a fresh one per test)."""

from __future__ import annotations

import pytest

import dataset_schema as ds

from ..support.ingest import make_registry


@pytest.fixture
def reg() -> ds.Registry:
    return make_registry()

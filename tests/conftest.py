"""Hypothesis profiles and the shared validator fixture; shared data lives in tests/support/."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import dataset_schema as ds

from .support.seed import SEED_SCHEMA

# Enough examples to find contract slips, few enough to keep CI in seconds.
# HYPOTHESIS_PROFILE=long runs many more (see docs/testing.md).
settings.register_profile("default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def seed_validator() -> ds.Validator:
    return ds.compile(SEED_SCHEMA)

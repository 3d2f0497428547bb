"""The native module for the test files that test it: skipped where it is not built, except in CI."""

from __future__ import annotations

import importlib
import os
from typing import Any

import pytest


def native_module_or_skip() -> Any:
    """``dataset_schema._core.accel._native``; skips the calling test module where it was not
    built (no compiler), and fails in CI (``CI`` set), where .ci/run builds it."""
    try:
        return importlib.import_module("dataset_schema._core.accel._native")
    except ImportError as error:
        if os.environ.get("CI"):
            pytest.fail(f"the native module is not built ({error}); CI must build it (.ci/run: pip install -e .)")
        pytest.skip(f"the native module is not built here: {error}", allow_module_level=True)

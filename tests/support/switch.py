"""Validators compiled with the accelerators' switch (``DATASET_SCHEMA_PURE``) set or
cleared for that one compile, whatever this run's environment says."""

from __future__ import annotations

import os
from typing import Any

import dataset_schema as ds
from dataset_schema._core.accel import PURE_SWITCH


def compile_switched(schema: Any, *, pure: bool) -> ds.Validator:
    """``ds.compile(schema)`` with every accelerator off (``pure``) or each one that is there."""
    saved = os.environ.pop(PURE_SWITCH, None)
    if pure:
        os.environ[PURE_SWITCH] = "1"
    try:
        return ds.compile(schema)
    finally:
        os.environ.pop(PURE_SWITCH, None)
        if saved is not None:
            os.environ[PURE_SWITCH] = saved

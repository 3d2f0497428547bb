"""The embedding example, docs/examples/ingest_server.py, loaded as a module for the tests that serve it."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "ingest_server.py"

_loads = itertools.count()


def load_example() -> ModuleType:
    """A fresh module of the example (its own registry and handler classes) under a unique name."""
    spec = importlib.util.spec_from_file_location(f"ingest_server_example_{next(_loads)}", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

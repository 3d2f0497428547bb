"""A dependency-free ES module per schema that answers records exactly as the validator does.

The module is the schema's data, written as escaped literals (``literals.py``), followed
by one fixed runtime (``validator.js`` beside this file) that reads it.  Like the Python
fast path, no field name is ever part of the code: names are array elements, looked up
in a ``Set`` and with ``Object.hasOwn``, so ``__proto__`` or ``constructor`` are names
like any other.  docs/interop.md says what it guarantees; tests/export/test_node.py
proves it in Node.
"""

from __future__ import annotations

from importlib import resources

from .._errors import CATALOGUE
from .._schema import Schema
from .grammar import ECMA_TIMESTAMP_PATTERN, MAX_DEPTH
from .literals import js_string

__all__ = ["module_source", "runtime_source"]

_DATA_MARKER = "// @@DATA@@\n"


def runtime_source() -> str:
    """The runtime every generated module ends with."""
    text = resources.files(__package__).joinpath("validator.js").read_text("utf-8")
    if text.count(_DATA_MARKER) != 1:  # pragma: no cover - guards an edit of the template
        raise RuntimeError("validator.js must hold the data marker exactly once")
    return text


def _data(schema: Schema) -> str:
    fields = ",\n".join(f"  [{js_string(name)}, {js_string(kind)}]" for name, kind in schema.items())
    catalogue = ",\n".join(
        f"  [{js_string(row.code)}, [{js_string(row.template)}, {row.status}]]" for row in CATALOGUE.values()
    )
    return (
        f"const FIELDS = [\n{fields}\n];\n"
        f"const CATALOGUE = new Map([\n{catalogue}\n]);\n"
        f"const TIMESTAMP = new RegExp({js_string(ECMA_TIMESTAMP_PATTERN)});\n"
        f"const MAX_DEPTH = {MAX_DEPTH};\n"
    )


def module_source(schema: Schema) -> str:
    """The ES module's text for ``schema``."""
    return runtime_source().replace(_DATA_MARKER, _data(schema))

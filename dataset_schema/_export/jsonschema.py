"""JSON Schema 2020-12 documents for one record and one batch of a schema.

Exact wherever JSON Schema can say it (docs/interop.md lists what it cannot): the
required keys, no other keys, each field's type, the timestamp grammar (calendar
included) as a pattern, and finite numbers as exclusive bounds at the overflow
threshold.  The original definition rides along under ``x-dataset-schema``.
"""

from __future__ import annotations

from typing import Any

from .._schema import Schema
from .grammar import ECMA_TIMESTAMP_PATTERN, INT_LIMIT

__all__ = ["DIALECT", "EXTENSION_KEY", "batch_schema", "definitions", "record_body", "record_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The key under which the original ``{"fields": ...}`` definition is kept.
EXTENSION_KEY = "x-dataset-schema"


def definitions() -> dict[str, Any]:
    """The shared subschemas: ``timestamp`` and ``number``."""
    return {
        "timestamp": {
            "type": "string",
            "pattern": ECMA_TIMESTAMP_PATTERN,
            "description": "RFC 3339 date-time, narrowed: ASCII digits, a real Gregorian date "
                           "(years 0000-9999), no leap second, an offset or Z (docs/contract.md).",
        },
        "number": {
            "type": "number",
            # The exact overflow threshold, as an integer literal: a JSON parser that
            # reads it as a float64 gets Infinity, which still excludes only +-Infinity.
            "exclusiveMinimum": -INT_LIMIT,
            "exclusiveMaximum": INT_LIMIT,
            "description": "A finite number (float64); never a boolean.",
        },
    }


def _field(kind: str, refs: str) -> dict[str, Any]:
    if kind in ("timestamp", "number"):
        return {"$ref": f"{refs}{kind}"}
    return {"type": kind}  # "string" and "boolean" are JSON Schema's own


def record_body(schema: Schema, refs: str = "#/$defs/") -> dict[str, Any]:
    """The record subschema; ``refs`` is where ``timestamp`` and ``number`` live."""
    properties: dict[str, Any] = {"timestamp": {"$ref": f"{refs}timestamp"}, "context": {"type": "object"}}
    for name, kind in schema.items():
        properties[name] = _field(kind, refs)
    return {
        "type": "object",
        "properties": properties,
        "required": ["timestamp", "context", *schema.fields],
        "additionalProperties": False,
        EXTENSION_KEY: schema.to_dict(),
    }


def record_schema(schema: Schema) -> dict[str, Any]:
    """A standalone document for one record (a single-record request body)."""
    return {
        "$schema": DIALECT,
        "title": "Dataset record",
        **record_body(schema),
        "$defs": definitions(),
    }


def batch_schema(schema: Schema) -> dict[str, Any]:
    """A standalone document for a batch: a non-empty array of records."""
    return {
        "$schema": DIALECT,
        "title": "Dataset batch",
        "type": "array",
        "minItems": 1,
        "items": {"$ref": "#/$defs/record"},
        EXTENSION_KEY: schema.to_dict(),
        "$defs": {"record": record_body(schema), **definitions()},
    }

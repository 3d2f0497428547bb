"""Hypothesis strategies for single values: field names, typed values, JSON data.

Used only by :mod:`dataset_schema.strategies`.  Every value is built from the
contract (docs/contract.md), never by asking the validator what it thinks.
"""

from __future__ import annotations

import datetime
import decimal
import fractions
import types
from typing import Any, Callable

from hypothesis import strategies as st

from .timestamps import invalid_timestamps, timestamps
from ..._schema import FLOAT_INT_LIMIT, RESERVED_NAMES

__all__ = [
    "FLOAT_INT_LIMIT",
    "contexts",
    "field_names",
    "json_values",
    "not_objects",
    "valid_values",
    "wrong_values",
]

# The ints that round to a finite float64 lie strictly between -FLOAT_INT_LIMIT and
# FLOAT_INT_LIMIT (defined with the field types); the largest double is just below.
_MAX_DOUBLE_INT = 2**1024 - 2**971


# -- names ------------------------------------------------------------------------

_EDGE_NAMES = [
    "country", "a", "Timestamp", "CONTEXT", "__traceid", "__traceId ", " timestamp", "context.source",
    "a b", "a\nb", "\"quoted\"", "back\\slash", "{field}", "%s", "$ref", "-", "0", "é", "\u65e5\u672c",
    "\U0001f600", "\x00", "\u200b", "x" * 300,
]


def field_names() -> st.SearchStrategy[str]:
    """Names a schema may declare: any non-empty string but the reserved ones."""
    return st.one_of(
        st.sampled_from(_EDGE_NAMES), st.text(min_size=1, max_size=30), st.text(min_size=100, max_size=200)
    ).filter(lambda name: name not in RESERVED_NAMES)


# -- values -----------------------------------------------------------------------

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**200), 2**200),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
)


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any value a strict JSON parser can produce (no NaN or infinities)."""
    return st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
        max_leaves=max_leaves,
    )


def contexts() -> st.SearchStrategy[dict[str, Any]]:
    """``context`` objects: empty, flat, nested, with keys that mean something elsewhere."""
    nested = st.recursive(
        st.dictionaries(st.text(max_size=8), _SCALARS, max_size=2),
        lambda inner: st.dictionaries(st.sampled_from(["context", "timestamp", "a", ""]), inner, min_size=1, max_size=2),
        max_leaves=4,
    )
    return st.one_of(
        st.just({}),
        st.just({"source": "billing-service", "request_id": "req_123"}),
        st.dictionaries(st.text(max_size=8), json_values(6), max_size=3),
        nested,
    )


_NUMBER_EDGES = [
    0, -0.0, 0.0, 1, -1, 12.5, 2**53, 2**53 + 1, 2**63, -(2**63) - 1, 2**64, 10**308, -(10**308),
    _MAX_DOUBLE_INT, -_MAX_DOUBLE_INT, FLOAT_INT_LIMIT - 1, -(FLOAT_INT_LIMIT - 1),
    5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 1e16,
]
_STRING_EDGES = ["", " ", "RO", "\u00e9", "\u65e5\u672c\u8a9e", "\U0001f600", "\x00", "null", "true",
                 "12.5", "2026-06-10T10:00:00Z", "\ufeff", "\u2028", "a\"b\\c"]

_VALID: dict[str, st.SearchStrategy[Any]] = {
    "string": st.one_of(st.sampled_from(_STRING_EDGES), st.text()),
    "number": st.one_of(
        st.sampled_from(_NUMBER_EDGES),
        st.integers(-(FLOAT_INT_LIMIT - 1), FLOAT_INT_LIMIT - 1),
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    "boolean": st.booleans(),
    "timestamp": timestamps(),
}


def valid_values(kind: str) -> st.SearchStrategy[Any]:
    """JSON-ready values a field of type ``kind`` accepts."""
    return _VALID[kind]


def _containers(make: Callable[[], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(make(), max_size=2), st.dictionaries(st.text(max_size=5), make(), max_size=2))


# Numbers past float64: the subtle half of the wrong numbers, so drawn as often as all the rest.
_OVERFLOWS = st.sampled_from([
    float("inf"), float("-inf"), FLOAT_INT_LIMIT, -FLOAT_INT_LIMIT, 2**1024, -(2**1024), 10**400, -(10**400),
])
_WRONG_JSON: dict[str, st.SearchStrategy[Any]] = {
    "string": st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                        _containers(lambda: st.text(max_size=5))),
    "number": st.one_of(_OVERFLOWS, st.one_of(
        st.none(), st.booleans(), st.sampled_from(["12.5", "", "0", "NaN"]), st.text(max_size=5),
        _containers(lambda: st.integers()),
    )),
    "boolean": st.one_of(st.none(), st.sampled_from([0, 1, 0.0, 1.0, "true", "false", "", [True]]),
                         st.integers(), st.text(max_size=5), _containers(st.booleans)),
    "timestamp": st.one_of(st.none(), st.booleans(), invalid_timestamps(), st.integers(),
                           st.floats(allow_nan=False), _containers(timestamps)),
}
# Python values no JSON parser produces; the contract rejects them for every type.
_UTC = datetime.timezone.utc
_WRONG_PYTHON: dict[str, st.SearchStrategy[Any]] = {
    "string": st.sampled_from([b"RO", bytearray(b"RO"), ("RO",), {"RO"}]),
    "number": st.sampled_from([float("nan"), decimal.Decimal("12.5"), fractions.Fraction(1, 2), 1 + 0j, (1,)]),
    "boolean": st.sampled_from([(True,), b"true", decimal.Decimal(1)]),
    "timestamp": st.sampled_from([
        datetime.datetime(2026, 6, 10, 10, 58, tzinfo=_UTC), datetime.date(2026, 6, 10),
        b"2026-06-10T10:58:00Z", ("2026-06-10T10:58:00Z",),
    ]),
}


def wrong_values(kind: str, json_only: bool) -> st.SearchStrategy[Any]:
    """Values a field of type ``kind`` rejects (``float('inf')`` stands for ``1e400``)."""
    if json_only:
        return _WRONG_JSON[kind]
    return st.one_of(_WRONG_JSON[kind], _WRONG_PYTHON[kind])


_NOT_OBJECT_JSON = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10), st.lists(json_values(6), max_size=3),
)
_NOT_OBJECT_PYTHON = st.sampled_from([
    (), (("timestamp", "2026-06-10T10:58:00Z"),), b"{}", types.MappingProxyType({}), frozenset(), object(),
])


def not_objects(json_only: bool) -> st.SearchStrategy[Any]:
    """Values that are not an object (a dict) to the API."""
    return _NOT_OBJECT_JSON if json_only else st.one_of(_NOT_OBJECT_JSON, _NOT_OBJECT_PYTHON)

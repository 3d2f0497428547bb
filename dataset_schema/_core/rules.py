"""The contract's type tests and limits, and the stages shared by codegen and the engine.

A record is checked in stages, and the generated fast path hands a record over to
the exact engine with the stage it reached, so both sides read the numbers here:

- ``STAGE_UNKNOWN`` (-1): nothing is known, not even the generated key test;
- ``STAGE_TIMESTAMP`` (0): the record's type and ``timestamp`` are to check;
- ``STAGE_CONTEXT`` (1): ``timestamp`` passed, ``context`` is to check;
- ``field_stage(i)`` (``FIRST_FIELD_STAGE + i``): declared field ``i`` is to check,
  every rule before it passed.

An exact record holds the declared fields plus ``FIXED_KEYS`` (``timestamp`` and
``context``), which is how many keys a record may have.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping, TypeGuard

from .._schema import FLOAT_INT_LIMIT
from .timestamp import is_timestamp

__all__ = [
    "FIRST_FIELD_STAGE", "FIXED_KEYS", "INT_LIMIT", "STAGE_CONTEXT", "STAGE_TIMESTAMP", "STAGE_UNKNOWN",
    "TYPE_TESTS", "field_position", "field_stage", "is_boolean", "is_dict", "is_list", "is_number", "is_string",
]

STAGE_UNKNOWN = -1
STAGE_TIMESTAMP = 0
STAGE_CONTEXT = 1
FIRST_FIELD_STAGE = 2

#: The keys every record holds besides its declared fields: ``timestamp`` and ``context``.
FIXED_KEYS = ("timestamp", "context")


def field_stage(position: int) -> int:
    """The stage of the declared field at ``position``."""
    return FIRST_FIELD_STAGE + position


def field_position(stage: int) -> int:
    """The declared field's position for a field stage."""
    return stage - FIRST_FIELD_STAGE


#: Ints strictly between ``-INT_LIMIT`` and ``INT_LIMIT`` round to a finite float64 (see
#: ``_schema.FLOAT_INT_LIMIT``).  Compared as ints: exact, no float() call.
INT_LIMIT = FLOAT_INT_LIMIT


# Every test reads the value's real type, type(value): isinstance believes a
# ``__class__`` property, so an object claiming to be a str or a float would pass it.


def is_string(value: object) -> TypeGuard[str]:
    return issubclass(type(value), str)


def is_dict(value: object) -> TypeGuard[dict[Any, Any]]:
    """A dict or dict subclass by its real type: what a JSON object can be."""
    return issubclass(type(value), dict)


def is_list(value: object) -> TypeGuard[list[Any]]:
    """A list or list subclass by its real type: what a JSON array can be."""
    return issubclass(type(value), list)


def is_boolean(value: object) -> bool:
    return value is True or value is False


def is_number(value: object) -> bool:
    kind = type(value)
    if kind is float:
        return value - value == 0.0  # type: ignore[operator,no-any-return]  # False for nan and +-inf
    if kind is int:
        return -INT_LIMIT < value < INT_LIMIT  # type: ignore[operator]
    if kind is bool:
        return False
    if issubclass(kind, float):
        return math.isfinite(value)  # type: ignore[arg-type]  # the stored double, whatever a subclass overrides
    if issubclass(kind, int):
        return -INT_LIMIT < int.__index__(value) < INT_LIMIT  # type: ignore[arg-type]
    return False


#: The type test of each field type.
TYPE_TESTS: Mapping[str, Callable[[object], bool]] = {
    "string": is_string,
    "number": is_number,
    "boolean": is_boolean,
    "timestamp": is_timestamp,
}

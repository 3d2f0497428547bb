"""A model of the JSON-encoding rule ``check`` may gain (a context holding what JSON cannot
carry, or nesting past 512 levels anywhere: ``Invalid JSON body`` before the record rules).

check_frame must give that validator's answers too: its masks decide only rows it knows
pass or fail under either rule, and asks ``validator.check`` for the rest.  The frame
tests run every generated frame against a validator whose ``check`` states this rule.
"""

from __future__ import annotations

import math
from typing import Any

import dataset_schema as ds
from dataset_schema._errors import make_error

MAX_DEPTH = 512
_BOUND = 10**4300


def _json_leaf(value: Any) -> bool:
    kind = type(value)
    if issubclass(kind, str) or value is None or value is True or value is False:
        return True
    if issubclass(kind, float):
        return math.isfinite(value)
    if issubclass(kind, int):
        return -_BOUND < int.__index__(value) < _BOUND
    return False


def holds_only_json(context: dict[Any, Any]) -> bool:
    stack: list[Any] = [context]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if issubclass(type(node), dict):
            if not all(issubclass(type(key), str) for key in dict.keys(node)):
                return False
            children = list(dict.values(node))
        else:
            children = list(list.__iter__(node))
        for child in children:
            if issubclass(type(child), (dict, list)):
                stack.append(child)
            elif not _json_leaf(child):
                return False
    return True


def nests_past(value: Any, limit: int) -> bool:
    level = [value] if issubclass(type(value), (dict, list, tuple)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: dict[int, Any] = {}
        for node in level:
            kind = type(node)
            children = dict.values(node) if issubclass(kind, dict) else (
                list.__iter__(node) if issubclass(kind, list) else tuple.__iter__(node))
            for child in children:
                if issubclass(type(child), (dict, list, tuple)):
                    below[id(child)] = child
        level = list(below.values())
    return False


def with_json_rule(schema: Any) -> ds.Validator:
    """A validator of ``schema`` whose ``check`` answers the JSON rule first."""
    validator = ds.compile(schema)
    plain = validator.check

    def check(record: object) -> Any:
        if issubclass(type(record), dict):
            context = dict.get(record, "context")  # type: ignore[arg-type]
            if issubclass(type(context), dict) and not holds_only_json(context):
                return make_error("invalid_json")
        if nests_past(record, MAX_DEPTH):
            return make_error("invalid_json")
        return plain(record)

    object.__setattr__(validator, "check", check)
    return validator

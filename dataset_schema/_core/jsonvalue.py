"""What JSON can carry: the tests ``check`` applies for it, and the encoder.

A record given to ``check`` as Python data is judged as the API would judge its JSON
encoding (docs/contract.md, "Python objects given to check"):

- nesting deeper than ``MAX_DEPTH`` anywhere (dicts, lists and tuples, which
  ``json.dumps`` writes as objects and arrays; a cycle is infinitely deep) is
  ``Invalid JSON body``, before any record rule, as the parsed body would be
  (``too_deep``, ``nests_past``);
- ``context`` holds only JSON values: ``dict`` (any subclass) with ``str`` keys,
  ``list`` (any subclass), ``str``, finite ``float``, ``int`` of at most 4300 digits,
  ``True``/``False``, ``None``.  Anything else (NaN, ±inf, bytes, ``datetime``,
  ``Decimal``, sets, tuples, non-``str`` keys, other objects) is ``Invalid JSON body``
  at the context rule (``holds_only_json``).

The walks are iterative (no recursion, whatever the depth), judge containers by their
real type and read them through ``dict``'s and ``list``'s own methods, so a subclass
has no say; cycles and shared sub-structures cost no more than their size.
"""

from __future__ import annotations

import json
import math
from typing import Any

from .body import on_fresh_stack

__all__ = ["INT_DIGITS_LIMIT", "LEAVES", "encode_json", "holds_only_json", "is_json_scalar", "json_context", "nests_past",
           "too_deep"]

#: The most digits an int may have: the interpreter's default int-to-str limit, fixed
#: here so that the answer never depends on ``sys.set_int_max_str_digits`` (process-wide).
INT_DIGITS_LIMIT = 4300
_INT_BOUND = 10**INT_DIGITS_LIMIT  # |n| < this  <=>  n has at most 4300 digits

_dict_values = dict.values
_dict_items = dict.items
_dict_get = dict.get
_list_iter = list.__iter__
_NESTING = (dict, list, tuple)  # what json.dumps writes as objects and arrays
#: Exact types that hold nothing: never a level of nesting.
LEAVES: frozenset[type] = frozenset((str, int, float, bool, type(None)))
_LEAVES = LEAVES


def is_json_scalar(value: object) -> bool:
    """A JSON scalar of an exact type: the generated fast path's test (str is tested before)."""
    kind = type(value)
    if kind is float:
        return bool(value - value == 0.0)  # type: ignore[operator]  # False for nan and +-inf
    if kind is int:
        return bool(-_INT_BOUND < value < _INT_BOUND)
    return value is None or value is True or value is False


def _children(node: Any) -> Any:
    """What a container holds, through its own type's methods: a subclass has no say."""
    kind = type(node)
    if issubclass(kind, dict):
        return _dict_values(node)
    return _list_iter(node) if issubclass(kind, list) else tuple.__iter__(node)


def nests_past(value: object, limit: int) -> bool:
    """True when dicts, lists and tuples in ``value`` nest more than ``limit`` levels.

    ``{}`` is one level, a scalar none.  Level by level; a container met again on a
    deeper level is walked again only because it is deeper, so a cycle ends as soon as
    it passes ``limit``.
    """
    level = [value] if issubclass(type(value), _NESTING) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: dict[int, Any] = {}
        for node in level:
            for child in _children(node):
                if issubclass(type(child), _NESTING):
                    below[id(child)] = child
        level = list(below.values())
    return False


def too_deep(value: object, limit: int, _type: Any = type, _leaves: Any = _LEAVES) -> bool:
    """``nests_past(value, limit)`` for ``limit >= 3``, quick for what a record usually is.

    Exact dicts and lists are looked into three levels down (a record, its context,
    what that holds), one type test per value; anything deeper, or a subclass, is
    walked by ``nests_past``.  (``_type`` and ``_leaves`` are locals for speed.)
    """
    kind = _type(value)
    if kind is dict:
        children: Any = _dict_values(value)  # type: ignore[arg-type]
    elif kind is list:
        children = value
    else:
        return kind not in _leaves and issubclass(kind, _NESTING) and nests_past(value, limit)
    for child in children:
        if _type(child) in _leaves:
            continue
        kind = _type(child)
        if kind is dict:
            grandchildren: Any = _dict_values(child)
        elif kind is list:
            grandchildren = child
        elif issubclass(kind, _NESTING):
            return nests_past(value, limit)
        else:
            continue  # not a container: no level
        for grandchild in grandchildren:
            if _type(grandchild) in _leaves:
                continue
            kind = _type(grandchild)
            if kind is dict:
                if not _leaves.issuperset(map(_type, _dict_values(grandchild))):
                    return nests_past(value, limit)
            elif kind is list:
                if not _leaves.issuperset(map(_type, grandchild)):
                    return nests_past(value, limit)
            elif issubclass(kind, _NESTING):
                return nests_past(value, limit)
    return False


def _is_json_leaf(value: Any) -> bool:
    kind = type(value)
    if issubclass(kind, str) or value is None or value is True or value is False:
        return True
    if issubclass(kind, float):
        return math.isfinite(float.__float__(value))  # the stored double, whatever a subclass overrides
    if issubclass(kind, int):
        return bool(-_INT_BOUND < int.__index__(value) < _INT_BOUND)
    return False


def holds_only_json(context: dict[Any, Any]) -> bool:
    """True when everything in the dict ``context`` is a JSON value (see the module doc).

    Depth is not judged here (``too_deep`` is, before any record rule); a cycle ends
    because each container is looked at once.  A flat exact dict of exact scalars, the
    common case, is one loop.
    """
    if type(context) is dict:
        for key, value in context.items():
            if type(key) is not str or type(value) is not str and not is_json_scalar(value):
                break
        else:
            return True
    seen: set[int] = set()
    stack: list[Any] = [context]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if issubclass(type(node), dict):
            for key, child in _dict_items(node):
                if not issubclass(type(key), str):
                    return False
                if issubclass(type(child), (dict, list)):
                    stack.append(child)
                elif not _is_json_leaf(child):
                    return False
        else:  # a list
            for child in _list_iter(node):
                if issubclass(type(child), (dict, list)):
                    stack.append(child)
                elif not _is_json_leaf(child):
                    return False
    return True


def json_context(context: dict[Any, Any], limit: int) -> bool:
    """True when ``context`` is JSON that nests at most ``limit`` levels: the generated
    fast path's test of a context that is not flat (any other goes to the engine)."""
    return holds_only_json(context) and not nests_past(context, limit)


def _plain(value: Any) -> Any:
    """``value`` with dict and list subclasses replaced by what they store.

    ``json.dumps`` asks a dict subclass for ``items()``, which it may override; the
    validator judged what the dict stores, so that is what is sent.  Only called on
    data the validator accepted: no cycles, bounded depth.
    """
    if issubclass(type(value), dict):
        return {key: _plain(child) for key, child in _dict_items(value)}
    if issubclass(type(value), list):
        return [_plain(child) for child in _list_iter(value)]
    return value


_dumps = json.JSONEncoder(ensure_ascii=True, allow_nan=False, check_circular=False, separators=(",", ":")).encode


def _exact(value: Any) -> bool:
    """True when no dict or list subclass is anywhere in the (accepted) record or batch."""
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is not dict and kind is not list:
            return False
        for child in _dict_values(node) if kind is dict else node:
            if issubclass(type(child), (dict, list)):
                stack.append(child)
    return True


def encode_json(value: Any) -> bytes:
    """The JSON text of an accepted record or batch: ASCII (hence UTF-8), compact.

    ``\\uXXXX`` escapes keep lone surrogates (which ``parse_record`` accepts as
    escapes) encodable, and make the bytes the same whatever the text holds.
    """
    try:
        return _encode(value)
    except RecursionError:  # deep, from a deep caller: the encoder recurses, so run it on an empty stack
        return on_fresh_stack(_encode, value)  # type: ignore[no-any-return]


def _encode(value: Any) -> bytes:
    if not _exact(value):
        value = _plain(value)
    return _dumps(value).encode("ascii")

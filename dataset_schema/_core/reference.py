"""A slow, literal reading of the contract, kept beside the fast validator.

Written to be obviously right rather than fast: no regular expressions, no
shared helpers with the compiled path beyond the catalogue and the Schema.  It
states the documented limits itself (``MAX_DEPTH``, the calendar), so a wrong
constant on the fast path shows up as a disagreement instead of being shared.
Property tests prove the compiled validator gives the same answers; fuzzing
harnesses may use it as a second opinion.  Nothing here is on a hot path.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Mapping, TypeGuard

from .._errors import IngestError, make_error
from .._schema import Schema, as_schema

__all__ = [
    "reference_check",
    "reference_check_batch",
    "reference_errors",
    "reference_is_timestamp",
    "reference_parse_batch",
    "reference_parse_record",
]

_ASCII_DIGITS = "0123456789"

#: docs/contract.md: a body nested deeper than this many levels is not JSON the API takes.
MAX_DEPTH = 512
#: docs/contract.md: an integer literal of more digits than this is ±inf.
MAX_INT_DIGITS = 4300


def _digits(text: str, start: int, count: int) -> int | None:
    """The number written by ``count`` ASCII digits at ``start``, or None."""
    part = text[start:start + count]
    if len(part) != count:
        return None
    value = 0
    for char in part:
        if char not in _ASCII_DIGITS:
            return None
        value = value * 10 + _ASCII_DIGITS.index(char)
    return value


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
        return 29 if leap else 28
    if month in (4, 6, 9, 11):
        return 30
    return 31


def reference_is_timestamp(value: object) -> bool:
    """RFC 3339 date-time as the contract narrows it, checked one character at a time."""
    if not issubclass(type(value), str):
        return False
    text = str.__str__(value)
    # YYYY-MM-DD
    year, month, day = _digits(text, 0, 4), _digits(text, 5, 2), _digits(text, 8, 2)
    if year is None or month is None or day is None:
        return False
    if text[4:5] != "-" or text[7:8] != "-":
        return False
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        return False
    # T HH:MM:SS
    if text[10:11] not in ("T", "t"):
        return False
    hour, minute, second = _digits(text, 11, 2), _digits(text, 14, 2), _digits(text, 17, 2)
    if hour is None or minute is None or second is None:
        return False
    if text[13:14] != ":" or text[16:17] != ":":
        return False
    if hour > 23 or minute > 59 or second > 59:
        return False
    position = 19
    # optional fraction: "." and one or more digits
    if text[position:position + 1] == ".":
        position += 1
        start = position
        while position < len(text) and text[position] in _ASCII_DIGITS:
            position += 1
        if position == start:
            return False
    rest = text[position:]
    if rest in ("Z", "z"):
        return True
    if len(rest) != 6 or rest[0] not in ("+", "-") or rest[3] != ":":
        return False
    offset_hour, offset_minute = _digits(rest, 1, 2), _digits(rest, 4, 2)
    if offset_hour is None or offset_minute is None:
        return False
    return offset_hour <= 23 and offset_minute <= 59


# Every type is the value's real one, type(value): isinstance would believe a
# __class__ property, and the contract judges values by what they are.

def _is_a(value: object, kind: type | tuple[type, ...]) -> bool:
    return issubclass(type(value), kind)


def _is_list(value: object) -> TypeGuard[list[Any]]:
    return issubclass(type(value), list)


def _type_ok(kind: str, value: object) -> bool:
    if kind == "string":
        return _is_a(value, str)
    if kind == "boolean":
        return type(value) is bool
    if kind == "number":
        if _is_a(value, bool):
            return False
        if _is_a(value, float):
            return not math.isnan(value) and not math.isinf(value)  # type: ignore[arg-type]
        if _is_a(value, int):
            try:
                float(int.__index__(value))  # type: ignore[arg-type]
            except OverflowError:
                return False
            return True
        return False
    if kind == "timestamp":
        return reference_is_timestamp(value)
    raise AssertionError(kind)


_TEN_TO_4300 = 10**4300


def _deeper_than(value: Any, limit: int) -> bool:
    """Dicts, lists and tuples (what json.dumps writes as objects and arrays) nest past ``limit``."""
    if not issubclass(type(value), (dict, list, tuple)):
        return False
    if limit == 0:
        return True
    kind = type(value)  # read through the container's own type: a subclass has no say
    children = dict.values(value) if issubclass(kind, dict) else list.__iter__(value) if issubclass(kind, list) else tuple.__iter__(value)
    for child in children:
        if _deeper_than(child, limit - 1):
            return True
    return False


def _is_json_value(value: Any) -> bool:
    """What JSON can carry, literally (called on data known not to nest past MAX_DEPTH)."""
    if issubclass(type(value), dict):
        for key, child in dict.items(value):
            if not issubclass(type(key), str) or not _is_json_value(child):
                return False
        return True
    if issubclass(type(value), list):
        for child in list.__iter__(value):
            if not _is_json_value(child):
                return False
        return True
    if issubclass(type(value), (str, bool)) or value is None:
        return True
    if issubclass(type(value), float):
        return math.isfinite(value)
    if issubclass(type(value), int):
        return abs(int.__index__(value)) < _TEN_TO_4300  # at most 4300 digits
    return False


def reference_errors(schema: Schema | Mapping[str, Any], record: object) -> list[IngestError]:
    """Every problem of ``record``, in the contract's order.

    Nesting past the body's limit first (the record's JSON text would be refused whole);
    then the record rules, whose context rule asks for a dict holding JSON values.
    """
    if _deeper_than(record, MAX_DEPTH):
        return [make_error("invalid_json")]
    return _rule_errors(schema, record, json_context=True)


def _rule_errors(schema: Schema | Mapping[str, Any], record: object, *, json_context: bool) -> list[IngestError]:
    """The record rules; ``json_context=False`` for a parsed body, JSON already."""
    schema = as_schema(schema)
    if not _is_a(record, dict):
        return [make_error("payload_not_object")]
    try:
        return _problems(schema, record, json_context)  # type: ignore[arg-type]
    except Exception:
        # Reading the keys raised (their __hash__ or __eq__): not a JSON object.
        return [make_error("payload_not_object")]


def _problems(schema: Schema, record: dict[Any, Any], json_context: bool) -> list[IngestError]:
    present = dict(dict.items(record))  # what it stores, whatever a subclass overrides
    if not all(_is_a(key, str) for key in present):
        return [make_error("payload_not_object")]
    problems: list[IngestError] = []
    if "timestamp" not in present or not reference_is_timestamp(present["timestamp"]):
        problems.append(make_error("invalid_timestamp"))
    if "context" not in present or not _is_a(present["context"], dict):
        problems.append(make_error("context_not_object"))
    elif json_context and not _is_json_value(present["context"]):
        problems.append(make_error("invalid_json"))
    for key in present:
        if key != "timestamp" and key != "context" and key not in schema.fields:
            problems.append(make_error("extra_field", str.__str__(key)))
    for name, kind in schema.items():
        if name not in present:
            problems.append(make_error("missing_field", name))
        elif not _type_ok(kind, present[name]):
            problems.append(make_error(f"invalid_{kind}_field", name))
    return problems


def reference_check(schema: Schema | Mapping[str, Any], record: object) -> IngestError | None:
    problems = reference_errors(schema, record)
    return problems[0] if problems else None


def reference_check_batch(schema: Schema | Mapping[str, Any], records: object) -> IngestError | None:
    if _deeper_than(records, MAX_DEPTH):  # a batch's records nest one level less than alone
        return make_error("invalid_json")
    return _rule_check_batch(schema, records, json_context=True)


def _rule_check_batch(schema: Schema | Mapping[str, Any], records: object, *, json_context: bool) -> IngestError | None:
    if not _is_list(records) or list.__len__(records) == 0:
        return make_error("batch_not_array")
    for index in range(list.__len__(records)):
        problems = _rule_errors(schema, list.__getitem__(records, index), json_context=json_context)
        if problems:
            return problems[0].with_index(index)
    return None


def _refuse(literal: str) -> Any:
    raise ValueError(f"{literal} is not JSON")


def _parse_int(literal: str) -> int | float:
    """Every integer literal, digit by digit: no interpreter setting has a say."""
    negative = literal.startswith("-")
    digits = literal.lstrip("-")
    if len(digits) > MAX_INT_DIGITS:  # at least 10**4300: no float64 holds it
        return -math.inf if negative else math.inf
    value = 0
    for char in digits:
        value = value * 10 + _ASCII_DIGITS.index(char)
    return -value if negative else value


def _nesting(text: str) -> int:
    """How deep arrays and objects nest in ``text``, read one character at a time."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif in_string:
            escaped = char == "\\"
            in_string = char != '"'
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _reference_decode(body: object) -> Any:
    if _is_a(body, (bytes, bytearray, memoryview)):
        try:
            text = bytes(body).decode("utf-8", errors="strict")  # type: ignore[call-overload]
        except UnicodeDecodeError:
            raise make_error("invalid_json") from None
    elif _is_a(body, str):
        try:
            text = str.__str__(body).encode("utf-8").decode("utf-8")
        except UnicodeEncodeError:
            raise make_error("invalid_json") from None
    else:
        raise TypeError(f"a request body must be bytes or str, not {type(body).__name__}")
    # Deeper than the limit is not JSON we take; read before parsing, so the parser
    # (which recurses on the C stack) never sees such a text.
    if text.startswith("\ufeff") or _nesting(text) > MAX_DEPTH:
        raise make_error("invalid_json")
    try:
        value = _loads(text)
    except RecursionError:
        # Too deep for the parser from this stack: try again from an empty one.
        try:
            with ThreadPoolExecutor(max_workers=1) as pool:
                value = pool.submit(_loads, text).result()
        except RecursionError:
            raise make_error("invalid_json") from None
    if value is _NOT_JSON:
        raise make_error("invalid_json")
    return value


_NOT_JSON: Any = object()


def _loads(text: str) -> Any:
    """The parsed text, or _NOT_JSON; RecursionError passes through."""
    try:
        return json.loads(text, parse_constant=_refuse, parse_int=_parse_int)
    except ValueError:
        return _NOT_JSON


def reference_parse_record(schema: Schema | Mapping[str, Any], body: object) -> Any:
    record = _reference_decode(body)
    problems = _rule_errors(schema, record, json_context=False)  # the text was JSON: the record rules remain
    if problems:
        raise problems[0]
    return record


def reference_parse_batch(schema: Schema | Mapping[str, Any], body: object) -> Any:
    records = _reference_decode(body)
    problem = _rule_check_batch(schema, records, json_context=False)
    if problem is not None:
        raise problem
    return records

"""Compiling a schema into a validator: one checker closure per declared field.

Every message is built at compile time; the checking loop raises nothing and
allocates only the error it returns.  Records are read through ``dict``'s own
methods, so a dict subclass is judged by what it stores, not by overrides.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping, final

from ._errors import CATALOGUE, IngestError, make_error
from ._json import decode_body
from ._schema import Schema, as_schema
from ._timestamp import is_timestamp

__all__ = ["Validator", "compile"]

_MISSING: Any = object()
_dict_get = dict.get

# Ints strictly between these bounds round to a finite float64; the rest overflow,
# as JSON.parse gives Infinity for them.  Compared as ints: exact, no float() call.
_INT_LIMIT = 2**1024 - 2**970


def _is_string(value: object) -> bool:
    return isinstance(value, str)


def _is_boolean(value: object) -> bool:
    return value is True or value is False


def _is_number(value: object) -> bool:
    kind = type(value)
    if kind is float:
        return value - value == 0.0  # type: ignore[operator,no-any-return]  # False for nan and +-inf
    if kind is int:
        return -_INT_LIMIT < value < _INT_LIMIT  # type: ignore[operator]
    if kind is bool:
        return False
    if isinstance(value, float):
        return math.isfinite(value)  # reads the stored double, ignoring subclass overrides
    if isinstance(value, int):
        return -_INT_LIMIT < int.__index__(value) < _INT_LIMIT
    return False


#: The type test of each field type.
TYPE_TESTS: Mapping[str, Callable[[object], bool]] = {
    "string": _is_string,
    "number": _is_number,
    "boolean": _is_boolean,
    "timestamp": is_timestamp,
}

FieldChecker = Callable[[dict[Any, Any]], "IngestError | None"]


def _field_checker(name: str, kind: str) -> FieldChecker:
    """The checker of one declared field, with its two messages prebuilt."""
    accepts = TYPE_TESTS[kind]
    missing = make_error("missing_field", name)
    invalid = make_error(f"invalid_{kind}_field", name)
    missing_args = (missing.message, missing.code, missing.status, name)
    invalid_args = (invalid.message, invalid.code, invalid.status, name)

    def check_field(record: dict[Any, Any]) -> IngestError | None:
        value = _dict_get(record, name, _MISSING)
        if value is _MISSING:
            return IngestError(*missing_args)
        if accepts(value):
            return None
        return IngestError(*invalid_args)

    return check_field


def _plain_error(code: str) -> Callable[[], IngestError]:
    row = CATALOGUE[code]
    return lambda: IngestError(row.template, row.code, row.status)


_payload_error = _plain_error("payload_not_object")
_timestamp_error = _plain_error("invalid_timestamp")
_context_error = _plain_error("context_not_object")
_batch_error = _plain_error("batch_not_array")


def _has_only_str_keys(record: dict[Any, Any]) -> bool:
    return all(isinstance(key, str) for key in dict.keys(record))


@final
class Validator:
    """A compiled schema.  Build it once with :func:`compile`, call it many times.

    Immutable, thread-safe and picklable; it never mutates what it checks.
    """

    __slots__ = ("_schema", "_checkers", "_allowed")

    _schema: Schema
    _checkers: tuple[FieldChecker, ...]
    _allowed: frozenset[str]

    def __init__(self, schema: Schema) -> None:
        allowed = frozenset(("timestamp", "context", *schema.fields))
        set_ = object.__setattr__
        set_(self, "_schema", schema)
        set_(self, "_checkers", tuple(_field_checker(name, kind) for name, kind in schema.items()))
        set_(self, "_allowed", allowed)

    @property
    def schema(self) -> Schema:
        return self._schema

    # -- the engine ---------------------------------------------------------------

    def _first(self, record: object) -> IngestError | None:
        if not isinstance(record, dict):
            return _payload_error()
        # One C-level pass over the keys tells whether any key is undeclared.
        has_extra = not dict.keys(record) <= self._allowed
        if has_extra and not _has_only_str_keys(record):
            return _payload_error()
        if not is_timestamp(_dict_get(record, "timestamp")):
            return _timestamp_error()
        if not isinstance(_dict_get(record, "context"), dict):
            return _context_error()
        if has_extra:
            allowed = self._allowed
            for key in dict.keys(record):
                if key not in allowed:
                    return make_error("extra_field", str.__str__(key))
        for check_field in self._checkers:
            error = check_field(record)
            if error is not None:
                return error
        return None

    def check(self, record: object) -> IngestError | None:
        """The first problem the API would answer for ``record``, or None. Never raises."""
        try:
            return self._first(record)
        except Exception:
            # Only objects no JSON parser can produce get here (keys whose __hash__
            # or __eq__ raise): such a mapping is not a JSON object.
            return _payload_error()

    def validate(self, record: object) -> None:
        """Raise the first problem as an IngestError; return None for a valid record."""
        error = self.check(record)
        if error is not None:
            raise error

    def is_valid(self, record: object) -> bool:
        return self.check(record) is None

    def errors(self, record: object) -> list[IngestError]:
        """Every problem, in the canonical order; ``errors(r)[:1] == [check(r)]`` or ``[]``."""
        try:
            return self._all(record)
        except Exception:
            return [_payload_error()]

    def _all(self, record: object) -> list[IngestError]:
        if not isinstance(record, dict) or not _has_only_str_keys(record):
            return [_payload_error()]
        found: list[IngestError] = []
        if not is_timestamp(_dict_get(record, "timestamp")):
            found.append(_timestamp_error())
        if not isinstance(_dict_get(record, "context"), dict):
            found.append(_context_error())
        allowed = self._allowed
        found.extend(make_error("extra_field", str.__str__(key)) for key in dict.keys(record) if key not in allowed)
        for check_field in self._checkers:
            error = check_field(record)
            if error is not None:
                found.append(error)
        return found

    def check_batch(self, records: object) -> IngestError | None:
        """The first problem of a batch (with ``.index`` for a record's), or None."""
        if not isinstance(records, list) or not records:
            return _batch_error()
        check = self.check
        for index, record in enumerate(list.__iter__(records)):
            error = check(record)
            if error is not None:
                return error.with_index(index)
        return None

    def validate_batch(self, records: object) -> None:
        error = self.check_batch(records)
        if error is not None:
            raise error

    def parse_record(self, body: str | bytes | bytearray | memoryview) -> dict[str, Any]:
        """Decode a raw single-record body and validate it; the record, or IngestError."""
        record = decode_body(body)
        error = self.check(record)
        if error is not None:
            raise error
        return record  # type: ignore[no-any-return]

    def parse_batch(self, body: str | bytes | bytearray | memoryview) -> list[dict[str, Any]]:
        """Decode a raw batch body and validate every record; the records, or IngestError."""
        records = decode_body(body)
        error = self.check_batch(records)
        if error is not None:
            raise error
        return records  # type: ignore[no-any-return]

    # -- value semantics ----------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Validator):
            return NotImplemented
        return self._schema == other._schema

    def __hash__(self) -> int:
        return hash((Validator, self._schema))

    def __repr__(self) -> str:
        return f"compile({self._schema!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Validator, (self._schema,))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Validator is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Validator is immutable")


def compile(schema: Schema | Mapping[str, Any]) -> Validator:
    """Compile a schema (a :class:`Schema` or its definition dict) into a Validator."""
    return Validator(as_schema(schema))

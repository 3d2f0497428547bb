"""Compiling a schema into a validator: a generated fast path over an exact engine.

Two layers, one answer:

- ``_codegen`` writes one plain function per schema for the common shape (an
  exact ``dict`` with exact ``str``/``int``/``float``/``bool`` values);
- the engine here (``_Engine``) reads the contract literally, rule by rule, for
  everything else: dict and str subclasses, missing and undeclared keys, wrong
  types.  The fast path hands over to it with how far it got, so an error costs
  little more than the checks before it (a failed timestamp is not matched again).

Every message is prebuilt or built from the catalogue's template; the checking
loop raises nothing.  Records are read through ``dict``'s own methods, so a dict
subclass is judged by what it stores, not by overrides.
"""

from __future__ import annotations

import math
import sys
from itertools import filterfalse
from typing import Any, Callable, Mapping, final

from .codegen import generate
from .._errors import CATALOGUE, IngestError, make_error
from .body import MAX_DEPTH, decode, nests_deeper
from .._schema import Schema, as_schema
from .timestamp import TIMESTAMP_MATCH, is_timestamp

__all__ = ["TYPE_TESTS", "Validator", "compile"]

_MISSING: Any = object()
_dict_get = dict.get
_dict_keys = dict.keys

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

# -- errors, built without the Python-level __init__ ---------------------------------
#
# Building an IngestError through its __init__ costs more than checking a whole
# valid record, so the engine copies a model error's attributes instead.  The
# result has the same type, ``args`` and attributes as the constructor's (a test
# compares them for every code), so nobody can tell the difference.

_new_error = IngestError.__new__

ErrorFactory = Callable[["int | None"], IngestError]


def _error_factory(code: str, field: str | None = None) -> ErrorFactory:
    """A maker of the catalogue's error for ``code`` (and ``field``), given the batch index."""
    model = make_error(code, field)
    args = model.args
    head, tail = args[:4], args[5:]  # around `index`, the constructor's fifth argument
    attributes = dict(vars(model))

    def make(index: int | None) -> IngestError:
        if index is None:
            error = _new_error(IngestError, *args)
            error.__dict__ = attributes.copy()
        else:
            error = _new_error(IngestError, *head, index, *tail)
            error.__dict__ = found = attributes.copy()
            found["index"] = index
        return error

    return make


def _build_error(message: str, code: str, status: int, field: str | None, index: int | None) -> IngestError:
    """``IngestError(message, code, status, field, index)``, by the same means."""
    error = _new_error(IngestError, message, code, status, field, index, None)
    error.__dict__ = {
        "message": message, "code": code, "status": status,
        "field": field, "index": index, "details": None,
    }
    return error


_payload_error = _error_factory("payload_not_object")
_timestamp_error = _error_factory("invalid_timestamp")
_context_error = _error_factory("context_not_object")
_batch_error = _error_factory("batch_not_array")

_EXTRA = CATALOGUE["extra_field"]
# "Extra field: {field}" as the text around the name: concatenation is cheaper than
# str.format, and the assertion keeps the two the same should the template change.
_EXTRA_BEFORE, _, _EXTRA_AFTER = _EXTRA.template.partition("{field}")
assert _EXTRA.template.format(field="\x00") == f"{_EXTRA_BEFORE}\x00{_EXTRA_AFTER}"


def _extra_error(key: str, index: int | None) -> IngestError:
    name = key if type(key) is str else str.__str__(key)
    return _build_error(_EXTRA_BEFORE + name + _EXTRA_AFTER, _EXTRA.code, _EXTRA.status, name, index)


def _with_index(error: IngestError, index: int) -> IngestError:
    return _build_error(error.message, error.code, error.status, error.field, index)


# -- the exact engine ---------------------------------------------------------------


class _Engine:
    """The contract, rule by rule, for one schema; the fast path's fallback.

    Its entry points are plain closures so generated code calls them directly:

    - ``resume(record, stage, index)``: any object; every check before ``stage``
      passed (stage 0: nothing known, 1: timestamp passed, 2 + i: fields before i too)
      and, for an exact dict, the generated code's key test too (stage -1: not even that);
    - ``fail(record, stage, index)``: an exact dict whose present value at ``stage``
      (0 for the timestamp, 2 + i for field i) is known to be invalid;
    - ``undeclared(record, index)``: an exact dict known to hold an undeclared key;
    - ``check_batch_slowly(records)`` and ``errors(record)``.
    """

    __slots__ = ("resume", "fail", "undeclared", "check_batch_slowly", "errors", "allowed_superset")

    resume: Callable[[object, int, int | None], IngestError | None]
    fail: Callable[[dict[Any, Any], int, int | None], IngestError]
    undeclared: Callable[[dict[Any, Any], int | None], IngestError]
    check_batch_slowly: Callable[[object], IngestError | None]
    errors: Callable[[object], list[IngestError]]
    allowed_superset: Callable[[Any], bool]

    def __init__(self, schema: Schema) -> None:
        allowed = frozenset(("timestamp", "context", *schema.fields))
        superset = allowed.issuperset
        declared = allowed.__contains__
        fields = tuple(
            (name, TYPE_TESTS[kind], _error_factory("missing_field", name), _error_factory(f"invalid_{kind}_field", name))
            for name, kind in schema.items()
        )
        invalid_errors = tuple(invalid for _, _, _, invalid in fields)
        count = len(fields)
        # The generated code hands over an exact dict only after testing that one
        # without this many keys has no undeclared key; with it, the test is still to do.
        size = count + 2

        def undeclared_keys(keys: Any) -> list[Any] | None:
            """The undeclared keys in record order ([] for none); None if one is not a str."""
            if superset(keys):
                return []
            extras = list(filterfalse(declared, keys))
            for key in extras:
                if not isinstance(key, str):
                    return None
            return extras

        def check_fields(record: dict[Any, Any], start: int, index: int | None) -> IngestError | None:
            """Rule 5 from field ``start`` on; the record's keys are known to be declared ones."""
            for position in range(start, count):
                name, accepts, missing, invalid = fields[position]
                value = _dict_get(record, name, _MISSING)
                if value is _MISSING:
                    return missing(index)
                if not accepts(value):
                    return invalid(index)
            return None

        def undeclared(record: dict[Any, Any], index: int | None) -> IngestError:
            # One pass over the keys, in C but for the undeclared ones; through
            # dict.keys so that a subclass's __iter__ has no say.
            extras = filterfalse(declared, _dict_keys(record))
            first = next(extras)
            if not isinstance(first, str):
                return _payload_error(index)
            for key in extras:
                if not isinstance(key, str):
                    return _payload_error(index)
            if not is_timestamp(_dict_get(record, "timestamp")):
                return _timestamp_error(index)
            if not isinstance(_dict_get(record, "context"), dict):
                return _context_error(index)
            return _extra_error(first, index)

        def resume(record: object, stage: int, index: int | None) -> IngestError | None:
            try:
                if type(record) is dict:
                    if (stage < 0 or len(record) == size) and not superset(record):
                        return undeclared(record, index)
                    if stage >= 2:
                        # Timestamp and context passed; the field at `stage` is None,
                        # absent, of a subclass or of another type.
                        name, accepts, missing, invalid = fields[stage - 2]
                        value = _dict_get(record, name, _MISSING)
                        if value is _MISSING:
                            return missing(index)
                        if not accepts(value):
                            return invalid(index)
                        return check_fields(record, stage - 1, index)
                elif not isinstance(record, dict):
                    return _payload_error(index)
                else:
                    extras = undeclared_keys(_dict_keys(record))
                    if extras is None:
                        return _payload_error(index)
                    if extras:
                        return undeclared(record, index)
                if stage <= 0 and not is_timestamp(_dict_get(record, "timestamp")):
                    return _timestamp_error(index)
                if not isinstance(_dict_get(record, "context"), dict):
                    return _context_error(index)
                return check_fields(record, 0, index)
            except Exception:
                # Only objects no JSON parser can produce get here (keys whose __hash__
                # or __eq__ raise): such a mapping is not a JSON object.
                return _payload_error(index)

        def fail(record: dict[Any, Any], stage: int, index: int | None) -> IngestError:
            try:
                if len(record) == size and not superset(record):
                    if stage != 0:
                        return undeclared(record, index)
                    # The timestamp rule comes before the undeclared keys; only a
                    # key that is not a str (not an object at all) comes first.
                    for key in filterfalse(declared, _dict_keys(record)):
                        if not isinstance(key, str):
                            return _payload_error(index)
            except Exception:
                return _payload_error(index)
            if stage == 0:
                return _timestamp_error(index)
            return invalid_errors[stage - 2](index)

        def check_batch_slowly(records: object) -> IngestError | None:
            """``check_batch`` for anything but a plain non-empty list of plain records."""
            if not isinstance(records, list) or not records:
                return _batch_error(None)
            for index, record in enumerate(list.__iter__(records)):
                error = resume(record, -1, index)
                if error is not None:
                    return error
            return None

        def errors(record: object) -> list[IngestError]:
            """Every problem, in the canonical order."""
            try:
                if not isinstance(record, dict):
                    return [_payload_error(None)]
                extras = undeclared_keys(_dict_keys(record))
                if extras is None:
                    return [_payload_error(None)]
                found: list[IngestError] = []
                if not is_timestamp(_dict_get(record, "timestamp")):
                    found.append(_timestamp_error(None))
                if not isinstance(_dict_get(record, "context"), dict):
                    found.append(_context_error(None))
                found.extend(_extra_error(key, None) for key in extras)
                for name, accepts, missing, invalid in fields:
                    value = _dict_get(record, name, _MISSING)
                    if value is _MISSING:
                        found.append(missing(None))
                    elif not accepts(value):
                        found.append(invalid(None))
                return found
            except Exception:
                return [_payload_error(None)]

        self.resume = resume
        self.fail = fail
        self.undeclared = undeclared
        self.check_batch_slowly = check_batch_slowly
        self.errors = errors
        self.allowed_superset = superset


# -- the nesting limit on parsed bodies ------------------------------------------------
#
# A body nested deeper than MAX_DEPTH is not JSON we take (docs/contract.md).  Only
# long texts can be that deep (``decode`` says which), and for a record the
# validator has accepted only ``context`` can nest: its other values are scalars.
# So the walk of a valid body looks at contexts alone; an invalid one is walked whole,
# because its JSON answer comes before the record's.

_invalid_json_error = _error_factory("invalid_json")


def _record_too_deep(record: Any, valid: bool) -> bool:
    if valid:  # record (1) > context (1) > what the context holds
        return nests_deeper(record["context"], MAX_DEPTH - 1)
    return nests_deeper(record, MAX_DEPTH)


def _batch_too_deep(records: Any, valid: bool) -> bool:
    if not valid:
        return nests_deeper(records, MAX_DEPTH)
    limit = MAX_DEPTH - 3  # batch (1) > record (1) > context (1) > each value it holds
    for record in records:
        for value in record["context"].values():
            if (type(value) is dict or type(value) is list) and nests_deeper(value, limit):
                return True
    return False


CheckFunction = Callable[[object], "IngestError | None"]


_DOCS = {
    "check": (
        "check(record) -> IngestError | None: the first problem the API would answer "
        "for ``record``, or None. Never raises."
    ),
    "check_batch": (
        "check_batch(records) -> IngestError | None: the first problem of a batch "
        "(with ``.index`` for a record's), or None. Never raises."
    ),
    "parse_record": (
        "parse_record(body) -> dict: decode a raw single-record body (bytes or str) and "
        "validate it; the record, or raises IngestError."
    ),
    "parse_batch": (
        "parse_batch(body) -> list[dict]: decode a raw batch body and validate every "
        "record; the records, or raises IngestError (with ``.index`` for a record's)."
    ),
}


@final
class Validator:
    """A compiled schema.  Build it once with :func:`compile`, call it many times.

    Immutable, thread-safe and picklable (it pickles as its schema and is compiled
    again on load); it never mutates what it checks.  ``check``, ``check_batch``,
    ``parse_record`` and ``parse_batch`` are plain functions held by the instance,
    generated for this schema (``source`` shows their code), so a call costs no
    method dispatch.
    """

    __slots__ = {
        **_DOCS,
        "_schema": "The Schema.",
        "_source": "The generated code's text.",
        "_errors": "The engine's errors().",
    }

    _schema: Schema
    _source: str
    _errors: Callable[[object], list[IngestError]]
    check: CheckFunction
    check_batch: CheckFunction
    parse_record: Callable[[str | bytes | bytearray | memoryview], dict[str, Any]]
    parse_batch: Callable[[str | bytes | bytearray | memoryview], list[dict[str, Any]]]

    def __init__(self, schema: Schema) -> None:
        engine = _Engine(schema)
        code = generate(
            [kind for _, kind in schema.items()],
            # Interned, so a lookup meets the record's key by identity when the record's
            # keys are interned too (string literals and identifiers in the caller's code).
            [sys.intern(name) for name, _ in schema.items()],
            resume=engine.resume,
            fail=engine.fail,
            undeclared=engine.undeclared,
            check_batch_slowly=engine.check_batch_slowly,
            with_index=_with_index,
            allowed_superset=engine.allowed_superset,
            timestamp=TIMESTAMP_MATCH,
            int_limit=_INT_LIMIT,
        )
        check: CheckFunction = code.check
        check_batch: CheckFunction = code.check_batch

        def parse_record(body: str | bytes | bytearray | memoryview) -> dict[str, Any]:
            record, may_be_deep = decode(body)
            error = check(record)
            if may_be_deep and _record_too_deep(record, error is None):
                raise _invalid_json_error(None)
            if error is not None:
                raise error
            return record  # type: ignore[no-any-return]

        def parse_batch(body: str | bytes | bytearray | memoryview) -> list[dict[str, Any]]:
            records, may_be_deep = decode(body)
            error = check_batch(records)
            if may_be_deep and _batch_too_deep(records, error is None):
                raise _invalid_json_error(None)
            if error is not None:
                raise error
            return records  # type: ignore[no-any-return]

        for function, name in ((check, "check"), (check_batch, "check_batch"),
                               (parse_record, "parse_record"), (parse_batch, "parse_batch")):
            function.__doc__ = _DOCS[name]  # help(validator.check) reads as a method would
            function.__qualname__ = f"Validator.{name}"
        set_ = object.__setattr__
        set_(self, "_schema", schema)
        set_(self, "_source", code.source)
        set_(self, "_errors", engine.errors)
        set_(self, "check", check)
        set_(self, "check_batch", check_batch)
        set_(self, "parse_record", parse_record)
        set_(self, "parse_batch", parse_batch)

    @property
    def schema(self) -> Schema:
        return self._schema

    @property
    def source(self) -> str:
        """The Python source generated for this schema (its ``check`` and ``check_batch``)."""
        return self._source

    def validate(self, record: object) -> None:
        """Raise the first problem as an IngestError; return None for a valid record."""
        error = self.check(record)
        if error is not None:
            raise error

    def is_valid(self, record: object) -> bool:
        return self.check(record) is None

    def errors(self, record: object) -> list[IngestError]:
        """Every problem, in the canonical order; ``errors(r)[:1] == [check(r)]`` or ``[]``."""
        return self._errors(record)

    def validate_batch(self, records: object) -> None:
        error = self.check_batch(records)
        if error is not None:
            raise error

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

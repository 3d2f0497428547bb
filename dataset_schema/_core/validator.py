"""Compiling a schema into a validator: a generated fast path over an exact engine.

Two layers, one answer, wired together here:

- ``codegen.py`` writes one plain function per schema for the common shape (an
  exact ``dict`` with exact ``str``/``int``/``float``/``bool`` values);
- ``engine.py`` reads the contract literally, rule by rule, for everything else:
  dict and str subclasses, missing and undeclared keys, wrong types.  The fast path
  hands over to it with how far it got, so an error costs little more than the
  checks before it (a failed timestamp is not matched again).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, final

from .._errors import IngestError
from .._schema import Schema, as_schema
from .accel import BodyDecoder, body_decoder, native_checks
from .body import Body, batch_too_deep, record_too_deep
from .codegen import generate
from .engine import Engine
from .errors import invalid_json_error
from .jsonvalue import encode_json
from .plan import plan_fields

__all__ = ["Validator", "compile"]

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


def _parser(
    check: CheckFunction, rules_only: CheckFunction, too_deep: Callable[[Any, bool], bool], decode: BodyDecoder
) -> Callable[[Body], Any]:
    """``parse_record`` or ``parse_batch``: decode, check, and the nesting limit first.

    On the native path ``check.verdict`` (accel/_native.c) is asked instead: True when the
    C code accepted the value itself (every record an exact dict whose context holds only
    scalars, three levels at most, so the nesting walk would find nothing), otherwise the
    pure answer.  The pure ``check`` never answers True.
    """
    verdict = getattr(check, "verdict", check)

    def parse(body: Body) -> Any:
        value, may_be_deep = decode(body)
        error = verdict(value)
        if error is True:
            return value
        if error is not None and error.code == "invalid_json":
            # Parsed text is JSON: only a context holding +-inf (1e400, a 5000-digit
            # literal) or nesting the decoder left to judge gets here; the record
            # rules alone answer (the inf stays accepted, as JSON.parse takes it).
            error = rules_only(value)
        if may_be_deep and too_deep(value, error is None):
            raise invalid_json_error(None)  # the JSON answer comes before the record's
        if error is not None:
            raise error
        return value

    return parse


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
    parse_record: Callable[[Body], dict[str, Any]]
    parse_batch: Callable[[Body], list[dict[str, Any]]]

    def __init__(self, schema: Schema) -> None:
        plan = plan_fields(schema)
        engine = Engine(plan)
        code = generate(plan, engine)
        decode = body_decoder()
        # The native fast path when it is built, each wrapping the pure function (accel/__init__.py).
        check, check_batch = native_checks(plan, code.check, code.check_batch)
        functions = {
            "check": check,
            "check_batch": check_batch,
            # msgspec's decoder when it is installed, the pure one otherwise (accel/__init__.py).
            "parse_record": _parser(check, engine.rules_only, record_too_deep, decode),
            "parse_batch": _parser(check_batch, engine.batch_rules_only, batch_too_deep, decode),
        }
        set_ = object.__setattr__
        for name, function in functions.items():
            # help(validator.check) reads as a method would; a native Checker has a
            # __dict__ for these, and its pure function (``__wrapped__``) gets them too.
            for target in (function, getattr(function, "__wrapped__", function)):
                target.__doc__ = _DOCS[name]
                target.__qualname__ = f"Validator.{name}"
            set_(self, name, function)
        set_(self, "_schema", schema)
        set_(self, "_source", code.source)
        set_(self, "_errors", engine.errors)

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

    def encode_record(self, record: object) -> bytes:
        """Validate as ``validate`` does (raising the same IngestError), then return the
        body to send: compact, ASCII-only JSON.  ``parse_record`` of it gives ``record`` back."""
        error = self.check(record)
        if error is not None:
            raise error
        return encode_json(record)

    def encode_batch(self, records: object) -> bytes:
        """Validate as ``validate_batch`` does, then return the batch body to send:
        ``b"[" + b",".join(encode_record(r) for r in records) + b"]"``."""
        error = self.check_batch(records)
        if error is not None:
            raise error
        return encode_json(records)

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

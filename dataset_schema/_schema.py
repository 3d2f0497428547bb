"""Schema definitions: ``{"fields": {name: type}}``, checked once and kept immutable."""

from __future__ import annotations

import json
import re
from types import MappingProxyType
from typing import Any, Iterator, Mapping, final

from ._errors import SchemaError

__all__ = ["FIELD_TYPES", "FLOAT_INT_LIMIT", "RESERVED_NAMES", "Schema"]

#: The field types a schema may declare, in the order messages list them.
FIELD_TYPES = ("string", "number", "boolean", "timestamp")

#: A ``number`` is a finite float64.  The ints that round to one lie strictly between
#: ``-FLOAT_INT_LIMIT`` and ``FLOAT_INT_LIMIT``: the limit is half-way between the largest
#: double (2**1024 - 2**971) and 2**1024, and round-half-to-even takes it up to 2**1024,
#: which overflows (``JSON.parse`` gives Infinity).  Here, below both the validator and
#: the strategies, so that the two rooms read one number.
FLOAT_INT_LIMIT = 2**1024 - 2**970

#: Top-level keys the API sets or requires itself; no schema may declare them.
RESERVED_NAMES = ("timestamp", "context", "__traceId")

_ALLOWED = ", ".join(FIELD_TYPES)

# The first line of a YAML mapping or document ("fields:", "amount: number", "---").
_LOOKS_LIKE_YAML = re.compile(r"\s*(---|#|[\w\"'-]+\s*:(\s|$))")
_WRAP_HINT = ' (only "fields" is allowed: declare the fields inside it, {"fields": {...}})'
_LOAD_HINT = (" (a file path or JSON text? read it first: "
              "ds.compile(ds.Schema.from_json(open(path, 'rb').read())))")


def _quote(name: str) -> str:
    # JSON quoting keeps hostile names (quotes, newlines, control characters) on one readable line.
    return json.dumps(name, ensure_ascii=False)


def _type_name(value: object) -> str:
    return type(value).__name__


def _check_field(name: object, kind: object) -> tuple[str, str]:
    if not isinstance(name, str):
        raise SchemaError(f"field names must be strings, got {_type_name(name)} {name!r}")
    if name == "":
        raise SchemaError("field names must not be empty")
    if name in RESERVED_NAMES:
        raise SchemaError(
            f"field name {_quote(name)} is reserved: timestamp, context and __traceId "
            "are top-level keys of every record and cannot be declared"
        )
    if not isinstance(kind, str):
        raise SchemaError(
            f"field {_quote(name)}: the type must be a string, got {_type_name(kind)} "
            f"(allowed: {_ALLOWED})"
        )
    if kind not in FIELD_TYPES:
        raise SchemaError(f"field {_quote(name)}: unknown type {_quote(kind)} (allowed: {_ALLOWED})")
    # Plain str copies: a str subclass with odd methods must not leak into compiled validators.
    return str.__str__(name), str.__str__(kind)


def _pairs_no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise SchemaError(f"key {_quote(key)} appears twice in the schema definition")
        result[key] = value
    return result


def _schema_error_for_constant(literal: str) -> Any:
    """NaN and Infinity in schema JSON: a SchemaError, as for any other invalid JSON."""
    raise SchemaError(f"schema is not valid JSON: {literal} is not a JSON value")


@final
class Schema:
    """A dataset's schema: declared fields, in order, each with one of ``FIELD_TYPES``.

    Immutable and hashable; two schemas are equal when they declare the same fields
    with the same types in the same order.
    """

    __slots__ = ("_fields", "_view")

    _fields: tuple[tuple[str, str], ...]
    _view: Mapping[str, str]

    def __init__(self, fields: Mapping[str, str]) -> None:
        if not isinstance(fields, Mapping):
            raise SchemaError(
                f'"fields" must be an object mapping field names to types, got {_type_name(fields)}'
            )
        checked = tuple(_check_field(name, kind) for name, kind in fields.items())
        object.__setattr__(self, "_fields", checked)
        object.__setattr__(self, "_view", MappingProxyType(dict(checked)))

    @classmethod
    def from_dict(cls, definition: object) -> Schema:
        """Build from a parsed definition ``{"fields": {name: type, ...}}``."""
        if not isinstance(definition, Mapping):
            raise SchemaError(f"a schema definition must be an object, got {_type_name(definition)}")
        unknown = [key for key in definition if key != "fields"]
        if unknown:
            # Bare fields ({"amount": "number"}) are the likely mistake: say how to wrap them.
            hint = _WRAP_HINT if "fields" not in definition else ' (only "fields" is allowed)'
            raise SchemaError(f"unknown key {_quote(str(unknown[0]))} in the schema definition{hint}")
        if "fields" not in definition:
            raise SchemaError('the schema definition has no "fields" object')
        return cls(definition["fields"])

    @classmethod
    def from_json(cls, text: str | bytes) -> Schema:
        """Build from JSON text (str, or UTF-8 bytes). Duplicate keys are a SchemaError."""
        if isinstance(text, (bytes, bytearray)):
            try:
                text = bytes(text).decode("utf-8")
            except UnicodeDecodeError as exc:
                raise SchemaError(f"schema is not valid UTF-8: {exc.reason} at byte {exc.start}") from None
        if not isinstance(text, str):
            raise SchemaError(f"schema JSON must be str or bytes, got {_type_name(text)}")
        if text.startswith("\ufeff"):
            raise SchemaError("schema is not valid JSON: it starts with a byte order mark (BOM); "
                              "save it as UTF-8 without a BOM")
        try:
            definition = json.loads(
                text, object_pairs_hook=_pairs_no_duplicates, parse_constant=_schema_error_for_constant
            )
        except json.JSONDecodeError as exc:
            yaml = " (only JSON schemas are read: this looks like YAML)" if _LOOKS_LIKE_YAML.match(text) else ""
            raise SchemaError(
                f"schema is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}{yaml}"
            ) from None
        except RecursionError:
            raise SchemaError("schema is not valid JSON: nested too deeply") from None
        except SchemaError:
            raise
        except ValueError as exc:  # integer literals past the interpreter's digit limit
            raise SchemaError(f"schema is not valid JSON: {exc}") from None
        return cls.from_dict(definition)

    @property
    def fields(self) -> Mapping[str, str]:
        """Read-only mapping of field name to type, in declaration order."""
        return self._view

    def items(self) -> tuple[tuple[str, str], ...]:
        """``(name, type)`` pairs in declaration order."""
        return self._fields

    def to_dict(self) -> dict[str, Any]:
        """The definition as plain data; ``Schema.from_dict(s.to_dict()) == s``."""
        return {"fields": dict(self._fields)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    # The exports live in _export; each method imports its module when called, so
    # ``import dataset_schema`` never loads them (the one allowed upward import).

    def to_json_schema(self, *, batch: bool = False) -> dict[str, Any]:
        """A JSON Schema 2020-12 document for one record (or, ``batch=True``, a batch).

        See docs/interop.md for what it guarantees and what JSON Schema cannot say.
        """
        from ._export import jsonschema

        return jsonschema.batch_schema(self) if batch else jsonschema.record_schema(self)

    def to_typescript(self) -> str:
        """A TypeScript declaration file (``.d.ts``) for this schema's JavaScript module."""
        from ._export import typescript

        return typescript.declarations(self)

    def to_javascript(self) -> str:
        """A dependency-free ES module validating records as this library does (docs/interop.md)."""
        from ._export import javascript

        return javascript.module_source(self)

    def __len__(self) -> int:
        return len(self._fields)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schema):
            return NotImplemented
        return self._fields == other._fields

    def __hash__(self) -> int:
        return hash(self._fields)

    def __repr__(self) -> str:
        return f"Schema({dict(self._fields)!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Schema is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Schema is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Schema, (dict(self._fields),))

    def __copy__(self) -> Schema:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Schema:
        return self


def as_schema(definition: Schema | Mapping[str, Any]) -> Schema:
    """A Schema from a Schema or a plain definition dict."""
    if isinstance(definition, Schema):
        return definition
    if isinstance(definition, (str, bytes)):
        raise SchemaError(f"a schema definition must be an object, got {_type_name(definition)}{_LOAD_HINT}")
    return Schema.from_dict(definition)

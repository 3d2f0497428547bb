"""Adapters for the peers a user might pick instead, each configured as strictly as it allows.

Every peer is optional: ``available()`` lists the ones importable here (install them
with ``pip install -e '.[bench]'``).  Each adapter turns our schema definition into the
peer's own (JSON Schema with ``format: date-time`` and ``additionalProperties: false``;
a pydantic v2 model with ``extra="forbid"``, strict scalars and ``datetime`` fields;
a msgspec Struct with ``forbid_unknown_fields`` and timezone-aware datetimes) and
offers the calls the workloads time.  None of them states the ingest API's rules
exactly; ``EDGE_CASES`` and :func:`disagreements` measure where each one differs.
"""

from __future__ import annotations

import datetime
import importlib
import json
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Callable

from workloads import VALID_RECORD


def json_schema(definition: dict[str, Any]) -> dict[str, Any]:
    types = {
        "string": {"type": "string"},
        "number": {"type": "number"},
        "boolean": {"type": "boolean"},
        "timestamp": {"type": "string", "format": "date-time"},
    }
    properties = {"timestamp": types["timestamp"], "context": {"type": "object"}}
    properties.update({name: types[kind] for name, kind in definition["fields"].items()})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _array_of(schema: dict[str, Any]) -> dict[str, Any]:
    item = {key: value for key, value in schema.items() if key != "$schema"}
    return {"$schema": schema["$schema"], "type": "array", "minItems": 1, "items": item}


@dataclass
class Peer:
    """One peer compiled for one schema."""

    name: str
    version: str
    is_valid: Callable[[Any], bool]            # one record (dict) -> bool, never raises
    check: Callable[[Any], Any]                # one record, the peer's natural call (may raise)
    check_batch: Callable[[Any], Any]          # a list of records, natural call (may raise)
    parse_record: Callable[[bytes], Any]       # a raw body, natural call (may raise)
    parse_batch: Callable[[bytes], Any]


def _swallow(call: Callable[[Any], Any], errors: tuple[type[BaseException], ...]) -> Callable[[Any], bool]:
    def is_valid(value: Any) -> bool:
        try:
            call(value)
        except errors:
            return False
        return True

    return is_valid


def _fastjsonschema(definition: dict[str, Any]) -> Peer:
    import fastjsonschema

    schema = json_schema(definition)
    check = fastjsonschema.compile(schema)
    check_batch = fastjsonschema.compile(_array_of(schema))
    loads = json.loads
    return Peer(
        "fastjsonschema", metadata.version("fastjsonschema"),
        _swallow(check, (fastjsonschema.JsonSchemaException,)),
        check, check_batch,
        lambda body: check(loads(body)), lambda body: check_batch(loads(body)),
    )


def _jsonschema(definition: dict[str, Any]) -> Peer:
    import jsonschema

    schema = json_schema(definition)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    batch = jsonschema.Draft202012Validator(_array_of(schema), format_checker=checker)
    loads = json.loads
    return Peer(
        "jsonschema", metadata.version("jsonschema"),
        validator.is_valid, validator.is_valid, batch.is_valid,
        lambda body: validator.is_valid(loads(body)), lambda body: batch.is_valid(loads(body)),
    )


def _jsonschema_rs(definition: dict[str, Any]) -> Peer:
    import jsonschema_rs

    schema = json_schema(definition)
    validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    batch = jsonschema_rs.Draft202012Validator(_array_of(schema), validate_formats=True)
    loads = json.loads
    return Peer(
        "jsonschema-rs", metadata.version("jsonschema-rs"),
        validator.is_valid, validator.is_valid, batch.is_valid,
        lambda body: validator.is_valid(loads(body)), lambda body: batch.is_valid(loads(body)),
    )


def _pydantic(definition: dict[str, Any]) -> Peer:
    import pydantic
    from pydantic import ConfigDict, StrictBool, StrictFloat, StrictStr, TypeAdapter

    types: dict[str, Any] = {
        "string": StrictStr, "number": StrictFloat, "boolean": StrictBool, "timestamp": datetime.datetime,
    }
    fields: dict[str, Any] = {"timestamp": (datetime.datetime, ...), "context": (dict, ...)}
    fields.update({name: (types[kind], ...) for name, kind in definition["fields"].items()})
    model = pydantic.create_model(  # type: ignore[call-overload]
        "Record", __config__=ConfigDict(extra="forbid", allow_inf_nan=False), **fields
    )
    batch = TypeAdapter(list[model])  # type: ignore[valid-type]
    return Peer(
        "pydantic", metadata.version("pydantic"),
        _swallow(model.model_validate, (pydantic.ValidationError,)),
        model.model_validate, batch.validate_python, model.model_validate_json, batch.validate_json,
    )


def _msgspec(definition: dict[str, Any]) -> Peer:
    from typing import Annotated

    import msgspec

    aware = Annotated[datetime.datetime, msgspec.Meta(tz=True)]
    types: dict[str, Any] = {"string": str, "number": float, "boolean": bool, "timestamp": aware}
    fields = [("timestamp", aware), ("context", dict)]
    fields += [(name, types[kind]) for name, kind in definition["fields"].items()]
    model = msgspec.defstruct("Record", fields, forbid_unknown_fields=True)
    decoder = msgspec.json.Decoder(model)
    batch_decoder = msgspec.json.Decoder(list[model])  # type: ignore[valid-type]
    convert = msgspec.convert

    def check(record: Any) -> Any:
        return convert(record, model)

    def check_batch(records: Any) -> Any:
        return convert(records, list[model])  # type: ignore[valid-type]

    return Peer(
        "msgspec", metadata.version("msgspec"),
        _swallow(check, (msgspec.ValidationError,)),
        check, check_batch, decoder.decode, batch_decoder.decode,
    )


_MAKERS = {
    "fastjsonschema": ("fastjsonschema", _fastjsonschema),
    "jsonschema": ("jsonschema", _jsonschema),
    "pydantic": ("pydantic", _pydantic),
    "msgspec": ("msgspec", _msgspec),
    "jsonschema-rs": ("jsonschema_rs", _jsonschema_rs),
}


def available() -> list[str]:
    names = []
    for name, (module, _) in _MAKERS.items():
        try:
            importlib.import_module(module)
        except ImportError:
            continue
        names.append(name)
    return names


def build(name: str, definition: dict[str, Any]) -> Peer:
    return _MAKERS[name][1](definition)


# -- where each peer's answer differs from the contract ------------------------------

def _with(**changes: Any) -> dict[str, Any]:
    record = dict(VALID_RECORD)
    for key, value in changes.items():
        if value is _DROP:
            del record[key]
        else:
            record[key] = value
    return record


_DROP = object()

#: (what, record, valid under the contract?) on the seed schema.
EDGE_CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("number: NaN", _with(amount=float("nan")), False),
    ("number: infinity", _with(amount=float("inf")), False),
    ("number: int too big for float64 (2**1100)", _with(amount=2**1100), False),
    ("number: true", _with(amount=True), False),
    ('number: "12.5"', _with(amount="12.5"), False),
    ("boolean: 1", _with(active=1), False),
    ("string: 840", _with(country=840), False),
    ("string: null", _with(country=None), False),
    ("timestamp: 2025-02-29 (not a leap year)", _with(signup_at="2025-02-29T08:15:30Z"), False),
    ("timestamp: hour 24", _with(signup_at="2026-06-10T24:00:00Z"), False),
    ("timestamp: leap second :60", _with(signup_at="2026-06-30T23:59:60Z"), False),
    ("timestamp: no offset", _with(signup_at="2026-06-10T10:00:00"), False),
    ("timestamp: space separator", _with(signup_at="2026-06-10 10:00:00Z"), False),
    ("timestamp: non-ASCII digits", _with(signup_at="\u0662\u0660\u0662\u0666-06-10T10:00:00Z"), False),
    ("timestamp: basic offset +0100", _with(signup_at="2026-06-10T10:00:00+0100"), False),
    ("timestamp: date only", _with(signup_at="2026-06-10"), False),
    ("timestamp: trailing newline", _with(signup_at="2026-06-10T10:00:00Z\n"), False),
    ("timestamp: offset +24:00", _with(signup_at="2026-06-10T10:00:00+24:00"), False),
    ("timestamp: a datetime object", _with(signup_at=datetime.datetime(2026, 6, 10, tzinfo=datetime.timezone.utc)), False),
    ("timestamp: unix seconds 1781085600", _with(signup_at=1781085600), False),
    ("record timestamp: no offset", _with(timestamp="2026-06-10T10:00:00"), False),
    ("context: a list", _with(context=[]), False),
    ("context: missing", _with(context=_DROP), False),
    ("extra key", _with(coupon="SPRING"), False),
    ("missing field", _with(plan=_DROP), False),
    ("valid: lowercase t and z", _with(signup_at="2026-06-10t10:00:00z"), True),
    ("valid: year 0000", _with(signup_at="0000-01-01T00:00:00Z"), True),
    ("valid: 2000-02-29", _with(signup_at="2000-02-29T00:00:00Z"), True),
    ("valid: 10 fraction digits", _with(signup_at="2026-06-10T10:00:00.1234567891Z"), True),
    ("valid: offset -23:59", _with(signup_at="2026-06-10T10:00:00-23:59"), True),
    ("valid: int amount 10**20", _with(amount=10**20), True),
]


def disagreements(is_valid: Callable[[Any], bool]) -> list[str]:
    """The edge cases on which ``is_valid`` does not give the contract's answer."""
    wrong = []
    for what, record, expected in EDGE_CASES:
        try:
            answer = bool(is_valid(record))
        except Exception as error:  # a peer that raises where it should answer
            wrong.append(f"{what} (raised {type(error).__name__})")
            continue
        if answer != expected:
            wrong.append(what)
    return wrong

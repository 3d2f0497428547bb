"""Schema definitions: what compiles, what is a SchemaError, and value semantics."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

import dataset_schema as ds

from .support.seed import SEED_SCHEMA


def test_round_trip_keeps_field_order() -> None:
    definition = {"fields": {"z": "string", "a": "number", "m": "boolean", "b": "timestamp"}}
    schema = ds.Schema.from_dict(definition)
    assert schema.to_dict() == definition
    assert list(schema.to_dict()["fields"]) == ["z", "a", "m", "b"]
    assert list(schema.fields) == ["z", "a", "m", "b"]
    assert ds.Schema.from_dict(schema.to_dict()) == schema
    assert ds.Schema.from_json(schema.to_json()) == schema


def test_equality_is_by_value_and_order() -> None:
    a = ds.Schema.from_dict({"fields": {"x": "string", "y": "number"}})
    b = ds.Schema.from_json('{"fields": {"x": "string", "y": "number"}}')
    c = ds.Schema.from_dict({"fields": {"y": "number", "x": "string"}})
    assert a == b and hash(a) == hash(b)
    assert a != c
    assert a != {"fields": {"x": "string", "y": "number"}}


def test_schema_is_immutable() -> None:
    schema = ds.Schema.from_dict(SEED_SCHEMA)
    with pytest.raises(AttributeError):
        schema._fields = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        schema.fields["country"] = "number"  # type: ignore[index]
    # Changing the dict it was built from changes nothing.
    definition: dict[str, Any] = {"fields": {"a": "string"}}
    built = ds.Schema.from_dict(definition)
    definition["fields"]["a"] = "number"
    assert built.fields["a"] == "string"


def test_schema_pickles_and_copies() -> None:
    schema = ds.Schema.from_dict(SEED_SCHEMA)
    assert pickle.loads(pickle.dumps(schema)) == schema
    assert copy.deepcopy(schema) == schema


def test_empty_schema_is_allowed() -> None:
    schema = ds.Schema.from_dict({"fields": {}})
    assert len(schema) == 0
    assert ds.compile(schema).check({"timestamp": "2026-01-01T00:00:00Z", "context": {}}) is None


@pytest.mark.parametrize(
    ("definition", "fragment"),
    [
        ([], "must be an object, got list"),
        ("{}", "must be an object, got str"),
        (None, "must be an object, got NoneType"),
        ({}, 'no "fields"'),
        ({"fields": []}, '"fields" must be an object'),
        ({"fields": "string"}, '"fields" must be an object'),
        ({"fields": None}, '"fields" must be an object'),
        ({"fields": {}, "name": "x"}, 'unknown key "name"'),
        ({"fields": {"a": "integer"}}, 'field "a": unknown type "integer" (allowed: string, number, boolean, timestamp)'),
        ({"fields": {"a": "String"}}, 'unknown type "String"'),
        ({"fields": {"a": " string"}}, 'unknown type " string"'),
        ({"fields": {"a": 1}}, 'field "a": the type must be a string, got int'),
        ({"fields": {"a": None}}, "got NoneType"),
        ({"fields": {"a": ["string"]}}, "got list"),
        ({"fields": {"": "string"}}, "must not be empty"),
        ({"fields": {"timestamp": "timestamp"}}, 'field name "timestamp" is reserved'),
        ({"fields": {"context": "string"}}, 'field name "context" is reserved'),
        ({"fields": {"__traceId": "string"}}, 'field name "__traceId" is reserved'),
        ({"fields": {1: "string"}}, "field names must be strings, got int"),
    ],
)
def test_bad_definitions_name_the_problem(definition: Any, fragment: str) -> None:
    with pytest.raises(ds.SchemaError) as info:
        ds.compile(definition)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_type_message_names_field_and_allowed_types() -> None:
    with pytest.raises(ds.SchemaError, match=r'^field "price": unknown type "float" \(allowed: string, number, boolean, timestamp\)$'):
        ds.Schema.from_dict({"fields": {"price": "float"}})


def test_hostile_field_names_are_quoted_on_one_line() -> None:
    with pytest.raises(ds.SchemaError) as info:
        ds.Schema.from_dict({"fields": {'a"b\nc': "text"}})
    assert str(info.value) == 'field "a\\"b\\nc": unknown type "text" (allowed: string, number, boolean, timestamp)'


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "not valid JSON"),
        ("{", "not valid JSON"),
        ('{"fields": {}} x', "not valid JSON"),
        ('{"fields": {"a": NaN}}', "NaN is not a JSON value"),
        (b"\xff{}", "not valid UTF-8"),
        ('{"fields": {"a": "string", "a": "number"}}', 'key "a" appears twice'),
        ('{"fields": {}, "fields": {}}', 'key "fields" appears twice'),
        ("[" * 100_000, "not valid JSON"),
        ('{"fields": {"a": ' + "1" * 5000 + "}}", "not valid JSON"),
        ("[]", "must be an object, got list"),
    ],
)
def test_from_json_errors(text: str | bytes, fragment: str) -> None:
    with pytest.raises(ds.SchemaError) as info:
        ds.Schema.from_json(text)
    assert fragment in str(info.value)


def test_from_json_accepts_utf8_bytes_and_non_ascii_names() -> None:
    schema = ds.Schema.from_json('{"fields": {"país": "string", "日付": "timestamp"}}'.encode())
    assert list(schema.fields) == ["país", "日付"]


def test_compile_accepts_schema_or_dict() -> None:
    assert ds.compile(SEED_SCHEMA) == ds.compile(ds.Schema.from_dict(SEED_SCHEMA))
    assert ds.compile(SEED_SCHEMA).schema == ds.Schema.from_dict(SEED_SCHEMA)


def test_a_path_given_to_compile_gets_a_hint_to_load_it() -> None:
    with pytest.raises(ds.SchemaError, match=r"got str \(a file path or JSON text\? read it first: "
                       r"ds\.compile\(ds\.Schema\.from_json\(open\(path"):
        ds.compile("schema.json")  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "hint"), [
    ("fields:\n  a: number", "only JSON schemas are read: this looks like YAML"),
    ("---\nfields: {}", "this looks like YAML"),
    ('\ufeff{"fields": {}}', "byte order mark (BOM)"),
    (b'\xef\xbb\xbf{"fields": {}}', "byte order mark (BOM)"),
    ('{"a": "number"}', '{"fields": {...}}'),
])
def test_likely_mistakes_are_named(text: str | bytes, hint: str) -> None:
    with pytest.raises(ds.SchemaError) as caught:
        ds.Schema.from_json(text)
    assert hint in caught.value.message


def test_no_yaml_hint_for_broken_json() -> None:
    with pytest.raises(ds.SchemaError) as caught:
        ds.Schema.from_json('{"fields": ')
    assert "YAML" not in caught.value.message

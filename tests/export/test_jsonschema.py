"""Schema.to_json_schema(): valid 2020-12 documents that accept exactly what the validator accepts."""

from __future__ import annotations

import json
import os
import re
from typing import Any, Iterator

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema import strategies as dss
from dataset_schema._export.grammar import ECMA_TIMESTAMP_PATTERN

from ..support.seed import SEED_SCHEMA, seed_record

LIMIT = 2**1024 - 2**970


def _examples(count: int) -> int:
    return int(os.environ.get("HYPOTHESIS_MAX", count))


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[jsonschema.ValidationError]:
    # ECMA-262's "$" (no m flag) matches only at the end of the input; Python's re also
    # matches it before a final "\n".  JSON Schema patterns are ECMA-262, so the test
    # reads them that way (docs/interop.md: stock python-jsonschema differs here).
    python_pattern = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
    if validator.is_type(instance, "string") and re.search(python_pattern, instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


EcmaValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})


def _validator(document: dict[str, Any], check: bool = True) -> Any:
    if check:  # 50 ms a document: done for fixed schemas, not per generated example
        jsonschema.Draft202012Validator.check_schema(document)
    return EcmaValidator(document)


# Drawing records costs up to ~0.1 s an example on a busy machine, so the counts here are
# fixed to keep this module in seconds; HYPOTHESIS_MAX=N runs a longer search.
@settings(max_examples=_examples(30))
@given(dss.schemas(), st.data())
def test_accepts_exactly_what_the_validator_accepts(definition: dict[str, Any], data: st.DataObject) -> None:
    schema = ds.Schema.from_dict(definition)
    record_doc = _validator(schema.to_json_schema(), check=False)
    batch_doc = _validator(schema.to_json_schema(batch=True), check=False)
    valid = data.draw(dss.records(schema))
    assert record_doc.is_valid(valid)
    invalid, message = data.draw(dss.invalid_records(schema, json_only=True))
    assert ds.compile(schema).check(invalid).message == message  # the strategy's own promise
    assert not record_doc.is_valid(invalid)
    position = data.draw(st.integers(0, 2))
    assert batch_doc.is_valid([valid] * 3)
    assert not batch_doc.is_valid([valid] * position + [invalid] + [valid])


# Field names that break naive exporters: quotes, markup, line separators, prototype keys.
HOSTILE = ds.Schema.from_dict({"fields": {
    'a"b': "string", "</script>": "number", "\u2028\u2029": "boolean", "__proto__": "timestamp",
    "constructor": "string", "$ref": "number", "0": "boolean", "\ud800": "string",
}})
FIXED = [ds.Schema.from_dict(SEED_SCHEMA), HOSTILE]
FIXED_DOCS = [EcmaValidator(schema.to_json_schema()) for schema in FIXED]


@pytest.mark.parametrize("which", [0, 1])
@settings(max_examples=_examples(50))
@given(data=st.data())
def test_fixed_schemas_accept_exactly_what_the_validator_accepts(which: int, data: st.DataObject) -> None:
    schema, doc = FIXED[which], FIXED_DOCS[which]
    assert doc.is_valid(data.draw(dss.records(schema)))
    invalid, _ = data.draw(dss.invalid_records(schema, json_only=True))
    assert not doc.is_valid(invalid)


@given(st.one_of(dss.timestamps(), dss.invalid_timestamps()))
def test_timestamp_pattern_is_the_core_grammar(text: str) -> None:
    python_pattern = ECMA_TIMESTAMP_PATTERN[:-1] + r"\Z"
    assert (re.search(python_pattern, text) is not None) == ds.is_timestamp(text)


@pytest.mark.parametrize("value, valid", [
    (LIMIT - 1, True), (-(LIMIT - 1), True), (1.7976931348623157e308, True), (0, True), (-0.0, True),
    (LIMIT, False), (-LIMIT, False), (float("inf"), False), (float("-inf"), False),
    (True, False), ("1", False), (None, False),
])
def test_number_bound_is_the_overflow_threshold(value: object, valid: bool) -> None:
    doc = _validator(ds.Schema.from_dict({"fields": {"n": "number"}}).to_json_schema())
    record = {"timestamp": "2026-06-10T10:00:00Z", "context": {}, "n": value}
    assert doc.is_valid(record) is valid
    assert (ds.compile({"fields": {"n": "number"}}).check(record) is None) is valid


def test_seed_examples() -> None:
    doc = _validator(ds.Schema.from_dict(SEED_SCHEMA).to_json_schema())
    assert doc.is_valid(seed_record())
    for broken in (seed_record(amount="12.5"), seed_record(extra="x"), seed_record(signup_at="2026-02-29T00:00:00Z"),
                   seed_record(timestamp="2026-06-10 10:58:00Z"), seed_record(context=[])):
        assert not doc.is_valid(broken)


def test_document_shape_and_definition_ride_along() -> None:
    schema = ds.Schema.from_dict({"fields": {"b": "boolean", "a\"</script>\u2028": "timestamp", "__proto__": "string"}})
    doc = schema.to_json_schema()
    _validator(doc)
    _validator(schema.to_json_schema(batch=True))
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["required"] == ["timestamp", "context", "b", "a\"</script>\u2028", "__proto__"]
    assert doc["additionalProperties"] is False
    assert ds.Schema.from_dict(doc["x-dataset-schema"]) == schema
    batch = schema.to_json_schema(batch=True)
    assert batch["minItems"] == 1 and ds.Schema.from_dict(batch["x-dataset-schema"]) == schema
    # Plain JSON: no NaN, and a round trip through text changes nothing.
    for document in (doc, batch):
        assert json.loads(json.dumps(document, allow_nan=False)) == document


def test_stock_python_jsonschema_takes_a_trailing_newline() -> None:
    # Pinned difference (docs/interop.md): python-jsonschema applies patterns with re.search,
    # whose "$" also matches before a final newline.  ECMA-262 engines refuse it.
    doc = ds.Schema.from_dict({"fields": {}}).to_json_schema()
    record = {"timestamp": "2026-06-10T10:00:00Z\n", "context": {}}
    assert jsonschema.Draft202012Validator(doc).is_valid(record)
    assert not EcmaValidator(doc).is_valid(record)
    assert ds.compile({"fields": {}}).check(record).code == "invalid_timestamp"


def test_exporting_does_not_load_at_import() -> None:
    import subprocess
    import sys

    code = "import sys, dataset_schema; print(any(m.startswith('dataset_schema._export') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"

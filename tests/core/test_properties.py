"""Property tests: the compiled validator against the literal reference, on generated data."""

from __future__ import annotations

import datetime
import decimal
import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema._core import reference as ref

TYPES = list(ds.FIELD_TYPES)

names = st.text(min_size=1, max_size=12).filter(lambda n: n not in ds.RESERVED_NAMES)
schemas = st.dictionaries(names, st.sampled_from(TYPES), max_size=8).map(lambda f: ds.Schema.from_dict({"fields": f}))


@st.composite
def timestamps(draw: st.DrawFn) -> str:
    moment = draw(st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31, 23, 59, 59)))
    text = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    text += draw(st.sampled_from("Tt"))
    text += f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    text += draw(st.sampled_from(["", ".0", ".5", f".{moment.microsecond:06d}", ".123456789123"]))
    offset = draw(st.one_of(st.sampled_from(["Z", "z"]), st.tuples(st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59))
                            .map(lambda o: f"{o[0]}{o[1]:02d}:{o[2]:02d}")))
    return text + offset


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
)
json_values = st.recursive(json_scalars, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                                   st.dictionaries(st.text(max_size=5), kids, max_size=3)),
                           max_leaves=8)

VALUES = {
    "string": st.text(max_size=10),
    "number": st.one_of(st.integers(min_value=-(2**1023), max_value=2**1023), st.floats(allow_nan=False, allow_infinity=False)),
    "boolean": st.booleans(),
    "timestamp": timestamps(),
}

# Values that are wrong (or right, by chance) for some type: the engines must agree either way.
any_value = st.one_of(
    json_values, timestamps(), st.just(math.nan), st.just(math.inf), st.just(10**400), st.just(2**1024 - 2**970),
    st.sampled_from(["2026-02-29T00:00:00Z", "2026-06-10T10:00:00Z\n", "2026-06-10", "٢٠٢٦-06-10T10:58:00Z"]),
)


@st.composite
def valid_records(draw: st.DrawFn, schema: ds.Schema) -> dict[str, Any]:
    record: dict[str, Any] = {"timestamp": draw(timestamps()), "context": draw(st.dictionaries(st.text(max_size=5), json_values, max_size=3))}
    for name, kind in schema.items():
        record[name] = draw(VALUES[kind])
    keys = draw(st.permutations(list(record)))
    return {key: record[key] for key in keys}


@st.composite
def mutated_records(draw: st.DrawFn, schema: ds.Schema) -> Any:
    record = draw(valid_records(schema))
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["drop", "retype", "extra", "reorder", "not-object", "nothing"]))
        keys = list(record) if isinstance(record, dict) else []
        if action == "drop" and keys:
            del record[draw(st.sampled_from(keys))]
        elif action == "retype" and keys:
            record[draw(st.sampled_from(keys))] = draw(any_value)
        elif action == "extra" and isinstance(record, dict):
            record[draw(st.text(max_size=6))] = draw(any_value)
        elif action == "reorder" and keys:
            order = draw(st.permutations(keys))
            record = {key: record[key] for key in order}
        elif action == "not-object":
            record = draw(st.one_of(json_scalars, st.lists(json_values, max_size=2)))
    return record


@given(st.data())
def test_valid_records_pass(data: st.DataObject) -> None:
    schema = data.draw(schemas)
    record = data.draw(valid_records(schema))
    validator = ds.compile(schema)
    assert validator.check(record) is None
    assert validator.errors(record) == []
    assert ref.reference_errors(schema, record) == []
    assert validator.parse_record(json.dumps(record)) == record


@given(st.data())
def test_check_and_errors_match_reference(data: st.DataObject) -> None:
    schema = data.draw(schemas)
    record = data.draw(mutated_records(schema))
    validator = ds.compile(schema)
    expected = ref.reference_errors(schema, record)
    assert validator.errors(record) == expected
    assert validator.check(record) == (expected[0] if expected else None)


@given(st.data())
def test_batches_match_reference(data: st.DataObject) -> None:
    schema = data.draw(schemas)
    records = data.draw(st.lists(st.one_of(valid_records(schema), mutated_records(schema)), max_size=5))
    validator = ds.compile(schema)
    expected = ref.reference_check_batch(schema, records)
    assert validator.check_batch(records) == expected
    assert (expected is None) or (expected.index is None) == (not records)


def _answer(parse: Any, body: Any) -> Any:
    try:
        return ("ok", parse(body))
    except ds.IngestError as error:
        return ("error", error)


@given(st.data())
def test_bodies_match_reference(data: st.DataObject) -> None:
    schema = data.draw(schemas)
    batch = data.draw(st.booleans())
    if batch:
        value: Any = data.draw(st.lists(st.one_of(valid_records(schema), mutated_records(schema)), max_size=4))
    else:
        value = data.draw(mutated_records(schema))
    text = json.dumps(value, ensure_ascii=data.draw(st.booleans()))  # NaN and Infinity come out as non-JSON
    body = text.encode("utf-8", "surrogatepass") if data.draw(st.booleans()) else text
    validator = ds.compile(schema)
    if batch:
        got, expected = _answer(validator.parse_batch, body), _answer(lambda b: ref.reference_parse_batch(schema, b), body)
    else:
        got, expected = _answer(validator.parse_record, body), _answer(lambda b: ref.reference_parse_record(schema, b), body)
    assert repr(got) == repr(expected)  # repr: NaN-free data compares the same, errors compare by value


@given(st.binary(max_size=200))
def test_arbitrary_bytes_match_reference(body: bytes) -> None:
    validator = ds.compile({"fields": {"a": "number"}})
    for parse, reference in ((validator.parse_record, ref.reference_parse_record), (validator.parse_batch, ref.reference_parse_batch)):
        got = _answer(parse, body)
        expected = _answer(lambda b: reference({"fields": {"a": "number"}}, b), body)
        assert repr(got) == repr(expected)


class _Odd:
    def __eq__(self, other: object) -> bool:
        raise RuntimeError


python_values = st.recursive(
    st.one_of(json_scalars, st.binary(max_size=3), st.just(decimal.Decimal("1.5")), st.just(datetime.date(2026, 1, 1)),
              st.just(math.nan), st.just(1j), st.just(_Odd()), st.just(object()), st.builds(frozenset)),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.tuples(kids, kids),
                           st.dictionaries(st.one_of(st.text(max_size=4), st.integers(), st.none()), kids, max_size=4),
                           st.dictionaries(st.sampled_from(["timestamp", "context", "a"]), kids, max_size=3)),
    max_leaves=10,
)


@given(python_values)
def test_check_never_raises(value: Any) -> None:
    validator = ds.compile({"fields": {"a": "number", "b": "timestamp"}})
    result = validator.check(value)
    assert result is None or isinstance(result, ds.IngestError)
    assert isinstance(validator.errors(value), list)
    batch = validator.check_batch([value, value])
    # A record's error has its index; a batch that is not JSON (docs/contract.md) has none.
    assert batch is None or batch.index in (0, 1) or (batch.code == "invalid_json" and batch.index is None)


@given(schemas)
def test_schema_round_trips(schema: ds.Schema) -> None:
    assert ds.Schema.from_dict(schema.to_dict()) == schema
    assert ds.Schema.from_json(schema.to_json()) == schema
    assert ds.Schema.from_json(schema.to_json().encode()) == schema

"""encode_record/encode_batch, and check judging a record as the API would judge its JSON.

The invariant (docs/contract.md, "Python objects given to check"): for a record made of
what JSON carries, check(r) is the answer of parse_record(json.dumps(r)); anything else
is refused, and encode_record raises that same error.  Accepted records round-trip.
"""

from __future__ import annotations

import collections
import datetime
import decimal
import enum
import functools
import json
import math
import sys
import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema._core.reference import reference_check, reference_check_batch, reference_errors

from ..support.seed import SEED_SCHEMA, seed_record

V = ds.compile(SEED_SCHEMA)
INVALID_JSON = ds.IngestError("Invalid JSON body", "invalid_json", 400)


def outcome(call: Any, *args: Any) -> Any:
    """What ``call`` answers: the IngestError it raised or returned, else None."""
    try:
        result = call(*args)
    except ds.IngestError as error:
        return error
    return result if isinstance(result, ds.IngestError) else None


# -- JSON-native records: what json.loads can give back ------------------------------------

scalars = (st.none() | st.booleans() | st.integers() | st.text(max_size=8)
           | st.floats(allow_nan=False, allow_infinity=False))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=6)
field_values = {
    "country": st.sampled_from(["RO", ""]) | scalars,
    "plan": st.sampled_from(["pro", "free"]) | scalars,
    "amount": st.floats(allow_nan=False, allow_infinity=False) | scalars,
    "active": st.booleans() | scalars,
    "signup_at": st.sampled_from(["2026-06-01T08:00:00Z", "2026-02-30T08:00:00Z"]) | json_values,
}


@st.composite
def native_records(draw: st.DrawFn) -> Any:
    record: dict[str, Any] = {"timestamp": draw(st.sampled_from(["2026-06-10T10:58:00Z", "2026-06-10", 1])),
                              "context": draw(st.dictionaries(st.text(max_size=5), json_values, max_size=4)
                                              | json_values)}
    for name, values in field_values.items():
        if draw(st.integers(0, 9)):  # sometimes missing
            record[name] = draw(values)
    if not draw(st.integers(0, 5)):
        record[draw(st.text(max_size=3))] = draw(scalars)
    return record if draw(st.integers(0, 20)) else draw(json_values)


@given(native_records())
def test_check_is_the_answer_to_its_json_encoding(record: Any) -> None:
    body = json.dumps(record, allow_nan=False)
    expected = outcome(V.parse_record, body)
    assert V.check(record) == expected
    assert reference_check(SEED_SCHEMA, record) == expected
    assert V.errors(record)[:1] == reference_errors(SEED_SCHEMA, record)[:1] == ([expected] if expected else [])


@given(st.lists(native_records(), max_size=3))
def test_check_batch_is_the_answer_to_its_json_encoding(records: list[Any]) -> None:
    expected = outcome(V.parse_batch, json.dumps(records, allow_nan=False))
    assert V.check_batch(records) == expected
    assert reference_check_batch(SEED_SCHEMA, records) == expected


valid_records = st.builds(
    lambda context, amount, country: seed_record(context=context, amount=amount, country=country),
    st.dictionaries(st.text(max_size=5), json_values, max_size=4),
    st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**1000), 2**1000),
    st.text(),
)


@given(valid_records)
def test_accepted_records_round_trip(record: dict[str, Any]) -> None:
    assert V.check(record) is None
    body = V.encode_record(record)
    assert V.parse_record(body) == record
    assert body.isascii()


@given(st.lists(valid_records, min_size=1, max_size=3))
def test_accepted_batches_round_trip(records: list[dict[str, Any]]) -> None:
    body = V.encode_batch(records)
    assert V.parse_batch(body) == records
    assert body == b"[" + b",".join(V.encode_record(r) for r in records) + b"]"


# -- what JSON cannot carry -------------------------------------------------------------------

class MyFloat(float):
    pass


class Color(enum.IntEnum):
    RED = 1


def cyclic_dict() -> dict[str, Any]:
    d: dict[str, Any] = {}
    d["self"] = d
    return d


def cyclic_list() -> list[Any]:
    items: list[Any] = []
    items.append(items)
    return items


def nested(levels: int) -> Any:
    """Objects nested ``levels`` deep: {"a": {"a": ... {}}}."""
    value: Any = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


NOT_JSON = {
    "nan": math.nan, "inf": math.inf, "-inf": -math.inf, "float subclass nan": MyFloat("nan"),
    "bytes": b"x", "bytearray": bytearray(b"x"), "datetime": datetime.datetime(2026, 6, 10),
    "date": datetime.date(2026, 6, 10), "decimal": decimal.Decimal("1.5"), "set": {1}, "frozenset": frozenset(),
    "tuple": (1, 2), "complex": 1j, "object": object(), "type": str, "int past 4300 digits": 10**4300,
    "nested nan": {"a": [1, {"b": math.nan}]}, "nested tuple": [[(1,)]], "non-str key": {1: "x"},
    "None key": {None: 1}, "tuple key": {(1,): 1}, "mapping proxy": __import__("types").MappingProxyType({}),
}
# Nesting past the body's limit: a cycle is infinitely deep.
TOO_DEEP = {"dict cycle": cyclic_dict(), "list cycle": cyclic_list(), "too deep": nested(512),
            "deep list": functools.reduce(lambda inner, _: [inner], range(600), [])}


def invalid_json_at(index: int) -> ds.IngestError:
    return INVALID_JSON.with_index(index)


@pytest.mark.parametrize("value", NOT_JSON.values(), ids=NOT_JSON.keys())
def test_a_context_holding_what_json_cannot_carry_is_invalid_json_at_the_context_rule(value: Any) -> None:
    record = seed_record(context={"v": value})
    assert V.check(record) == reference_check(SEED_SCHEMA, record) == INVALID_JSON
    assert V.errors(record) == reference_errors(SEED_SCHEMA, record) == [INVALID_JSON]
    with pytest.raises(ds.IngestError) as caught:
        V.encode_record(record)
    assert caught.value == INVALID_JSON
    # After the payload and timestamp rules, before undeclared keys and the fields,
    # as "context must be an object" is.
    for earlier in (seed_record(context={"v": value}, timestamp="2026-06-10"),
                    {**seed_record(context={"v": value}), 1: "x"}):
        assert V.check(earlier) == reference_check(SEED_SCHEMA, earlier) != INVALID_JSON
    broken = seed_record(context={"v": value}, amount="1", extra=1)
    assert V.check(broken) == reference_check(SEED_SCHEMA, broken) == INVALID_JSON
    assert V.errors(broken) == reference_errors(SEED_SCHEMA, broken)
    assert [error.code for error in V.errors(broken)] == ["invalid_json", "extra_field", "invalid_number_field"]
    # In a batch it is that record's error, with its index, in record order.
    for batch, expected in (([seed_record(), record], invalid_json_at(1)),
                            ([seed_record(amount="1"), record], V.check(seed_record(amount="1")).with_index(0)),
                            ([record, seed_record(amount="1")], invalid_json_at(0))):
        assert V.check_batch(batch) == reference_check_batch(SEED_SCHEMA, batch) == expected
        with pytest.raises(ds.IngestError) as caught:
            V.encode_batch(batch)
        assert caught.value == expected


@pytest.mark.parametrize("value", TOO_DEEP.values(), ids=TOO_DEEP.keys())
def test_nesting_past_the_limit_anywhere_is_invalid_json_before_any_record_rule(value: Any) -> None:
    for record in (seed_record(context={"v": value}), seed_record(context={"v": value}, timestamp="2026-06-10"),
                   seed_record(amount=value), seed_record(signup_at=value), seed_record(extra=value),
                   {**seed_record(context=[value]), 1: "x"}, [seed_record(extra=value)]):
        assert V.check(record) == reference_check(SEED_SCHEMA, record) == INVALID_JSON
        assert V.errors(record) == [INVALID_JSON]
        with pytest.raises(ds.IngestError) as caught:
            V.encode_record(record)
        assert caught.value == INVALID_JSON
        # In a batch before any record's error, and without an index.
        for batch in ([record], [seed_record(amount="1"), record], [record, seed_record(amount="1")],
                      [seed_record(), seed_record(active=1), seed_record(), record]):
            assert V.check_batch(batch) == reference_check_batch(SEED_SCHEMA, batch) == INVALID_JSON


def test_non_str_keys_in_context_are_refused_though_json_dumps_would_rename_them() -> None:
    """json.dumps writes {1: "x"} as {"1": "x"}: the API would get another record."""
    record = seed_record(context={1: "x"})
    assert json.loads(json.dumps(record))["context"] == {"1": "x"}
    assert V.check(record) == INVALID_JSON


@pytest.mark.parametrize(("levels", "single", "in_batch"), [(510, None, None), (511, None, INVALID_JSON),
                                                              (512, INVALID_JSON, INVALID_JSON)])
def test_the_nesting_limit_counts_as_the_body_would(levels: int, single: Any, in_batch: Any) -> None:
    """A record is one level more than its context, a batch one more than its records."""
    record = seed_record(context=nested(levels))
    assert V.check(record) == single == outcome(V.parse_record, json.dumps(record))
    assert V.check_batch([record]) == in_batch == outcome(V.parse_batch, json.dumps([record]))
    assert reference_check(SEED_SCHEMA, record) == single
    assert reference_check_batch(SEED_SCHEMA, [record]) == in_batch


WIDE = ds.compile({"fields": {f"f{i}": "string" for i in range(70)}})  # past INLINE_BATCH_LIMIT: the calling loop
NARROW = ds.compile({"fields": {"f0": "string"}})


def wide_record(**changes: Any) -> dict[str, Any]:
    return {"timestamp": "2026-06-10T10:58:00Z", "context": {}, **{f"f{i}": "x" for i in range(70)}, **changes}


@pytest.mark.parametrize("validator", [WIDE, NARROW, V], ids=["wide", "narrow", "seed"])
@pytest.mark.parametrize(("levels", "single", "in_batch"), [(510, None, None), (511, None, INVALID_JSON),
                                                              (512, INVALID_JSON, INVALID_JSON)])
@pytest.mark.parametrize("shape", ["dicts", "lists", "dict subclass"])
def test_every_batch_loop_counts_the_limit_as_the_body_would(validator: Any, levels: int, single: Any,
                                                             in_batch: Any, shape: str) -> None:
    """Each kind of batch loop (inlined, calling check, the exact one after an error)."""
    context: Any = {"dicts": lambda: {"a": nested(levels - 1)}, "lists": lambda: {"a": [nested(levels - 2)]},
                    "dict subclass": lambda: collections.OrderedDict(a=nested(levels - 1))}[shape]()
    base = wide_record() if validator is WIDE else seed_record() if validator is V else \
        {"timestamp": "2026-06-10T10:58:00Z", "context": {}, "f0": "x"}
    record = {**base, "context": context}
    assert validator.check(record) == single == outcome(validator.parse_record, json.dumps(record))
    for batch in ([record], [base, record], [record, base], [base, base, record, base]):
        assert validator.check_batch(batch) == in_batch == outcome(validator.parse_batch, json.dumps(batch))
    # An error elsewhere in the batch: the nesting still comes first.
    broken = {**base, "timestamp": "2026-06-10"}
    for batch in ([broken, record], [record, broken], [base, broken, base, record]):
        expected = in_batch or validator.check_batch([broken]).with_index(batch.index(broken))
        assert validator.check_batch(batch) == expected == outcome(validator.parse_batch, json.dumps(batch))


deep_values = st.integers(505, 515).map(nested) | st.integers(505, 515).map(
    lambda levels: functools.reduce(lambda inner, _: [inner], range(levels - 1), []))


@given(native_records(), deep_values, st.sampled_from(["context", "amount", "extra", "signup_at", "timestamp"]),
       st.integers(0, 3), st.lists(native_records(), max_size=2))
def test_nesting_near_the_limit_anywhere_gives_the_answer_of_its_json(record: Any, deep: Any, where: str,
                                                                      position: int, others: list[Any]) -> None:
    """The JSON-encoding invariant for records nested near the limit, in a record and in a batch."""
    if type(record) is not dict:
        record = {"record": record}
    record = {**record, where: deep} if where != "context" else {**record, "context": {"deep": deep}}
    assert V.check(record) == outcome(V.parse_record, json.dumps(record))
    batch = others[:position] + [record] + others[position:]
    assert V.check_batch(batch) == outcome(V.parse_batch, json.dumps(batch))
    assert reference_check_batch(SEED_SCHEMA, batch) == V.check_batch(batch)


def test_a_parsed_body_is_judged_by_the_record_rules_alone() -> None:
    """1e400 in a context parses to inf: accepted, as JSON.parse takes it; check of the
    parsed dict refuses it, since no JSON encoding of it exists (docs/contract.md)."""
    body = json.dumps(seed_record(context={"x": 1})).replace('"x": 1', '"x": 1e400')
    record = V.parse_record(body)
    assert record["context"] == {"x": math.inf}
    assert V.check(record) == INVALID_JSON
    assert V.parse_batch(f"[{body}, {body}]") == [record, record]
    assert V.check_batch([record, record]) == INVALID_JSON.with_index(0)
    broken = body.replace('"amount": 42.5', '"amount": "1"')
    with pytest.raises(ds.IngestError) as caught:
        V.parse_record(broken)
    assert caught.value.code == "invalid_number_field"


def test_too_deep_anywhere_is_invalid_json_before_the_record_rules() -> None:
    for record in (seed_record(extra=nested(600)), seed_record(amount=nested(600)), nested(600)):
        assert V.check(record) == INVALID_JSON == outcome(V.parse_record, json.dumps(record))
        assert reference_check(SEED_SCHEMA, record) == INVALID_JSON
    assert V.check_batch(nested(600)) == INVALID_JSON == outcome(V.parse_batch, json.dumps(nested(600)))


ACCEPTED = {
    "empty": {}, "strings": {"source": "billing-service", "request_id": "req_123"},
    "scalars": {"n": 1, "f": -0.5, "t": True, "none": None, "big": 10**4300 - 1},
    "nested": {"a": {"b": [{"c": None}, [], {}]}},
    "lone surrogate": {"\ud800": "\udfff"},
    "dict subclass": collections.OrderedDict(a=[1, collections.OrderedDict(b=2)]),
    "int enum": {"color": Color.RED}, "float subclass": {"f": MyFloat(1.5)},
    "shared, not cyclic": {"a": (shared := [1]), "b": shared},
}


@pytest.mark.parametrize("context", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_json_contexts_pass_and_round_trip(context: Any) -> None:
    record = seed_record(context=context)
    assert V.check(record) is None and reference_check(SEED_SCHEMA, record) is None
    assert V.parse_record(V.encode_record(record)) == record
    assert V.parse_batch(V.encode_batch([record, record])) == [record, record]


def test_encoding_sends_what_a_dict_subclass_stores() -> None:
    class Liar(dict):  # type: ignore[type-arg]
        def items(self) -> Any:
            return [("lie", 1)]

        def keys(self) -> Any:
            return ["lie"]

    record = Liar(seed_record(context=Liar(a=1)))
    assert V.check(record) is None
    assert json.loads(V.encode_record(record)) == seed_record(context={"a": 1})


def test_encode_raises_the_record_rules_errors_too() -> None:
    with pytest.raises(ds.IngestError) as caught:
        V.encode_record(seed_record(amount="1"))
    assert caught.value == V.check(seed_record(amount="1"))
    with pytest.raises(ds.IngestError) as caught:
        V.encode_batch([seed_record(), seed_record(active=1)])
    assert caught.value.index == 1 and caught.value.code == "invalid_boolean_field"
    with pytest.raises(ds.IngestError, match="Batch body must be a non-empty array"):
        V.encode_batch([])


def test_the_digit_limit_of_the_interpreter_does_not_change_the_answer() -> None:
    record = seed_record(context={"n": 10**4299})
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # unlimited: json.dumps could now write 10**4300
    try:
        assert V.check(seed_record(context={"n": 10**4300})) == INVALID_JSON
        assert V.check(record) is None
    finally:
        sys.set_int_max_str_digits(before)


def test_deep_records_encode_from_a_deep_stack() -> None:
    record = seed_record(context=nested(511))
    found: list[Any] = []

    def dig(depth: int) -> None:
        if depth:
            return dig(depth - 1)
        found.append(V.encode_record(record))

    thread = threading.Thread(target=dig, args=(sys.getrecursionlimit() - 700,))
    thread.start()
    thread.join()
    assert found and V.parse_record(found[0]) == record

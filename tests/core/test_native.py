"""The native fast path (accel/_native.c) gives the pure path's answer on every input.

The native ``Checker`` answers None itself only for the exact common shape and calls
the pure generated function for anything else, so the one way it could differ is by
accepting a record the pure path rejects.  These tests run both on every record and
body table of tests/support, on the strategies over generated schemas, and on hostile
objects, and check directly (with a spy in place of the pure function) which inputs
the native code accepts on its own.

Skipped where the module was not built (no compiler), except in CI (``CI`` set),
where .ci/run builds it and a missing module fails.
"""

from __future__ import annotations

import datetime
import gc
import inspect
import itertools
import json
import math
import os
import subprocess
import sys
import threading
from array import array
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dataset_schema as ds
import dataset_schema.strategies as dss
from dataset_schema._core import accel
from dataset_schema._core.plan import plan_fields
from dataset_schema._core.timestamp import TIMESTAMP_MATCH

from ..support import records as record_table
from ..support import timestamps as timestamp_table
from ..support.bodies import (BATCH_CASES, DEPTH_CASES, RECORD_BYTES, SINGLE_CASES, assert_nesting_limit_on_batches,
                              deep_context)
from ..support.native import native_module_or_skip
from ..support.seed import SEED_BATCH, SEED_SCHEMA, SEED_SINGLE, seed_record
from ..support.switch import compile_switched
from ..support.values import EDGE_VALUES, LIMIT, TS, SubDict, SubFloat, SubInt, SubList, SubStr, same


native = native_module_or_skip()
# Examples per strategy test; NATIVE_EXAMPLES=5000 for a long local run (docs/performance.md).
_EXAMPLES = int(os.environ.get("NATIVE_EXAMPLES", "60"))
_DOUBT = object()  # what a spy "pure" function answers: the native code had a doubt


def validator(schema: Any) -> ds.Validator:
    """A validator on the native path (whatever DATASET_SCHEMA_PURE says in this run)."""
    compiled = compile_switched(schema, pure=False)
    assert type(compiled.check) is native.Checker and type(compiled.check_batch) is native.Checker
    return compiled


def spies(schema: Any) -> tuple[Callable[[object], object], Callable[[object], object]]:
    """Checkers of ``schema`` whose pure function answers _DOUBT: None means native said valid."""
    plan = plan_fields(ds.compile(schema).schema)
    names = tuple(field.name for field in plan)
    kinds = bytes(accel._KINDS[field.kind] for field in plan)
    return (native.Checker(lambda record: _DOUBT, names, kinds, False),
            native.Checker(lambda records: _DOUBT, names, kinds, True))


SEED = validator(SEED_SCHEMA)
SEED_SPY, SEED_BATCH_SPY = spies(SEED_SCHEMA)
_SPIES: dict[ds.Schema, tuple[Callable[[object], object], Callable[[object], object]]] = {}


def _spies_of(schema: ds.Schema) -> tuple[Callable[[object], object], Callable[[object], object]]:
    if schema not in _SPIES:
        _SPIES[schema] = spies(schema)
    return _SPIES[schema]


def agree(v: ds.Validator, record: object, fresh: Callable[[], object] | None = None) -> None:
    """check and check_batch: native == pure, and native alone accepts only what pure accepts.

    ``fresh`` makes a new copy of the input for each call (for inputs a call may change)."""
    make = fresh or (lambda: record)
    pure_check, pure_batch = v.check.__wrapped__, v.check_batch.__wrapped__
    same(v.check(make()), pure_check(make()))
    same(v.check_batch([make()]), pure_batch([make()]))
    same(v.check_batch([make(), make()]), pure_batch([make(), make()]))
    same(v.check_batch(make()), pure_batch(make()))
    check_spy, batch_spy = _spies_of(v.schema)
    if check_spy(make()) is None:
        assert pure_check(make()) is None
    if batch_spy([make()]) is None:
        assert pure_batch([make()]) is None


# -- the native code answers on its own only for the exact common shape ---------------------------

def test_the_seed_record_and_batch_are_accepted_natively() -> None:
    assert SEED_SPY(seed_record()) is None
    assert SEED_BATCH_SPY([seed_record(), seed_record(context={})]) is None
    assert SEED.check(seed_record()) is None and SEED.check_batch([seed_record()] * 3) is None


@pytest.mark.parametrize("record", [
    pytest.param(seed_record(context={"a": {"b": 1}}), id="nested context"),
    pytest.param(seed_record(context={"a": [1]}), id="list in context"),
    pytest.param(seed_record(context={"a": math.nan}), id="NaN in context"),
    pytest.param(seed_record(context={"a": math.inf}), id="inf in context"),
    pytest.param(seed_record(context={"a": 2**63}), id="int past int64 in context"),
    pytest.param(seed_record(context={1: "x"}), id="non-str key in context"),
    pytest.param(seed_record(context={SubStr("a"): "x"}), id="str subclass key in context"),
    pytest.param(seed_record(context={"a": SubStr("x")}), id="str subclass in context"),
    pytest.param(seed_record(context={"a": "\ud800"}), id="lone surrogate in context"),
    pytest.param(seed_record(context={"\udfff": 1}), id="lone surrogate key in context"),
    pytest.param(seed_record(context={"a": "\U0001f600\ud800"}), id="surrogate in a 4-byte str"),
    pytest.param(seed_record(context=SubDict()), id="dict subclass context"),
    pytest.param(seed_record(amount=2**63), id="int past int64"),
    pytest.param(seed_record(amount=LIMIT - 1), id="int below the limit, past int64"),
    pytest.param(seed_record(amount=SubInt(1)), id="int subclass"),
    pytest.param(seed_record(amount=SubFloat(1.5)), id="float subclass"),
    pytest.param(seed_record(amount=True), id="bool as number"),
    pytest.param(seed_record(country=SubStr("RO")), id="str subclass value"),
    pytest.param(seed_record(timestamp="2026-06-10T10:58:00Z\n"), id="trailing newline"),
    pytest.param(seed_record(timestamp="\u0662026-06-10T10:58:00Z"), id="other script digit"),
    pytest.param(seed_record(signup_at="2026-06-10T10:58:00\u00e9"), id="latin-1 str"),
    pytest.param(SubDict(seed_record()), id="dict subclass record"),
    pytest.param({**seed_record(), SubStr("x"): 1}, id="str subclass key"),
    pytest.param({**seed_record(), "extra": 1}, id="extra key"),
    pytest.param({k: v for k, v in seed_record().items() if k != "plan"}, id="missing key"),
])
def test_doubts_go_to_the_pure_function(record: object) -> None:
    """The native code has a doubt (calls the pure function) outside the common shape."""
    assert SEED_SPY(record) is _DOUBT
    assert SEED_BATCH_SPY([seed_record(), record]) is _DOUBT
    agree(SEED, record)


def test_the_pure_answer_is_returned_unchanged_and_arguments_passed_through() -> None:
    calls: list[tuple[Any, ...]] = []

    def pure(*args: Any, **kwargs: Any) -> object:
        calls.append((args, kwargs))
        return _DOUBT

    checker = native.Checker(pure, ("a",), b"\x00", False)
    assert checker({"a": 1}) is _DOUBT
    assert checker() is _DOUBT and checker(1, 2) is _DOUBT and checker(record=seed_record()) is _DOUBT
    assert calls[1:] == [((), {}), ((1, 2), {}), ((), {"record": seed_record()})]
    # The real check keeps the generated function's TypeError for a wrong call.
    with pytest.raises(TypeError):
        SEED.check()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        SEED.check_batch([], [])  # type: ignore[call-arg]


def test_bad_checker_arguments_are_refused() -> None:
    with pytest.raises(TypeError):
        native.Checker(1, ("a",), b"\x00", False)
    with pytest.raises(TypeError):
        native.Checker(print, (SubStr("a"),), b"\x00", False)
    with pytest.raises(ValueError):
        native.Checker(print, ("a",), b"", False)
    with pytest.raises(ValueError):
        native.Checker(print, ("a",), b"\x09", False)
    for names in (("a", "a"), ("timestamp",), ("b", "context")):
        with pytest.raises(ValueError):
            native.Checker(print, names, bytes(len(names)), False)


def test_keys_met_again_by_identity_or_by_text() -> None:
    # The checker remembers the key objects it met; equal keys that are other objects,
    # built at run time, still match by their text, and the remembered ones may go.
    for _ in range(3):
        record = {"".join(key): value for key, value in seed_record().items()}
        assert SEED_SPY(record) is None and SEED_SPY(dict(reversed(record.items()))) is None
        del record
        gc.collect()
    assert SEED_SPY({**seed_record(), "x" * 1000: 1}) is _DOUBT
    collide = {k: v for k, v in seed_record().items() if k != "plan"}
    collide["plam"] = "pro"  # same length, another text
    assert SEED_SPY(collide) is _DOUBT


def test_keys_in_another_order_or_other_objects_after_a_batch() -> None:
    # The checker remembers which slot each entry position filled; a record whose keys
    # come in another order, or are other objects of the same text, is still read right.
    records = [seed_record() for _ in range(3)]
    assert SEED_BATCH_SPY(records) is None
    shuffled = [dict(reversed(record.items())) for record in records]
    assert SEED_BATCH_SPY(records + shuffled + records) is None
    rebuilt = {"".join(key): value for key, value in seed_record().items()}
    assert SEED_BATCH_SPY([*records, rebuilt, *records]) is None
    wrong = dict(records[0])
    wrong["plan"] = 1  # the slot at this position, by identity, holds a string field
    assert SEED_BATCH_SPY([*records, wrong]) is _DOUBT and SEED_SPY(wrong) is _DOUBT


def test_entries_in_place_on_the_interpreters_whose_layout_is_known() -> None:
    # CPython 3.11 and 3.12: the dict's entry table is read in place (checked when the
    # module loads); elsewhere PyDict_Next.  Either way, tables with removed entries,
    # split tables (an instance __dict__) and non-str keys are read as the pure path does.
    known = sys.implementation.name == "cpython" and (3, 11) <= sys.version_info[:2] <= (3, 12)
    assert native.ENTRIES_IN_PLACE == int(known)

    class Holder:
        pass

    holes = seed_record()
    for key in ("x", "y", "z"):
        holes[key] = 1
    for key in ("x", "y", "z"):
        del holes[key]  # three removed entries among the record's
    moved = seed_record()
    moved["plan"] = moved.pop("plan")  # a removed entry, then the key again at the end
    holder = Holder()
    holder.__dict__.update(seed_record())
    for record in (holes, moved, holder.__dict__):
        assert SEED_SPY(record) is None and SEED_BATCH_SPY([record, seed_record()]) is None
        assert SEED.check(record) is None
    context_holes = seed_record(context={"a": 1, "b": [], "c": "x"})
    del context_holes["context"]["b"]
    assert SEED_SPY(context_holes) is None
    for bad in ({**seed_record(), 1: 2}, seed_record(context={1: 2}), seed_record(context={"a": 1, 2: "b"})):
        assert SEED_SPY(bad) is _DOUBT
        same(SEED.check(bad), SEED.check.__wrapped__(bad))


# -- the RFC 3339 grammar: the native test agrees with timestamp.py's regex ------------------------

def _regex(text: str) -> bool:
    return TIMESTAMP_MATCH(text) is not None


def test_the_timestamp_tables() -> None:
    for text in timestamp_table.VALID:
        assert native.is_timestamp(text), text
    for text in timestamp_table.INVALID:
        if type(text) is str:
            assert not native.is_timestamp(text), text


def test_every_date_of_the_calendar_edges() -> None:
    # Every month and day 00-39 in years that test each leap rule, against the regex.
    for year in (0, 1, 4, 100, 200, 400, 1600, 1900, 2000, 2023, 2024, 2100, 2400, 9996, 9999):
        for month in range(0, 14):
            for day in range(0, 40):
                text = f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"
                assert native.is_timestamp(text) == _regex(text), text


def test_every_two_digit_time_and_offset_field() -> None:
    for number in range(100):
        nn = f"{number:02d}"
        for text in (f"2026-06-10T{nn}:00:00Z", f"2026-06-10T00:{nn}:00Z", f"2026-06-10T00:00:{nn}Z",
                     f"2026-06-10T00:00:00+{nn}:00", f"2026-06-10T00:00:00-00:{nn}"):
            assert native.is_timestamp(text) == _regex(text), text


def test_every_single_character_change_of_a_long_timestamp() -> None:
    base = "2024-02-29T23:59:59.123+05:30"
    alphabet = "0123456789-:.+Tt Zz\n\x00\u0662\uff10\U0001d7ce\ud800e"
    for at in range(len(base) + 1):
        for char in alphabet:
            for text in (base[:at] + char + base[at + 1:], base[:at] + char + base[at:], base[:at] + base[at + 1:]):
                assert native.is_timestamp(text) == _regex(text), repr(text)


def test_fractions_of_every_length_with_a_wrong_character_anywhere() -> None:
    # The fraction is read eight bytes at a time: every length across several words, and
    # each of its characters (and the dot) replaced by near misses of a digit.
    for tail in ("Z", "z", "+05:30", "-23:59", "+24:00", "Z0", ":00"):
        for length in range(0, 26):
            fraction = "." + "0123456789" * 3
            text = "2024-02-29T23:59:59" + fraction[:length] + tail
            assert native.is_timestamp(text) == _regex(text), text
            for at in range(19, 19 + length):
                for char in "/:;?.Z+-a\x00 ":
                    changed = text[:at] + char + text[at + 1:]
                    assert native.is_timestamp(changed) == _regex(changed), changed


def test_every_byte_at_every_position() -> None:
    # Through timestamp_mask, which takes raw bytes (0x80-0xFF too, never part of a
    # date-time), every byte value at every position, and every prefix, of a few bases.
    for base in ("2024-02-29T23:59:59Z", "2026-06-10t10:58:00.123456789+05:30", "0000-12-31T00:00:00-00:00"):
        raw = base.encode()
        variants = [raw[:at] for at in range(len(raw))]
        variants += [raw[:at] + bytes([byte]) + raw[at + 1:] for at in range(len(raw)) for byte in range(256)]
        data = b"".join(variants)
        offsets = array("q", [0])
        for variant in variants:
            offsets.append(offsets[-1] + len(variant))
        wanted = [int(variant.isascii() and _regex(variant.decode("ascii"))) for variant in variants]
        assert list(native.timestamp_mask(data, offsets)) == wanted, base


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="0123456789-:.+TtZz \n\u0660\u0662", max_size=34))
def test_timestamp_grammar_on_generated_text(text: str) -> None:
    assert native.is_timestamp(text) == _regex(text)


@settings(max_examples=1000)
@given(st.datetimes(min_value=datetime.datetime(1, 1, 1), timezones=st.just(datetime.timezone.utc)))
def test_timestamp_grammar_on_generated_dates(moment: datetime.datetime) -> None:
    text = moment.isoformat()
    assert native.is_timestamp(text) == _regex(text)
    assert native.is_timestamp(text.replace("+00:00", "Z"))


def test_non_str_and_str_subclasses_are_doubts() -> None:
    assert not native.is_timestamp(SubStr(TS)) and not native.is_timestamp(TS.encode())
    assert not native.is_timestamp(None) and native.is_timestamp(TS)


# -- differential: every table of tests/support ------------------------------------------------------

@pytest.mark.parametrize("case", record_table.CASES, ids=[case[0] for case in record_table.CASES])
def test_record_table(case: tuple[str, Any, str | None]) -> None:
    _, record, expected = case
    agree(SEED, record)
    error = SEED.check(record)
    assert (error.message if error else None) == expected


def test_edge_values_at_every_position() -> None:
    for key in seed_record():
        for value in EDGE_VALUES:
            agree(SEED, seed_record(**{key: value}))
            agree(SEED, seed_record(context={key: value}))


def test_ints_around_the_digit_sizes_and_int64() -> None:
    # Ints of one or two internal digits are taken without a conversion call; longer ones
    # are converted: taken natively exactly within int64, else the pure path decides.
    for bits in (15, 30, 45, 60, 62, 63, 64, 90):
        for number in (2**bits - 1, 2**bits, 2**bits + 1):
            for value in (number, -number):
                within = -(2**63) <= value < 2**63
                for record in (seed_record(amount=value), seed_record(context={"n": value})):
                    assert (SEED_SPY(record) is None) == within, value
                    agree(SEED, record)


def _outcome(parse: Callable[[Any], Any], body: Any) -> tuple[str, Any]:
    try:
        return ("ok", parse(body))
    except ds.IngestError as error:
        return ("error", (error.message, error.args, vars(error)))


def test_body_tables() -> None:
    pure = ds.compile(SEED_SCHEMA)  # parse_* of a pure compile, in a subprocess below too
    pure_record = _pure_parser(SEED, "parse_record")
    pure_batch = _pure_parser(SEED, "parse_batch")
    bodies = [case[1] for case in SINGLE_CASES] + [SEED_SINGLE]
    for body in bodies:
        assert _outcome(SEED.parse_record, body) == _outcome(pure_record, body), body
    for body in [case[1] for case in BATCH_CASES] + [SEED_BATCH]:
        assert _outcome(SEED.parse_batch, body) == _outcome(pure_batch, body), body
    assert pure == SEED


def test_nesting_limit_with_the_native_verdict() -> None:
    # parse_* skip the nesting walk only for what the C code accepted (flat records).
    pure_record, pure_batch = _pure_parser(SEED, "parse_record"), _pure_parser(SEED, "parse_batch")
    for _, body, _ in DEPTH_CASES:
        assert _outcome(SEED.parse_record, body) == _outcome(pure_record, body)
        batch = b"[" + RECORD_BYTES + b"," + body + b"]"
        assert _outcome(SEED.parse_batch, batch) == _outcome(pure_batch, batch)
    assert_nesting_limit_on_batches(SEED.parse_batch)
    flat = b"[" + b",".join([RECORD_BYTES] * 40) + b"]"  # long enough to need the walk on the pure path
    assert SEED.check_batch.verdict(json.loads(flat)) is True
    assert SEED.check_batch.verdict(json.loads(b"[" + deep_context(3) + b"]")) is None  # valid, but nested: pure
    assert _outcome(SEED.parse_batch, flat) == _outcome(pure_batch, flat)


def test_verdict_is_true_or_the_pure_answer() -> None:
    assert SEED.check.verdict(seed_record()) is True and SEED.check_batch.verdict([seed_record()]) is True
    assert SEED_SPY.verdict({}) is _DOUBT and SEED_BATCH_SPY.verdict([seed_record(), 1]) is _DOUBT
    same(SEED.check.verdict({}), SEED.check.__wrapped__({}))
    assert SEED.check.verdict(seed_record(context={"a": {}})) is None


def _pure_parser(v: ds.Validator, name: str) -> Callable[[Any], Any]:
    """parse_record or parse_batch of ``v`` with the pure check in place of the native one."""
    from dataset_schema._core.accel import body_decoder
    from dataset_schema._core.body import batch_too_deep, record_too_deep
    from dataset_schema._core.engine import Engine
    from dataset_schema._core.plan import plan_fields
    from dataset_schema._core.validator import _parser

    engine = Engine(plan_fields(v.schema))  # the record rules alone, for parsed bodies
    if name == "parse_record":
        return _parser(v.check.__wrapped__, engine.rules_only, record_too_deep, body_decoder())
    return _parser(v.check_batch.__wrapped__, engine.batch_rules_only, batch_too_deep, body_decoder())


# -- differential: the strategies over generated schemas ---------------------------------------------

_VALIDATORS: dict[Any, ds.Validator] = {}


def _cached(schema: dict[str, Any]) -> ds.Validator:
    key = json.dumps(schema, sort_keys=True)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = validator(schema)
    return _VALIDATORS[key]


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_strategies_records(data: st.DataObject) -> None:
    schema = data.draw(dss.schemas())
    v = _cached(schema)
    record = data.draw(dss.records(schema))
    agree(v, record)
    assert v.check(record) is None
    more = data.draw(st.lists(dss.records(schema), min_size=1, max_size=5))
    assert v.check_batch(more) is None


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_strategies_invalid_records(data: st.DataObject) -> None:
    schema = data.draw(dss.schemas())
    v = _cached(schema)
    record, message = data.draw(dss.invalid_records(schema))
    agree(v, record)
    error = v.check(record)
    assert error is not None and error.message == message
    good = data.draw(dss.records(schema))
    at = data.draw(st.integers(0, 3))
    batch = [good] * at + [record] + [good]
    same(v.check_batch(batch), v.check_batch.__wrapped__(batch))


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_strategies_bodies(data: st.DataObject) -> None:
    schema = data.draw(dss.schemas())
    v = _cached(schema)
    batch = data.draw(st.booleans())
    body, expected = data.draw(dss.bodies(schema, batch=batch))
    name = "parse_batch" if batch else "parse_record"
    assert _outcome(getattr(v, name), body) == _outcome(_pure_parser(v, name), body)


# -- hostile objects -----------------------------------------------------------------------------------

class Impostor:
    """Claims to be a dict, a str and a float through ``__class__``."""

    def __init__(self, kind: type) -> None:
        self.kind = kind

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # noqa: PLE0307
        return self.kind  # type: ignore[no-any-return]


class MutatingKey(str):
    """A str-subclass key equal to a declared name whose __eq__ and __hash__ change the record."""

    record: dict[Any, Any] | None = None

    def __hash__(self) -> int:
        if self.record is not None:
            self.record.clear()  # frees every value the check may be looking at (refcounts drop now)
        return str.__hash__(self)

    def __eq__(self, other: object) -> bool:
        if self.record is not None:
            self.record.pop("amount", None)
            self.record["late"] = [1] * 10
        return str.__eq__(self, other)


def _mutating_record(name: str) -> dict[Any, Any]:
    record: dict[Any, Any] = {k: v for k, v in seed_record().items() if k != name}
    key = MutatingKey(name)
    record[key] = seed_record()[name]  # inserted before the key can act
    key.record = record
    return record


def test_hostile_values() -> None:
    hostile: list[Any] = [
        Impostor(dict), Impostor(str), Impostor(float), seed_record(amount=Impostor(float)),
        seed_record(country=Impostor(str)), seed_record(context=Impostor(dict)), seed_record(timestamp=Impostor(str)),
        seed_record(amount=10**5000), seed_record(amount=-(10**5000)), seed_record(amount=-(2**63)),
        seed_record(amount=2**63 - 1), seed_record(amount=-(2**63) - 1), seed_record(amount=LIMIT),
        seed_record(amount=math.nan), seed_record(amount=-math.inf), seed_record(amount=-0.0),
        seed_record(country="\ud800"), seed_record(country="\U0001f600"), seed_record(country=""),
        seed_record(signup_at="2026-06-10T10:58:00\U0001d7ceZ"), seed_record(signup_at="2026-06-10T10:58:00Z\x00"),
        seed_record(timestamp="２０２６-06-10T10:58:00Z"), seed_record(timestamp="2026-06-10T10:58:00\ud800"),
        seed_record(active=1), seed_record(active=0.0), seed_record(active=None),
        seed_record(context={"a": SubInt(1)}), seed_record(context={"a": SubFloat(1.0)}), seed_record(context={"a": b"x"}),
        seed_record(context={"a": 2**63 - 1, "b": -(2**63), "c": 1e308, "d": None, "e": True, "f": "é"}),
        [seed_record()], SubList([seed_record()]), (seed_record(),), None, 0, "x",
    ]
    for record in hostile:
        agree(SEED, record)
    for bad in hostile:
        same(SEED.check_batch([seed_record(), bad]), SEED.check_batch.__wrapped__([seed_record(), bad]))


@pytest.mark.parametrize("name", ["timestamp", "context", "country", "amount", "signup_at"])
def test_keys_that_mutate_the_record_during_the_check(name: str) -> None:
    # The native code looks nothing up in a record with a non-exact-str key: the pure
    # function gets it untouched, and its answer is returned.
    record = _mutating_record(name)
    assert SEED_SPY(record) is _DOUBT and len(record) == 7  # nothing ran: the record is unchanged
    for _ in range(3):
        SEED.check(_mutating_record(name))
        SEED.check_batch([seed_record(), _mutating_record(name)])
    agree(SEED, None, fresh=lambda: _mutating_record(name))


def test_mutation_from_another_thread() -> None:
    # Another thread flips values, keys and batch items while checks run: nothing crashes
    # and every answer is an answer.
    record = seed_record()
    batch = [seed_record() for _ in range(50)]
    stop = threading.Event()

    def mutate() -> None:
        for i in itertools.count():
            if stop.is_set():
                return
            record["amount"] = (1.5, "x", 2**70, None)[i % 4]
            record.pop("plan", None) if i % 3 else record.__setitem__("plan", "pro")
            batch[i % 50] = (seed_record(), {}, seed_record(amount=math.nan))[i % 3]
            if i % 7 == 0:
                batch.append(seed_record())
            elif i % 7 == 1 and len(batch) > 10:
                batch.pop()

    thread = threading.Thread(target=mutate)
    thread.start()
    try:
        answers = set()
        for _ in range(20000):
            error = SEED.check(record)
            answers.add(error.message if error else None)
            error = SEED.check_batch(batch)
            answers.add(error.message if error else None)
    finally:
        stop.set()
        thread.join()
    # Racing a mutating thread, the pure path itself may see a record half-changed, so only
    # crash-freedom and the kind of answer are asserted here: None or an IngestError.
    assert len(answers) > 1
    assert all(answer is None or type(answer) is str for answer in answers), answers


def test_references_are_not_leaked() -> None:
    record, batch = seed_record(), [seed_record()] * 3
    before = sys.getrefcount(record), sys.getrefcount(batch), sys.getrefcount(record["amount"])
    for _ in range(1000):
        SEED.check(record)
        SEED.check_batch(batch)
        SEED.check({**record, "amount": "x"})
    assert (sys.getrefcount(record), sys.getrefcount(batch), sys.getrefcount(record["amount"])) == before


# -- wiring: the switch, a missing module, the public surface --------------------------------------

def test_the_switch_and_a_missing_module_give_the_pure_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(accel.PURE_SWITCH, "1")
    v = ds.compile(SEED_SCHEMA)
    assert inspect.isfunction(v.check) and inspect.isfunction(v.check_batch)
    monkeypatch.delenv(accel.PURE_SWITCH)
    monkeypatch.setitem(sys.modules, "dataset_schema._core.accel._native", None)  # import fails
    v = ds.compile(SEED_SCHEMA)
    assert inspect.isfunction(v.check) and inspect.isfunction(v.check_batch)
    assert accel.native_module() is None
    assert v.check(seed_record()) is None and v.check_batch([seed_record()]) is None
    monkeypatch.undo()
    assert type(validator(SEED_SCHEMA).check) is native.Checker


def test_a_process_without_the_module_uses_the_pure_path() -> None:
    # As on a machine without a compiler: the module cannot be imported at all.
    code = (
        "import sys, inspect; sys.modules['dataset_schema._core.accel._native'] = None\n"
        "import dataset_schema as ds\n"
        "v = ds.compile({'fields': {'a': 'number'}})\n"
        "r = {'timestamp': '2026-06-10T10:58:00Z', 'context': {}, 'a': 1}\n"
        "print(inspect.isfunction(v.check), v.check(r), v.check({**r, 'a': 'x'}).message)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop(accel.PURE_SWITCH, None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout == "True None Invalid number field: a\n", done.stderr


def test_public_surface_of_a_native_validator() -> None:
    v = validator(SEED_SCHEMA)
    assert v.check.__qualname__ == "Validator.check" and "first problem" in (v.check.__doc__ or "")
    assert v.check_batch.__qualname__ == "Validator.check_batch"
    assert (v.check.__name__, v.check_batch.__name__) == ("check", "check_batch")
    assert v.check.__wrapped__.__doc__ == v.check.__doc__
    assert inspect.getsource(v.check).startswith("    def check(record):")
    assert inspect.isfunction(v.check.__wrapped__) and not v.check.batch and v.check_batch.batch
    import pickle
    copy = pickle.loads(pickle.dumps(v))
    assert copy == v and type(copy.check) is native.Checker and copy.source == v.source
    with pytest.raises(AttributeError):
        v.check.__wrapped__ = print  # type: ignore[misc]


def test_a_checker_is_collected_with_its_validator() -> None:
    v = validator({"fields": {"gone": "string"}})
    pure = v.check.__wrapped__
    import weakref
    ref = weakref.ref(pure)
    del v, pure
    gc.collect()
    assert ref() is None


def test_wide_schemas() -> None:
    for width in (0, 1, 65, 300):
        schema = {"fields": {f"f{i}": ("string", "number", "boolean", "timestamp")[i % 4] for i in range(width)}}
        v = validator(schema)
        good = {"timestamp": TS, "context": {}, **{f"f{i}": ("s", 1.5, True, TS)[i % 4] for i in range(width)}}
        agree(v, good)
        assert v.check(good) is None and spies(schema)[0](good) is None
        for i in range(0, width, 37):
            agree(v, {**good, f"f{i}": None})

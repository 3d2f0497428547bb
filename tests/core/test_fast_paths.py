"""The fast paths against the reference: generated code, engine hand-overs, error copies, bodies.

Every branch of the generated code hands a record to the engine at some stage;
these tests put a value of every kind at every position of schemas of every
shape (including schemas wide enough that ``check_batch`` stops inlining) and
compare each answer, attribute by attribute, with the literal reference.
"""

from __future__ import annotations

import collections
import gc
import inspect
import json
import linecache
import math
import pickle
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema._core import body as _json
from dataset_schema._core import codegen as _codegen
from dataset_schema._core import errors as _core_errors
from dataset_schema._core.accel import PURE_SWITCH, native_module
from dataset_schema._core.reference import (
    reference_check,
    reference_check_batch,
    reference_errors,
    reference_parse_batch,
    reference_parse_record,
)

from ..support.seed import SEED_SCHEMA, seed_record
from ..support.values import EDGE_VALUES, TS, SubDict, SubList, SubStr, same


def agree(validator: ds.Validator, record: Any) -> None:
    schema = validator.schema
    same(validator.check(record), reference_check(schema, record))
    assert validator.errors(record) == reference_errors(schema, record)
    for batch in ([record], [seed_like(schema), record], [seed_like(schema)] * 2 + [record, record]):
        same(validator.check_batch(batch), reference_check_batch(schema, batch))


VALUE_FOR = {"string": "text", "number": 4.25, "boolean": True, "timestamp": TS}


def seed_like(schema: ds.Schema) -> dict[str, Any]:
    record: dict[str, Any] = {"timestamp": TS, "context": {}}
    record.update({name: VALUE_FOR[kind] for name, kind in schema.items()})
    return record


SHAPES = [
    SEED_SCHEMA,
    {"fields": {}},
    {"fields": {"only": "timestamp"}},
    {"fields": {f"f{i}": ("string", "number", "boolean", "timestamp")[i % 4] for i in range(_codegen.INLINE_BATCH_LIMIT + 3)}},
]


@pytest.mark.parametrize("definition", SHAPES, ids=["seed", "empty", "one-timestamp", "wide"])
def test_every_value_at_every_position(definition: dict[str, Any]) -> None:
    validator = ds.compile(definition)
    base = seed_like(validator.schema)
    assert validator.check(base) is None and validator.check_batch([base]) is None
    for key in list(base):
        for value in EDGE_VALUES:
            agree(validator, {**base, key: value})
        without = {k: v for k, v in base.items() if k != key}
        agree(validator, without)
        agree(validator, {**without, "extra": 1})  # same key count, one undeclared key
        agree(validator, {**without, 7: 1})  # same key count, one non-str key
        agree(validator, SubDict(without))


@pytest.mark.parametrize("definition", SHAPES, ids=["seed", "empty", "one-timestamp", "wide"])
def test_record_shapes(definition: dict[str, Any]) -> None:
    validator = ds.compile(definition)
    base = seed_like(validator.schema)
    for record in [
        base, SubDict(base), collections.OrderedDict(base), {**base, "extra": 1}, {"extra": 1, **base},
        {**base, SubStr("extra"): 1}, {**base, 1: 1}, {1: 1, **base}, {**base, None: 1}, {}, [], None, "x",
        {**base, "timestamp": SubStr(TS)}, {**base, "context": SubDict()}, {**base, "context": None},
        {**base, "timestamp": None}, {**base, "timestamp": "2026-06-10"},
        {**base, "extra": 1, "timestamp": "bad"}, {**base, "extra": 1, "context": []},
        dict(reversed(list(base.items()))),
    ]:
        agree(validator, record)
    # As many keys as the schema allows, one declared field swapped for another key,
    # and a failing timestamp: the timestamp rule wins unless the key is not a str.
    for name in validator.schema.fields:
        swapped = {key: value for key, value in base.items() if key != name}
        for other in ("extra", 5, SubStr("sub")):
            for timestamp in ("bad", TS, "2026-02-30T00:00:00Z"):
                agree(validator, {**swapped, "timestamp": timestamp, other: 1})
            for kind, value in (("timestamp", "2026-02-30T00:00:00Z"), ("number", math.nan), ("string", 1)):
                fields = [field for field, declared in validator.schema.items() if declared == kind and field != name]
                if fields:
                    agree(validator, {**swapped, fields[-1]: value, other: 1})


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


# What a field that fails first may hold, and what may follow it: `check` notes the first
# failure and reads on (codegen.py, _CHECK_READING_ON), so its answer depends on what
# comes after.  _ABSENT stands for a missing key.
_ABSENT = object()
_FIRST_FAILURES = [_ABSENT, None, 7, "2026-02-30T00:00:00Z", SubStr("x"), SubStr(TS), {"a": 1}, _nested(600)]
_AFTER = [_ABSENT, *EDGE_VALUES, {"a": {"b": [1]}}, _nested(511), _nested(512), _nested(600)]


def _with(record: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    if value is _ABSENT:
        return {name: held for name, held in record.items() if name != key}
    return {**record, key: value}


# A rule before the fields that fails on a scalar, and what it may hold then.
_HEAD_FAILURES = {
    "timestamp": ["2026-02-30T00:00:00Z", "x", SubStr("x")],
    "context": [_ABSENT, None, "web", 5, SubStr("x"), [], [{}], _nested(600), SubDict(), {"a": math.nan}, {1: 2}],
}


@pytest.mark.parametrize("definition", [SEED_SCHEMA, {"fields": {"a": "timestamp", "b": "string", "c": "timestamp"}}])
def test_a_failing_field_then_anything_after_it(definition: dict[str, Any]) -> None:
    validator = ds.compile(definition)
    base = seed_like(validator.schema)
    names = list(validator.schema.fields)
    failures = [(name, value) for name, values in _HEAD_FAILURES.items() for value in values]
    failures += [(name, value) for name in names for value in _FIRST_FAILURES]
    for name, failure in failures:
        later_names = names[names.index(name) + 1:] if name in names else names
        for later in later_names:
            for value in _AFTER:
                record = _with(_with(base, name, failure), later, value)
                same(validator.check(record), reference_check(validator.schema, record))
                # With an undeclared key: in place of a missing one, or one too many;
                # and one that is not a str.
                for key in ("extra", 5):
                    for extra in (1, _nested(600)):
                        same(validator.check({**record, key: extra}), reference_check(validator.schema, {**record, key: extra}))


def test_an_undeclared_key_then_anything_after_it() -> None:
    validator = ds.compile(SEED_SCHEMA)
    base = seed_like(validator.schema)
    for extras in ({"coupon": 1}, {"coupon": _nested(600)}, {"a": 1, "b": {"c": [1]}}, {"a": 1, 7: 2},
                   {7: 2, "a": 1}, {SubStr("sub"): 1}, {"a": 1, "b": _nested(512)}):
        for name in validator.schema.fields:
            for value in _AFTER:
                record = {**_with(base, name, value), **extras}
                same(validator.check(record), reference_check(validator.schema, record))


def test_more_keys_than_names_each_a_declared_name() -> None:
    """Keys equal to a declared name only once they are in the dict: more keys than the
    schema's names, none of them undeclared.  No JSON object is like this; the entry
    points still agree (the engine answers from the start) and none raises."""

    class Flaky(str):
        equal = False

        def __eq__(self, other: object) -> bool:
            return Flaky.equal and str.__eq__(self, other)

        __hash__ = str.__hash__

    validator = ds.compile(SEED_SCHEMA)
    base = seed_like(validator.schema)
    records = [{**base, Flaky("plan"): 1}, {**base, Flaky("plan"): 1, "country": 5}, {**base, Flaky("zzz"): 1}]
    Flaky.equal = True
    for record in records:
        assert len(record) > len(base)
        answer = validator.check(record)
        same(answer, (validator.errors(record) or [None])[0])
        same(validator.check_batch([record]), None if answer is None else answer.with_index(0))


def test_a_failing_field_reads_on_across_the_parts_of_check() -> None:
    validator = ds.compile({"fields": {f"f{i}": ("string", "timestamp")[i % 2] for i in range(2 * _codegen.PART_FIELDS + 3)}})
    base = seed_like(validator.schema)
    names = list(validator.schema.fields)
    edges = [0, _codegen.PART_FIELDS - 1, _codegen.PART_FIELDS, 2 * _codegen.PART_FIELDS, len(names) - 2]
    for first in edges:
        for later in [at for at in edges if at > first] + [len(names) - 1]:
            for failure in (_ABSENT, 7, "2026-02-30T00:00:00Z"):
                for value in (_ABSENT, None, 7, "x", "2026-02-30T00:00:00Z", SubStr("x"), _nested(600)):
                    record = _with(_with(base, names[first], failure), names[later], value)
                    same(validator.check(record), reference_check(validator.schema, record))
                    record["extra"] = 1
                    same(validator.check(record), reference_check(validator.schema, record))


def test_batches_fail_at_the_right_index_in_both_loops() -> None:
    for definition in (SEED_SCHEMA, SHAPES[3]):
        validator = ds.compile(definition)
        good = seed_like(validator.schema)
        for bad in ({**good, "extra": 1}, {**good, "timestamp": "x"}, [], SubDict(good), SubDict({**good, "x": 1})):
            for position in (0, 1, 5):
                batch = [good] * position + [bad] + [good]
                same(validator.check_batch(batch), reference_check_batch(definition, batch))
        # A record the fast path hands over and the engine finds valid must not end the loop.
        for first in (SubDict(good), {**good, "timestamp": SubStr(TS)}, collections.OrderedDict(good)):
            for bad in ({**good, "x": 1}, {**good, "context": 1}, []):
                batch = [first, good, bad]
                same(validator.check_batch(batch), reference_check_batch(definition, batch))
                assert validator.check_batch(batch).index == 2  # type: ignore[union-attr]
        for records in ([], SubList(), SubList([good]), SubList([good, {**good, "x": 1}]), (good,), None, {}):
            same(validator.check_batch(records), reference_check_batch(definition, records))


def test_a_missing_key_in_a_batch_leaves_the_fast_loop_exactly() -> None:
    # The fast batch loop reads by subscript: a missing key raises KeyError there, and
    # the exact loop must give the reference's answer, whatever came before the record.
    class KeyErrorOnEq:
        def __hash__(self) -> int:
            return hash("country")

        def __eq__(self, other: object) -> bool:
            raise KeyError("country")

    # The fast loop counts no index: it finds the record from the timestamps collected,
    # also when the record fails after its last timestamp field (t2, then s).
    mixed = {"fields": {"t1": "timestamp", "n": "number", "t2": "timestamp", "s": "string"}}
    for definition in (SEED_SCHEMA, SHAPES[1], SHAPES[2], mixed):
        validator = ds.compile(definition)
        assert "for record in records:" in validator.source  # the inlined fast loop
        good = seed_like(validator.schema)
        stale = {**good, "timestamp": "2026-02-30T00:00:00Z"}
        for key in ("timestamp", "context", *validator.schema):
            missing = {name: value for name, value in good.items() if name != key}
            for bad in (missing, {**good, key: 7}, {**missing, "extra": 1}):
                for before in ([], [good], [good] * 5, [stale], [good, stale], [stale, good, good]):
                    for batch in ([*before, bad], [*before, bad, stale], [*before, bad, good]):
                        same(validator.check_batch(batch), reference_check_batch(definition, batch))
    validator = ds.compile(SEED_SCHEMA)
    record = {key: value for key, value in seed_record().items() if key != "country"}
    record[KeyErrorOnEq()] = "US"  # type: ignore[index]
    for batch in ([record], [seed_record(), record]):
        error = validator.check_batch(batch)
        assert error is not None and error.code == "payload_not_object" and error.index == len(batch) - 1


def test_a_thousand_fields() -> None:
    definition = {"fields": {f"f{i}": ("string", "number", "boolean", "timestamp")[i % 4] for i in range(1000)}}
    validator = ds.compile(definition)
    assert "error = check(record)" in validator.source  # the batch loop calls check at this width
    good = seed_like(validator.schema)
    last = "f999"
    for record in (good, {**good, last: 1}, {k: v for k, v in good.items() if k != last}, {**good, "f500": None},
                   SubDict(good), {**good, "f3": SubStr(TS)}):
        same(validator.check(record), reference_check(definition, record))
        same(validator.check_batch([good, record]), reference_check_batch(definition, [good, record]))


def test_hostile_keys_in_batches_never_raise() -> None:
    class Armed:
        armed = False

        def __hash__(self) -> int:
            return hash("country")

        def __eq__(self, other: object) -> bool:
            if Armed.armed:
                raise RuntimeError("no eq")
            return False

    validator = ds.compile(SEED_SCHEMA)
    record = seed_record()
    record[Armed()] = 1  # type: ignore[index]
    Armed.armed = True
    try:
        for batch in ([record], [seed_record(), record]):
            error = validator.check_batch(batch)
            assert error is not None and error.code == "payload_not_object" and error.index == len(batch) - 1
    finally:
        Armed.armed = False


# -- generated records --------------------------------------------------------------

names = st.one_of(
    st.text(min_size=1, max_size=6),
    st.sampled_from(['a"b', "__import__('os')", "\n", "'''", "{}", "{field}", "record", "get", "value", "_f0",
                     "_resume", "index", "ünï", "x" * 300]),
).filter(lambda name: name not in ds.RESERVED_NAMES)
kinds = st.sampled_from(list(ds.FIELD_TYPES))
schemas = st.one_of(
    st.dictionaries(names, kinds, max_size=6),
    st.lists(kinds, min_size=_codegen.INLINE_BATCH_LIMIT + 1, max_size=_codegen.INLINE_BATCH_LIMIT + 4)
    .map(lambda ks: {f"w{i}": kind for i, kind in enumerate(ks)}),
).map(lambda fields: ds.Schema.from_dict({"fields": fields}))
values = st.one_of(st.sampled_from(EDGE_VALUES), st.integers(), st.floats(), st.text(max_size=4))


@st.composite
def records(draw: st.DrawFn, schema: ds.Schema) -> Any:
    record: Any = seed_like(schema)
    for _ in range(draw(st.integers(0, 3))):
        keys = list(record)
        action = draw(st.sampled_from(["drop", "retype", "extra", "reorder", "subclass"]))
        if action == "drop" and keys:
            del record[draw(st.sampled_from(keys))]
        elif action == "retype" and keys:
            record[draw(st.sampled_from(keys))] = draw(values)
        elif action == "extra":
            record[draw(st.one_of(names, st.integers(), st.just(SubStr("sub"))))] = draw(values)
        elif action == "reorder":
            record = {key: record[key] for key in draw(st.permutations(keys))}
        elif action == "subclass":
            record = SubDict(record)
    return record


@given(st.data())
def test_generated_records_match_reference(data: st.DataObject) -> None:
    schema = data.draw(schemas)
    validator = ds.compile(schema)
    record = data.draw(records(schema))
    same(validator.check(record), reference_check(schema, record))
    assert validator.errors(record) == reference_errors(schema, record)
    batch = data.draw(st.lists(records(schema), min_size=1, max_size=4))
    same(validator.check_batch(batch), reference_check_batch(schema, batch))


# -- errors built by copying ------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(ds.CATALOGUE))
@pytest.mark.parametrize("index", [None, 0, 7])
def test_copied_errors_are_the_constructor_s(code: str, index: int | None) -> None:
    field = "a\"b {x}" if "{field}" in ds.CATALOGUE[code].template else None
    built = _core_errors.error_factory(code, field)(index)
    expected = ds.IngestError(*_message_code_status(code, field), field, index)
    same(built, expected)
    same(pickle.loads(pickle.dumps(built)), expected)
    assert str(built) == expected.message and repr(built) == repr(expected)
    assert built.with_index(3) == expected.with_index(3)
    if field is not None:
        same(_core_errors.build_error(expected.message, code, expected.status, field, index), expected)


def _message_code_status(code: str, field: str | None) -> tuple[str, str, int]:
    row = ds.CATALOGUE[code]
    return (row.template.format(field=field) if field is not None else row.template), row.code, row.status


def test_copied_errors_are_fresh_objects() -> None:
    make = _core_errors.error_factory("missing_field", "x")
    first, second = make(None), make(None)
    assert first is not second and vars(first) is not vars(second)
    first.index = 5
    assert second.index is None and make(None).index is None


def test_extra_error_uses_the_catalogue_template() -> None:
    same(_core_errors.extra_error(SubStr("{field}"), 2), ds.IngestError("Extra field: {field}", "extra_field", 400, "{field}", 2))


# -- the generated source: safety, registration, pickling ----------------------------------

HOSTILE_NAMES = [
    'a"b', "a'b", "__import__('os').system('echo owned')", "\n", "line\nbreak", "'''", '"""', "{}", "{field}",
    "ünïcødé 🇷🇴", "x" * 10_000, "\\", "#", "): pass\ndef f(", "\x00", "_f0", "record", "get", "value", "index",
    "_resume", "type", "None", "return None", " ",
]


def test_generated_source_depends_only_on_the_field_types() -> None:
    for kind in ds.FIELD_TYPES:
        plain = ds.compile({"fields": {"plain": kind, "other": "string"}}).source
        for name in HOSTILE_NAMES:
            validator = ds.compile({"fields": {name: kind, "other": "string"}})
            assert validator.source == plain


def test_hostile_names_flow_through_every_place_a_name_goes() -> None:
    schema = {"fields": {name: ("string", "number", "boolean", "timestamp")[i % 4] for i, name in enumerate(HOSTILE_NAMES)}}
    validator = ds.compile(schema)
    good = seed_like(validator.schema)
    assert validator.check(good) is None
    assert validator.check_batch([good, good]) is None
    assert validator.parse_record(json.dumps(good)) == good
    for name in HOSTILE_NAMES:
        for record in ({**good, name: [1]}, {k: v for k, v in good.items() if k != name}):
            error = validator.check(record)
            same(error, reference_check(schema, record))
            assert error is not None and error.field == name and error.message.endswith(name)
            same(validator.check_batch([good, record]), reference_check_batch(schema, [good, record]))
            assert validator.errors(record) == reference_errors(schema, record)
            body = json.dumps(record)
            with pytest.raises(ds.IngestError) as raised:
                validator.parse_record(body)
            same(raised.value, reference_check(schema, json.loads(body)))
        extra = {**good, name + "!": 1}
        same(validator.check(extra), reference_check(schema, extra))
    for name in HOSTILE_NAMES:  # as undeclared keys of a schema that lacks them
        record = {**seed_record(), name: 1}
        same(ds.compile(SEED_SCHEMA).check(record), reference_check(SEED_SCHEMA, record))


def test_source_is_registered_for_tracebacks_and_inspect() -> None:
    validator = ds.compile(SEED_SCHEMA)
    filename = inspect.unwrap(validator.check).__code__.co_filename
    assert filename.startswith("<dataset_schema generated") and filename.endswith(">")
    assert inspect.unwrap(validator.check_batch).__code__.co_filename == filename
    assert "".join(linecache.getlines(filename)) == validator.source
    assert inspect.getsource(validator.check) in validator.source
    assert inspect.getsource(validator.check).startswith("    def check(record):")
    assert inspect.getsource(validator.check_batch).lstrip().startswith("def check_batch(records):")
    assert inspect.unwrap(ds.compile(SEED_SCHEMA).check).__code__.co_filename != filename  # one file per compile


def test_registered_source_goes_when_the_functions_do() -> None:
    validator = ds.compile({"fields": {"gone": "string"}})
    filename = inspect.unwrap(validator.check).__code__.co_filename
    check = validator.check
    del validator
    gc.collect()
    assert filename in linecache.cache  # a generated function still lives
    del check
    gc.collect()
    assert filename not in linecache.cache


def test_compiling_many_schemas_does_not_grow_linecache() -> None:
    before = len(linecache.cache)
    for i in range(50):
        ds.compile({"fields": {f"f{i}": "number"}})
    gc.collect()
    assert len(linecache.cache) <= before + 1


def test_pickle_recompiles_an_equal_validator() -> None:
    schema = {"fields": {name: "string" for name in HOSTILE_NAMES[:8]}}
    validator = ds.compile(schema)
    copy = pickle.loads(pickle.dumps(validator))
    assert copy == validator and copy.schema == validator.schema and copy.source == validator.source
    assert copy.check is not validator.check
    record = {**seed_like(validator.schema), HOSTILE_NAMES[0]: 1}
    same(copy.check(record), validator.check(record))


def test_public_call_surface_is_plain_functions_held_by_the_instance() -> None:
    validator = ds.compile(SEED_SCHEMA)
    native = native_module()
    for name in ("check", "check_batch", "parse_record", "parse_batch"):
        function = getattr(validator, name)
        if native is not None and name in ("check", "check_batch"):
            # The native fast path (accel/_native.c) wraps the generated function.
            assert type(function) is native.Checker and inspect.isfunction(function.__wrapped__)
        else:
            assert inspect.isfunction(function)
        with pytest.raises(AttributeError):
            setattr(validator, name, print)
    assert "first problem" in (validator.check.__doc__ or "")
    assert validator.parse_batch.__qualname__ == "Validator.parse_batch"


# -- bodies: the direct scanner call against the full decode and the reference ------------

BODIES = [
    b"{}", b" {}", b"{} ", b"\n{}\n", b"{}x", b"{} {}", b"", b" ", b"[]", b"1", b"-", b"nul", b"NaN", b"[NaN]",
    b'{"a": Infinity}', b"-Infinity", b"1" * 5000, b"[" + b"1" * 5000 + b"]", b"-" + b"9" * 5000, b"1e400",
    b"\xef\xbb\xbf{}", b'{"a": 1, "a": 2}', b'"\\ud800"', b'"\xff"', b'"\xed\xa0\x80"', b"[" * 50_000,
    b"[" * 100 + b"]" * 100, b'{"a": [1, 2, {"b": null}]}', b"\x0c{}", b'{"\xc3\xa9": "\xf0\x9f\x87\xb7"}',
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_decode_body_matches_the_full_decode(body: bytes) -> None:
    def outcome(decode: Any, value: Any) -> Any:
        try:
            result = decode(value)
        except ds.IngestError as error:
            return ("error", error)
        return ("ok", repr(result))

    for form in (body, bytearray(body), memoryview(body)):
        assert outcome(_json.decode_body, form) == outcome(_slow_decode, body)
    try:
        text = body.decode()
    except UnicodeDecodeError:
        return
    assert outcome(_json.decode_body, text) == outcome(_slow_decode, body)
    assert outcome(_json.decode_body, SubStr(text)) == outcome(_slow_decode, body)


def _slow_decode(body: bytes) -> Any:
    try:
        text = body.decode()
    except UnicodeDecodeError:
        raise ds.IngestError("Invalid JSON body", "invalid_json", 400) from None
    return _json._decode_text(text)


json_texts = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5)),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=4), kids, max_size=3)),
    max_leaves=6,
).map(json.dumps)


@given(json_texts, st.sampled_from(["", " ", "\n", "x", "}", " 1", "\ufeff"]), st.sampled_from(["", " ", "\t"]))
def test_bodies_match_the_reference(text: str, after: str, before: str) -> None:
    validator = ds.compile(SEED_SCHEMA)
    body = before + text + after
    for form in (body, body.encode()):
        for parse, reference in ((validator.parse_record, reference_parse_record),
                                 (validator.parse_batch, reference_parse_batch)):
            expected: Any
            try:
                expected = ("ok", reference(SEED_SCHEMA, form))
            except ds.IngestError as error:
                expected = ("error", error)
            try:
                got: Any = ("ok", parse(form))
            except ds.IngestError as error:
                got = ("error", error)
            assert got == expected


def test_plain_bodies_take_the_scanner_path_and_others_the_full_decode(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    full = _json._decode_text

    def spy(text: str) -> Any:
        calls.append(text)
        return full(text)

    monkeypatch.setattr(_json, "_decode_text", spy)
    monkeypatch.setenv(PURE_SWITCH, "1")  # this is about the pure decoder, msgspec or not
    validator = ds.compile(SEED_SCHEMA)
    record = seed_record()
    body = json.dumps(record)
    assert validator.parse_record(body.encode()) == record and validator.parse_record(body) == record
    assert validator.parse_batch(f"[{body}]".encode()) == [record]
    assert calls == []
    for other in (" " + body, body + "\n", body + "x", "NaN", "1" * 5000):
        with pytest.raises(ds.IngestError) if other != " " + body and other != body + "\n" else _no_error():
            validator.parse_record(other)
    assert len(calls) == 5


class _no_error:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_docs_show_the_code_compile_generates() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "performance.md").read_text()
    block = text.split("`v.source` begins:\n\n  ```python\n", 1)[1].split("  ```", 1)[0]
    source = ds.compile({"fields": {"amount": "number", "signup_at": "timestamp"}}).source
    assert source.startswith(textwrap.dedent(block))

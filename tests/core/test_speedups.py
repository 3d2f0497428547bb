"""Round two's exact speed-ups, each against the reference or the pure path.

- invalid records: a lean hand-over per field and cheaper error copies, every answer a
  fresh IngestError;
- ``check_batch``: the timestamps of a batch matched in one call;
- wide schemas: ``check`` cut into parts (compile time linear in the fields);
- ``parse_record`` / ``parse_batch``: msgspec's decoder when installed, the pure one
  with ``DATASET_SCHEMA_PURE=1``.
"""

from __future__ import annotations

import inspect
import random
import sys
import traceback
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema._core import accel
from dataset_schema._core import codegen as _codegen
from dataset_schema._core.body import decode as pure_decode
from dataset_schema._core.reference import reference_check, reference_check_batch
from dataset_schema._core.timestamp import TIMESTAMP_MATCH, all_timestamps, is_timestamp

from ..support.bodies import BATCH_CASES, SINGLE_CASES, outcome
from ..support.seed import SEED_SCHEMA, seed_record
from ..support.timestamps import INVALID as INVALID_TIMESTAMPS
from ..support.timestamps import VALID as VALID_TIMESTAMPS
from ..support.values import EDGE_VALUES, TS, SubStr, same

# One record per record-level error, as benches/workloads.py times them.
_BASE = seed_record()
INVALID = {
    "payload_not_object": [_BASE],
    "invalid_timestamp": {**_BASE, "timestamp": "2026-06-10 10:00:00"},
    "context_not_object": {**_BASE, "context": "web"},
    "extra_field": {**_BASE, "coupon": "SPRING"},
    "missing_field": {key: value for key, value in _BASE.items() if key != "plan"},
    "invalid_string_field": {**_BASE, "country": 840},
    "invalid_number_field": {**_BASE, "amount": "12.5"},
    "invalid_boolean_field": {**_BASE, "active": 1},
    "invalid_timestamp_field": {**_BASE, "signup_at": "2025-02-29T08:15:30Z"},
}


# -- every answer a fresh IngestError -----------------------------------------------------

@pytest.mark.parametrize("code", sorted(INVALID))
def test_each_answer_is_a_fresh_error(code: str) -> None:
    validator = ds.compile(SEED_SCHEMA)
    record = INVALID[code]
    for check, argument in ((validator.check, record), (validator.check_batch, [_BASE, record])):
        first, second = check(argument), check(argument)
        assert first is not None and second is not None and first.code == code
        same(first, reference_check(SEED_SCHEMA, record) if check is validator.check
             else reference_check_batch(SEED_SCHEMA, [_BASE, record]))
        assert first is not second and vars(first) is not vars(second)
        # What one answer is given stays with it: a traceback, a context, attributes.
        try:
            try:
                raise KeyError("earlier")
            except KeyError:
                raise first
        except ds.IngestError:
            pass
        first.message = "changed"
        first.note = "mine"  # type: ignore[attr-defined]
        third = check(argument)
        for other in (second, third):
            assert other.__traceback__ is None and other.__context__ is None and other.__cause__ is None
            assert other.message != "changed" and not hasattr(other, "note")
            assert str(other) == other.args[0] == other.message
        assert first.__traceback__ is not None and "earlier" in "".join(traceback.format_exception(first))


def test_errors_hold_nothing_of_the_record() -> None:
    validator = ds.compile(SEED_SCHEMA)
    for record in INVALID.values():
        error = validator.check(record)
        assert error is not None and all(value is not record for value in vars(error).values())


def test_extra_field_errors_kept_by_name_stay_exact() -> None:
    """"Extra field" answers are copied from makers kept per short name; past the number
    kept they are forgotten, long names and str subclasses are built each time."""
    from dataset_schema._core import errors as core_errors

    validator = ds.compile(SEED_SCHEMA)
    names = [f"extra_{n}" for n in range(core_errors._EXTRA_KEPT + 40)]
    names += ["x" * (core_errors._EXTRA_SHORT + 1), "é{0}\u2028</script>", "", "__proto__"]
    for _ in range(2):  # the second time through, some makers are kept, some forgotten
        for name in names:
            for key in (name, SubStr(name)):
                record = {**_BASE, key: 1}
                expected = reference_check(SEED_SCHEMA, record)
                same(validator.check(record), expected)
                same(validator.check_batch([_BASE, record]), reference_check_batch(SEED_SCHEMA, [_BASE, record]))
                error = validator.check(record)
                assert error is not None and error.field == name and type(error.field) is str
    assert 0 < len(core_errors._extra_makers) <= core_errors._EXTRA_KEPT
    assert all(len(name) <= core_errors._EXTRA_SHORT for name in core_errors._extra_makers)


# -- the lean hand-over of each field -------------------------------------------------------

_KINDS = ("string", "number", "boolean", "timestamp")
_SHAPES = [
    SEED_SCHEMA,
    {"fields": {f"f{i}": _KINDS[i % 4] for i in range(9)}},
    {"fields": {f"f{i}": _KINDS[i % 4] for i in range(_codegen.PART_FIELDS + 9)}},  # `check` in parts
]
_GOOD = {"string": "text", "number": 4.25, "boolean": True, "timestamp": TS}


def _good(schema: ds.Schema) -> dict[str, Any]:
    return {"timestamp": TS, "context": {}, **{name: _GOOD[kind] for name, kind in schema.items()}}


@pytest.mark.parametrize("definition", _SHAPES, ids=["seed", "nine", "parts"])
def test_a_failed_field_with_the_other_rules_around_it(definition: dict[str, Any]) -> None:
    # For each field: the failing value alone, with a missing later field (same key
    # count, so with an undeclared key), with an extra key, with a bad timestamp.
    validator = ds.compile(definition)
    good = _good(validator.schema)
    names = list(validator.schema.fields)
    picks = names if len(names) < 20 else names[:3] + names[_codegen.PART_FIELDS - 2:_codegen.PART_FIELDS + 3] + names[-3:]
    for name in picks:
        later = names[-1] if name != names[-1] else None
        for value in [None, SubStr("text"), SubStr(TS), 1, "2026-02-30T00:00:00Z", True, 2**1100, float("nan"), "x"]:
            record = {**good, name: value}
            variants = [record, {**record, "extra": 1}, {**record, 5: 1}, {**record, "timestamp": "bad"},
                        {key: val for key, val in record.items() if key != name}]
            if later is not None:
                without_later = {key: val for key, val in record.items() if key != later}
                variants += [without_later, {**without_later, "extra": 1}, {**without_later, SubStr("sub"): 1}]
            for variant in variants:
                same(validator.check(variant), reference_check(definition, variant))
                batch = [good, variant, good]
                same(validator.check_batch(batch), reference_check_batch(definition, batch))


def test_wide_schemas_are_compiled_in_parts() -> None:
    definition = _SHAPES[2]
    validator = ds.compile(definition)
    assert "def _part1(record, get):" in validator.source and "_part2" not in validator.source
    narrow = ds.compile({"fields": {f"f{i}": "string" for i in range(_codegen.PART_FIELDS)}})
    assert "_part1" not in narrow.source
    good = _good(validator.schema)
    assert validator.check(good) is None
    for position in (0, _codegen.PART_FIELDS - 1, _codegen.PART_FIELDS, len(good) - 3):
        name = list(validator.schema.fields)[position]
        for value in EDGE_VALUES[:12]:
            record = {**good, name: value}
            same(validator.check(record), reference_check(definition, record))


def test_each_part_points_at_its_own_lines_of_the_one_source() -> None:
    # The parts are compiled one by one; tracebacks must still land on their lines.
    validator = ds.compile({"fields": {f"f{i}": "number" for i in range(3 * _codegen.PART_FIELDS)}})
    parts = {cell.cell_contents.__name__: cell.cell_contents for cell in inspect.unwrap(validator.check).__closure__ or ()
             if callable(cell.cell_contents) and getattr(cell.cell_contents, "__name__", "").startswith("_part")}
    assert sorted(parts) == ["_part1", "_part2"]
    lines = validator.source.split("\n")
    for name, part in parts.items():
        assert lines[part.__code__.co_firstlineno - 1] == f"    def {name}(record, get):"
    record = _good(validator.schema)
    frames = []
    try:
        parts["_part2"](record, _raising_get)
    except LookupError as error:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.name == "_part2"]
    assert frames and frames[0].line == f"value = get(_f{2 * _codegen.PART_FIELDS})"


def _raising_get(key: object) -> object:
    raise LookupError(key)


# -- one timestamp match per batch -----------------------------------------------------------

def test_all_timestamps_is_each_timestamp() -> None:
    # Any value: the fast batch loop collects timestamps without testing their type.
    values = [*VALID_TIMESTAMPS, *INVALID_TIMESTAMPS, SubStr(TS), SubStr("x"), None, 0, b"x", [TS], (TS,)]
    rng = random.Random(14)
    for _ in range(4000):
        chosen = rng.sample(values, rng.randrange(1, 6))
        assert all_timestamps(chosen) == all(is_timestamp(value) for value in chosen), chosen
    assert all_timestamps([]) is True
    assert all_timestamps([SubStr(TS), TS]) and not all_timestamps([TS, None]) and not all_timestamps([1, TS])


def test_a_newline_inside_a_timestamp_cannot_pass() -> None:
    # Two valid date-times joined by a newline are one invalid value, never two valid ones.
    assert not all_timestamps([f"{TS}\n{TS}"])
    assert not all_timestamps([TS, f"{TS}\n{TS}", TS])
    assert not all_timestamps([f"{TS}\n", TS]) and not all_timestamps([TS, f"\n{TS}"])
    for schema in (SEED_SCHEMA, {"fields": {"at": "timestamp"}}):
        validator = ds.compile(schema)
        good = _good(validator.schema)
        for key in [key for key, value in good.items() if value == TS]:
            for value in (f"{TS}\n{TS}", f"{TS}\n", f"{TS}\r\n{TS}", "\n"):
                batch = [good, {**good, key: value}, good]
                same(validator.check_batch(batch), reference_check_batch(schema, batch))
                assert validator.check_batch(batch) is not None


_RECORD_CHANGES = st.sampled_from([
    {}, {}, {}, {"timestamp": "2026-02-30T00:00:00Z"}, {"signup_at": "2025-02-29T08:15:30Z"},
    {"timestamp": f"{TS}\n{TS}"}, {"signup_at": SubStr(TS)}, {"amount": "1"}, {"extra": 1}, {"context": None},
    {"timestamp": SubStr("bad")}, {"signup_at": None},
])


@settings(max_examples=150)
@given(st.lists(_RECORD_CHANGES, min_size=1, max_size=12), st.sampled_from([None, "plan", "signup_at"]))
def test_batches_match_the_reference(changes: list[dict[str, Any]], removed: str | None) -> None:
    validator = ds.compile(SEED_SCHEMA)
    batch = []
    for change in changes:
        record = {**_BASE, **change}
        if removed is not None and not change:
            record.pop(removed)
            removed = None
        batch.append(record)
    same(validator.check_batch(batch), reference_check_batch(SEED_SCHEMA, batch))


def test_generated_batches_stay_exact() -> None:
    # 4000 batches: valid ones, and ones with one or two bad values somewhere.
    validator = ds.compile(SEED_SCHEMA)
    rng = random.Random(2026)
    bad = [value for value in INVALID_TIMESTAMPS if type(value) is str] + [f"{TS}\n{TS}"]
    for _ in range(4000):
        batch = [dict(_BASE, country=rng.choice("ABC")) for _ in range(rng.randrange(1, 9))]
        for _ in range(rng.choice((0, 0, 1, 2))):
            record = rng.choice(batch)
            key = rng.choice(("timestamp", "signup_at", "amount", "context", "active"))
            record[key] = rng.choice(bad) if key in ("timestamp", "signup_at") else rng.choice(EDGE_VALUES)
        same(validator.check_batch(batch), reference_check_batch(SEED_SCHEMA, batch))


# -- the body decoder chosen at compile time ---------------------------------------------------

def _decoder_of(validator: ds.Validator) -> Any:
    cells = [cell.cell_contents for cell in validator.parse_record.__closure__ or ()]
    return next(cell for cell in cells if cell is pure_decode or getattr(cell, "__name__", "") == "decode")


def test_the_switch_chooses_the_pure_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(accel.PURE_SWITCH, "1")
    assert _decoder_of(ds.compile(SEED_SCHEMA)) is pure_decode
    monkeypatch.setenv(accel.PURE_SWITCH, "0")
    fast = pytest.importorskip("dataset_schema._core.accel.msgspec_body")
    assert _decoder_of(ds.compile(SEED_SCHEMA)) is fast.decode


def test_without_msgspec_the_pure_decoder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(accel.PURE_SWITCH, raising=False)
    monkeypatch.setitem(sys.modules, "msgspec", None)  # import msgspec raises ImportError
    monkeypatch.delitem(sys.modules, "dataset_schema._core.accel.msgspec_body", raising=False)
    assert _decoder_of(ds.compile(SEED_SCHEMA)) is pure_decode


def test_both_decoders_give_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("dataset_schema._core.accel.msgspec_body")
    monkeypatch.setenv(accel.PURE_SWITCH, "1")
    pure = ds.compile(SEED_SCHEMA)
    monkeypatch.delenv(accel.PURE_SWITCH)
    fast = ds.compile(SEED_SCHEMA)
    assert _decoder_of(pure) is not _decoder_of(fast)
    for _, body, _ in SINGLE_CASES:
        assert outcome(fast.parse_record, body) == outcome(pure.parse_record, body)
    for _, body, _ in BATCH_CASES:
        assert outcome(fast.parse_batch, body) == outcome(pure.parse_batch, body)

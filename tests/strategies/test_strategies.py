"""Every expectation the strategies state holds for the library: compiled validator and reference."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from functools import partial
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema import strategies as dss
from dataset_schema._errors import make_error
from dataset_schema._core.reference import (
    reference_check,
    reference_errors,
    reference_is_timestamp,
    reference_parse_batch,
    reference_parse_record,
)

from ..support.seed import SEED_SCHEMA

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = SEED_SCHEMA
SEED_VALIDATOR = ds.compile(SEED)
# Half the profile's examples (tests/conftest.py): drawing bodies is slow, and HYPOTHESIS_PROFILE=long
# still scales them up.
quick = settings(max_examples=max(10, settings().max_examples // 2), deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])
# Generation only: a search for an edge needs no shrinking of what it finds.
searching = settings(max_examples=4000, deadline=None, database=None, phases=[Phase.generate],
                     suppress_health_check=list(HealthCheck), derandomize=True)
with_schema = dss.schemas(max_fields=5).flatmap


def _answer(parse: Callable[[Any], Any], body: Any) -> tuple[str, Any]:
    try:
        return "ok", parse(body)
    except ds.IngestError as error:
        return "error", error


def _is_json_data(value: Any) -> bool:
    """Only what a JSON parser produces (inf stands for an overflowing literal)."""
    if value is None or isinstance(value, (bool, int, str)):
        return type(value) in (type(None), bool, int, str)
    if isinstance(value, float):
        return type(value) is float and not math.isnan(value)
    if type(value) is list:
        return all(_is_json_data(item) for item in value)
    if type(value) is dict:
        return all(type(key) is str and _is_json_data(item) for key, item in value.items())
    return False


# -- the module itself ----------------------------------------------------------------

def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)


def test_importing_without_hypothesis_names_the_extra() -> None:
    done = _run("import sys; sys.modules['hypothesis'] = None; import dataset_schema.strategies")
    assert done.returncode != 0
    assert "ImportError" in done.stderr
    assert "dataset-schema[strategies]" in done.stderr


def test_the_package_does_not_import_hypothesis() -> None:
    done = _run("import sys, dataset_schema; print('hypothesis' in sys.modules, 'dataset_schema.strategies' in sys.modules)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def test_the_extra_is_declared() -> None:
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as file:
        assert 'strategies = ["hypothesis>=6.80"]' in file.read()


def test_a_bad_definition_is_refused_before_drawing() -> None:
    for make in (dss.records, dss.invalid_records, dss.bodies):
        with pytest.raises(ds.SchemaError):
            make({"fields": {"timestamp": "string"}})


def test_expected_reads_its_error() -> None:
    error = make_error("missing_field", "amount", index=2)
    assert dss.Expected(error).message == "Missing field: amount"
    assert (dss.Expected(error).code, dss.Expected(error).index, dss.Expected(error).ok) == ("missing_field", 2, False)
    accepted = dss.Expected(None, {"a": 1})
    assert (accepted.ok, accepted.message, accepted.code, accepted.index, accepted.value) == (True, None, None, None, {"a": 1})


# -- schemas, records -------------------------------------------------------------------

@quick
@given(dss.schemas())
def test_schemas_compile_and_round_trip(definition: dict[str, Any]) -> None:
    schema = ds.Schema.from_dict(definition)
    assert schema.to_dict() == definition
    assert ds.Schema.from_json(json.dumps(definition)) == schema
    assert ds.compile(definition).schema == schema


@quick
@given(with_schema(lambda d: st.tuples(st.just(d), dss.records(d))))
def test_records_pass(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    definition, record = case
    validator = ds.compile(definition)
    assert validator.check(record) is None
    assert validator.errors(record) == []
    assert reference_errors(definition, record) == []
    body = json.dumps(record, allow_nan=False, ensure_ascii=False).encode()
    assert validator.parse_record(body) == record
    assert validator.parse_batch(b"[" + body + b"]") == [record]


@quick
@given(dss.records(ds.Schema.from_dict(SEED)))
def test_records_accept_a_schema_object(record: dict[str, Any]) -> None:
    assert SEED_VALIDATOR.check(record) is None
    assert list(record) != [] and set(record) == {"timestamp", "context", *SEED["fields"]}


@quick
@given(with_schema(lambda d: st.tuples(st.just(d), dss.invalid_records(d), st.booleans())))
def test_invalid_records_get_their_message(case: tuple[dict[str, Any], tuple[Any, str], bool]) -> None:
    definition, (record, message), _ = case
    validator = ds.compile(definition)
    error = validator.check(record)
    assert error is not None and error.message == message
    assert validator.errors(record)[0] == error
    assert validator.errors(record) == reference_errors(definition, record)  # every problem, same order
    reference = reference_check(definition, record)
    assert reference is not None and reference.message == message
    with pytest.raises(ds.IngestError, match="^" + __import__("re").escape(message) + "$"):
        validator.validate(record)


@quick
@given(with_schema(lambda d: st.tuples(st.just(d), dss.invalid_records(d, json_only=True))))
def test_json_only_invalid_records_are_json_data(case: tuple[dict[str, Any], tuple[Any, str]]) -> None:
    definition, (record, message) = case
    assert _is_json_data(record)
    assert ds.compile(definition).check(record).message == message  # type: ignore[union-attr]


@quick
@given(dss.invalid_records(SEED), st.lists(dss.records(SEED), max_size=3))
def test_a_broken_record_in_a_batch_is_found_at_its_index(case: tuple[Any, str], before: list[Any]) -> None:
    record, message = case
    error = SEED_VALIDATOR.check_batch([*before, record])
    assert error is not None and (error.message, error.index) == (message, len(before))


# -- timestamps -------------------------------------------------------------------------

@quick
@given(dss.timestamps())
def test_timestamps_are_accepted(text: str) -> None:
    assert ds.is_timestamp(text) and reference_is_timestamp(text)
    assert SEED_VALIDATOR.check({"timestamp": text, "context": {}, "country": "RO", "plan": "pro",
                                 "amount": 1, "active": True, "signup_at": text}) is None


@quick
@given(dss.invalid_timestamps())
def test_invalid_timestamps_are_rejected(text: str) -> None:
    assert not ds.is_timestamp(text) and not reference_is_timestamp(text)
    record = {"timestamp": text, "context": {}, "country": "RO", "plan": "pro", "amount": 1, "active": True,
              "signup_at": text}
    assert SEED_VALIDATOR.errors(record) == [make_error("invalid_timestamp"),
                                             make_error("invalid_timestamp_field", "signup_at")]


# -- bodies -----------------------------------------------------------------------------

def _assert_body(definition: Any, body: bytes, expected: dss.Expected, batch: bool) -> None:
    validator = ds.compile(definition)
    parse = validator.parse_batch if batch else validator.parse_record
    reference = reference_parse_batch if batch else reference_parse_record
    want = ("ok", expected.value) if expected.ok else ("error", expected.error)
    assert _answer(parse, body) == want
    assert _answer(lambda b: reference(definition, b), body) == want
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return
    assert _answer(parse, text) == want  # a str body gets the answer its UTF-8 bytes get


@quick
@given(dss.bodies(SEED))
def test_record_bodies_get_their_answer(case: tuple[bytes, dss.Expected]) -> None:
    _assert_body(SEED, *case, batch=False)


@quick
@given(dss.bodies(SEED, batch=True))
def test_batch_bodies_get_their_answer(case: tuple[bytes, dss.Expected]) -> None:
    _assert_body(SEED, *case, batch=True)


@quick
@given(with_schema(lambda d: st.tuples(st.just(d), st.booleans().flatmap(
    lambda batch: st.tuples(st.just(batch), dss.bodies(d, batch=batch))))))
def test_bodies_for_any_schema_get_their_answer(case: tuple[Any, tuple[bool, tuple[bytes, dss.Expected]]]) -> None:
    definition, (batch, (body, expected)) = case
    _assert_body(definition, body, expected, batch)


# -- the edges the issue asks for are reached --------------------------------------------
# One search per strategy for all of its edges, stopping as soon as every edge was drawn.

class _AllReached(Exception):
    pass


def _reaches(strategy: st.SearchStrategy[Any], edges: dict[str, Callable[[Any], bool]], budget: int = 4000) -> None:
    """Fails, naming them, unless every edge is drawn within the search budget."""
    missing = dict(edges)

    @settings(searching, max_examples=budget)
    @given(strategy)
    def probe(value: Any) -> None:
        for name, condition in list(missing.items()):
            if condition(value):
                del missing[name]
        if not missing:
            raise _AllReached

    try:
        probe()
    except _AllReached:
        return
    raise AssertionError(f"never drawn: {sorted(missing)}")


def test_records_reach_the_edges() -> None:
    _reaches(dss.records(SEED), {
        "-0.0": lambda r: r["amount"] == 0 and math.copysign(1, r["amount"]) < 0,
        "big int": lambda r: isinstance(r["amount"], int) and abs(r["amount"]) > 2**1023,
        "empty string": lambda r: r["country"] == "",
        "non-ascii": lambda r: not r["plan"].isascii(),
        "2000-02-29": lambda r: r["signup_at"].startswith("2000-02-29"),
        "lowercase t and z": lambda r: "t" in r["timestamp"] and r["timestamp"].endswith("z"),
        "offset": lambda r: r["timestamp"][-6:][0] in "+-",
        "long fraction": lambda r: "." in r["timestamp"] and len(r["timestamp"].split(".")[1]) > 12,
        "nested context": lambda r: any(isinstance(v, dict) and v for v in r["context"].values()),
        "key order": lambda r: list(r)[0] != "timestamp",
    })


def test_timestamps_reach_the_edges() -> None:
    _reaches(dss.timestamps(), {
        "0000-02-29": lambda t: t.startswith("0000-02-29"),
        "-00:00": lambda t: t.endswith("-00:00"),
        "23:59:59": lambda t: t[11:19] == "23:59:59",
    })


def test_invalid_timestamps_reach_the_edges() -> None:
    _reaches(dss.invalid_timestamps(), {
        "1900-02-29": lambda t: t.startswith("1900-02-29"),
        "arabic-indic digit": lambda t: any("\u0660" <= c <= "\u0669" for c in t),
        "fullwidth digit": lambda t: any("\uff10" <= c <= "\uff19" for c in t),
        "trailing newline": lambda t: t.endswith("\n"),
        "space separator": lambda t: t[10:11] == " ",
        "comma fraction": lambda t: "," in t,
        "date only": lambda t: len(t) == 10,
        "no offset": lambda t: t[:19].count(":") == 2 and t[19:] == "",
        "24:00": lambda t: "T24:" in t,
        "leap second": lambda t: ":60" in t[11:19],
        "feb 30": lambda t: "-02-30" in t,
        "month 13": lambda t: t[5:7] == "13",
        "offset +24:00": lambda t: t.endswith("+24:00"),
        "basic format": lambda t: t.startswith("2026") and "-" not in t,
    })


def _says(message: str, case: tuple[Any, str]) -> bool:
    return case[1] == message


def test_invalid_records_reach_every_rule() -> None:
    edges: dict[str, Callable[[Any], bool]] = {}
    for code, field in [
        ("payload_not_object", None), ("invalid_timestamp", None), ("context_not_object", None),
        ("extra_field", "__traceId"), ("missing_field", "amount"), ("invalid_string_field", "country"),
        ("invalid_number_field", "amount"), ("invalid_boolean_field", "active"),
        ("invalid_timestamp_field", "signup_at"),
    ]:
        message = make_error(code, field).message
        edges[message] = partial(_says, message)
    # Several problems at once, the first in the contract's order answering.
    edges["several problems"] = lambda case: (
        len(reference_errors(SEED, case[0])) >= 3 and case[1] != "Payload must be an object")
    _reaches(dss.invalid_records(SEED), edges)


def _overflows(body: bytes) -> bool:
    # Overflowing as the contract reads a literal: past float64, or an integer of more than
    # 4300 digits (docs/contract.md), whatever this process's int digit limit is.
    def big_int(literal: str) -> float | int:
        return math.inf if len(literal.lstrip("-")) > 4300 else int(literal)

    try:
        record = json.loads(body, parse_int=big_int)
    except ValueError:
        return False
    return isinstance(record, dict) and record.get("amount") in (math.inf, -math.inf)


def _duplicate_keys(case: tuple[bytes, dss.Expected]) -> bool:
    if not case[1].ok:
        return False
    pairs = json.loads(case[0], object_pairs_hook=lambda p: p)
    return len({key for key, _ in pairs}) != len(pairs)


def _outcome(code: str | None, index: int | None = None) -> Callable[[Any], bool]:
    return lambda case: (case[1].code, case[1].index) == (code, index)


def test_record_bodies_reach_the_edges() -> None:
    _reaches(dss.bodies(SEED), {
        "accepted": _outcome(None), "invalid_json": _outcome("invalid_json"),
        "payload_not_object": _outcome("payload_not_object"),
        "invalid_number_field": _outcome("invalid_number_field"),
        "bom": lambda case: case[0].startswith(b"\xef\xbb\xbf"),
        "utf-16 or nul": lambda case: b"\x00" in case[0],
        "nan or infinity": lambda case: b"NaN" in case[0] or b"Infinity" in case[0],
        "blank": lambda case: case[0].strip() == b"",
        "duplicate keys": _duplicate_keys,
        "escaped lone surrogate": lambda case: case[1].ok and b"\\ud800" in case[0],
    })


def test_number_bodies_reach_overflowing_literals() -> None:
    # A rare edge, and Hypothesis seeds generation with constants from whatever modules the
    # worker has loaded, so the draws differ from run to run: a wider budget than the others.
    _reaches(dss.bodies({"fields": {"amount": "number"}}), {
        "1e400": lambda case: _overflows(case[0]) and case[1].code == "invalid_number_field",
    }, budget=12_000)


def test_batch_bodies_reach_the_edges() -> None:
    _reaches(dss.bodies(SEED, batch=True), {
        "accepted": _outcome(None), "batch_not_array": _outcome("batch_not_array"),
        "invalid_json": _outcome("invalid_json"), "payload_not_object at 0": _outcome("payload_not_object", 0),
        "a record error at 0": lambda case: case[1].index == 0,
        "a record error at 2 or later": lambda case: (case[1].index or 0) >= 2,
    })


def test_schemas_reach_the_edges() -> None:
    def types(d: dict[str, Any]) -> set[str]:
        return set(d["fields"].values())
    _reaches(dss.schemas(), {
        "no fields": lambda d: d["fields"] == {},
        "many fields": lambda d: len(d["fields"]) >= 6,
        "every type": lambda d: types(d) == {"string", "number", "boolean", "timestamp"},
        "long name": lambda d: any(len(name) >= 100 for name in d["fields"]),
        "non-ascii name": lambda d: any(not name.isascii() for name in d["fields"]),
        "punctuation": lambda d: any(set(name) & set("\"\\{}.$ -%") for name in d["fields"]),
        "near a reserved name": lambda d: any(name.lower() in ("timestamp", "context", "__traceid")
                                              for name in d["fields"]),
    })

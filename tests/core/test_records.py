"""Record rules: every message, every type rule, the order of rules, errors(), batches."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import dataset_schema as ds
from dataset_schema._core.reference import reference_check, reference_check_batch, reference_errors

from ..support.records import CASES, without
from ..support.seed import SEED_SCHEMA, seed_record

V = ds.compile(SEED_SCHEMA)

# Both engines answer every table case; they must agree with the table and so with each other.
FIRST: list[Any] = [
    pytest.param(V.check, id="compiled"),
    pytest.param(lambda record: reference_check(SEED_SCHEMA, record), id="reference"),
]
ALL: list[Any] = [
    pytest.param(V.errors, id="compiled"),
    pytest.param(lambda record: reference_errors(SEED_SCHEMA, record), id="reference"),
]
BATCH: list[Any] = [
    pytest.param(V.check_batch, id="compiled"),
    pytest.param(lambda records: reference_check_batch(SEED_SCHEMA, records), id="reference"),
]

Check = Callable[[object], "ds.IngestError | None"]


def message(error: ds.IngestError | None) -> str | None:
    return None if error is None else error.message


@pytest.mark.parametrize("check", FIRST)
@pytest.mark.parametrize(("record", "expected"), [pytest.param(r, e, id=i) for i, r, e in CASES])
def test_first_problem(check: Check, record: Any, expected: str | None) -> None:
    assert message(check(record)) == expected


@pytest.mark.parametrize(("record", "expected"), [pytest.param(r, e, id=i) for i, r, e in CASES])
def test_errors_starts_with_check_and_validate_raises_it(record: Any, expected: str | None) -> None:
    found = V.errors(record)
    assert [e.message for e in found[:1]] == ([] if expected is None else [expected])
    assert V.is_valid(record) is (expected is None)
    if expected is None:
        assert V.validate(record) is None
    else:
        with pytest.raises(ds.IngestError) as info:
            V.validate(record)
        assert info.value == V.check(record)


def test_error_attributes() -> None:
    error = V.check(seed_record(amount="12.5"))
    assert error is not None
    assert (error.message, error.code, error.status, error.field, error.index) == (
        "Invalid number field: amount", "invalid_number_field", 400, "amount", None)
    assert str(error) == error.message
    assert error.body == {"success": False, "error": "Invalid number field: amount",
                          "code": "invalid_number_field", "field": "amount"}
    plain = V.check([])
    assert plain is not None and plain.field is None and plain.code == "payload_not_object"
    extra = V.check(seed_record(extra=1))
    assert extra is not None and (extra.code, extra.field) == ("extra_field", "extra")
    missing = V.check(without("plan"))
    assert missing is not None and (missing.code, missing.field) == ("missing_field", "plan")


@pytest.mark.parametrize("errors", ALL)
def test_errors_lists_every_problem_in_canonical_order(errors: Callable[[object], list[ds.IngestError]]) -> None:
    record = {"b_extra": 1, "signup_at": "nope", "country": 5, "a_extra": 2, "active": "yes"}
    assert [e.message for e in errors(record)] == [
        "Invalid or missing timestamp",
        "context must be an object",
        "Extra field: b_extra",
        "Extra field: a_extra",
        "Invalid string field: country",
        "Missing field: plan",
        "Missing field: amount",
        "Invalid boolean field: active",
        "Invalid timestamp field: signup_at",
    ]
    assert [e.message for e in errors(5)] == ["Payload must be an object"]
    assert errors(seed_record()) == []


@pytest.mark.parametrize("check_batch", BATCH)
def test_batch(check_batch: Check) -> None:
    good = seed_record()
    assert check_batch([good]) is None
    assert check_batch([good] * 3) is None
    for not_array in ([], {}, None, "[]", (good,), good, 0):
        error = check_batch(not_array)
        assert error is not None and error.message == "Batch body must be a non-empty array"
        assert error.code == "batch_not_array" and error.index is None
    error = check_batch([good, good, seed_record(amount="1"), seed_record(extra=1)])
    assert error is not None
    assert (error.message, error.index) == ("Invalid number field: amount", 2)
    assert error.body["index"] == 2
    error = check_batch([good, 5])
    assert error is not None and (error.message, error.index) == ("Payload must be an object", 1)
    error = check_batch([[good]])
    assert error is not None and (error.message, error.index) == ("Payload must be an object", 0)


def test_batch_list_subclass_is_judged_by_its_items() -> None:
    class Odd(list):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter([])

    error = V.check_batch(Odd([seed_record(), seed_record(amount="x")]))
    assert error is not None and error.index == 1


def test_dict_subclass_is_judged_by_what_it_stores() -> None:
    class Lying(dict):  # type: ignore[type-arg]
        def get(self, key: object, default: object = None) -> object:
            return "2026-06-10T10:58:00Z"

        def __getitem__(self, key: object) -> object:
            raise KeyError(key)

        def keys(self):  # type: ignore[no-untyped-def]
            return []

        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter([])

    record = Lying(seed_record(extra=1))
    assert message(V.check(record)) == "Extra field: extra"
    assert message(reference_check(SEED_SCHEMA, record)) == "Extra field: extra"
    assert message(V.check(Lying(without("timestamp")))) == "Invalid or missing timestamp"


def test_hostile_keys_never_raise() -> None:
    class Bad:
        def __hash__(self) -> int:
            raise RuntimeError("no hash")

    class Equal:
        armed = False

        def __hash__(self) -> int:
            return hash("country")

        def __eq__(self, other: object) -> bool:
            if Equal.armed:
                raise RuntimeError("no eq")
            return False

    record = seed_record()
    record[Equal()] = 1  # type: ignore[index]
    Equal.armed = True
    for weird in (record,):
        assert message(V.check(weird)) == "Payload must be an object"
        assert [e.message for e in V.errors(weird)] == ["Payload must be an object"]
    with pytest.raises(RuntimeError):
        {Bad(): 1}  # noqa: B018  (such a dict cannot even be built)


def test_keys_of_str_subclasses_are_names() -> None:
    class Key(str):
        def __format__(self, spec: str) -> str:
            return "tampered"

    record = seed_record()
    record[Key("extra")] = 1
    error = V.check(record)
    assert error is not None and error.message == "Extra field: extra" and type(error.field) is str


def test_empty_schema_accepts_only_timestamp_and_context() -> None:
    v = ds.compile({"fields": {}})
    assert v.check({"timestamp": "2026-06-10T10:58:00Z", "context": {}}) is None
    assert message(v.check({"timestamp": "2026-06-10T10:58:00Z", "context": {}, "a": 1})) == "Extra field: a"


def test_hostile_field_names_give_exact_messages() -> None:
    names = ['a"b', "__import__('os').system('x')", "line\nbreak", "ünï", "{field}", "'''", "\\", " "]
    v = ds.compile({"fields": {name: "number" for name in names}})
    base = {"timestamp": "2026-06-10T10:58:00Z", "context": {}}
    for name in names:
        record = {**base, **{n: 1 for n in names}, name: "x"}
        assert message(v.check(record)) == f"Invalid number field: {name}"
        del record[name]
        assert message(v.check(record)) == f"Missing field: {name}"

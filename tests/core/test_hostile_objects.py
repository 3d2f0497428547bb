"""check, errors and check_batch never raise on any Python value, and judge objects by their real type.

``isinstance`` believes a ``__class__`` property, and ``len()``/``bool()`` call a
subclass's overrides: the validator and the reference must do neither.  Each
reproduction of issue 10 (item 10) is a table row; a property test then puts hostile
objects everywhere a record, a value, a key or a batch can be.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema._core.reference import reference_check, reference_check_batch, reference_errors

from ..support.seed import SEED_SCHEMA, seed_record
from ..support.values import same

V = ds.compile(SEED_SCHEMA)


def _boom(*args: object) -> Any:
    raise RuntimeError("hostile")


def claims(kind: type) -> object:
    """An object whose ``__class__`` property says ``kind``: isinstance(obj, kind) is True."""
    class Impostor:
        @property  # type: ignore[misc]
        def __class__(self) -> type:  # noqa: PLE0307
            return kind

    return Impostor()


class RaisingLen(list):  # type: ignore[type-arg]
    __len__ = _boom
    __bool__ = _boom


class RaisingBool(list):  # type: ignore[type-arg]
    __bool__ = _boom


class RaisingIter(list):  # type: ignore[type-arg]
    __iter__ = _boom
    __getitem__ = _boom


class RaisingDict(dict):  # type: ignore[type-arg]
    __len__ = _boom
    __iter__ = _boom
    __getitem__ = _boom
    get = _boom
    keys = _boom
    items = _boom
    __contains__ = _boom


class RaisingStr(str):
    __hash__ = _boom
    __eq__ = _boom
    __len__ = _boom
    __str__ = _boom


class OddKey(str):
    """A str subclass key: hashes as its characters, but its other methods raise."""

    __str__ = _boom
    __format__ = _boom
    __len__ = _boom
    __iter__ = _boom


class RaisingFloat(float):
    __sub__ = _boom
    __eq__ = _boom
    __lt__ = _boom
    __float__ = _boom


class RaisingInt(int):
    __lt__ = _boom
    __gt__ = _boom
    __index__ = _boom
    __int__ = _boom


class ArmedKey:
    """A key that hashes and compares fine while the dict is built, then raises."""

    armed = False

    def __init__(self, hash_of: str) -> None:
        self.value = hash(hash_of)

    def __hash__(self) -> int:
        if ArmedKey.armed:
            raise RuntimeError("no hash")
        return self.value

    def __eq__(self, other: object) -> bool:
        if ArmedKey.armed:
            raise RuntimeError("no eq")
        return self is other


@pytest.fixture(autouse=True)
def _disarm() -> Any:
    ArmedKey.armed = False
    yield
    ArmedKey.armed = False


def with_armed_key(hash_of: str, **changes: Any) -> dict[Any, Any]:
    record: dict[Any, Any] = seed_record(**changes)
    record[ArmedKey(hash_of)] = 1
    return record


PAYLOAD = "Payload must be an object"
BATCH = "Batch body must be a non-empty array"

# (id, record, first message); the reproductions of issue 10 item 10 and their kin.
RECORDS: list[tuple[str, Callable[[], Any], str | None]] = [
    ("object claiming dict as the record", lambda: claims(dict), PAYLOAD),
    ("object claiming str in a string field", lambda: seed_record(country=claims(str)), "Invalid string field: country"),
    ("object claiming str as the timestamp", lambda: seed_record(timestamp=claims(str)), "Invalid or missing timestamp"),
    ("object claiming str in a timestamp field", lambda: seed_record(signup_at=claims(str)), "Invalid timestamp field: signup_at"),
    ("object claiming dict as context", lambda: seed_record(context=claims(dict)), "context must be an object"),
    ("object claiming float in a number field", lambda: seed_record(amount=claims(float)), "Invalid number field: amount"),
    ("object claiming int in a number field", lambda: seed_record(amount=claims(int)), "Invalid number field: amount"),
    ("object claiming bool in a boolean field", lambda: seed_record(active=claims(bool)), "Invalid boolean field: active"),
    ("dict subclass whose every method raises", lambda: RaisingDict(seed_record()), None),
    ("dict subclass whose every method raises, bad field", lambda: RaisingDict(seed_record(amount="x")), "Invalid number field: amount"),
    ("dict subclass context whose every method raises", lambda: seed_record(context=RaisingDict()), None),
    ("str subclass whose methods raise, as a value", lambda: seed_record(country=RaisingStr("RO")), None),
    ("str subclass whose methods raise, as the timestamp", lambda: seed_record(timestamp=RaisingStr("2026-06-10T10:58:00Z")), None),
    ("float subclass whose operators raise", lambda: seed_record(amount=RaisingFloat(1.5)), None),
    ("int subclass whose operators raise", lambda: seed_record(amount=RaisingInt(7)), None),
    ("list subclass whose len raises, as context", lambda: seed_record(context=RaisingLen()), "context must be an object"),
]

# Keys whose __hash__/__eq__ raise once the record exists: such a dict is not a JSON object.
ARMED: list[tuple[str, Callable[[], Any]]] = [
    ("undeclared key", lambda: with_armed_key("zzz")),
    ("key hashing like a declared field", lambda: with_armed_key("country")),
    ("key hashing like timestamp", lambda: with_armed_key("timestamp")),
    ("key hashing like a declared field, with a bad value", lambda: with_armed_key("amount", amount="x")),
]

# (id, batch, first message, its index)
BATCHES: list[tuple[str, Callable[[], Any], str | None, int | None]] = [
    ("list subclass whose __len__ and __bool__ raise", lambda: RaisingLen([seed_record()]), None, None),
    ("list subclass whose __len__ raises, bad record", lambda: RaisingLen([seed_record(), seed_record(amount="x")]),
     "Invalid number field: amount", 1),
    ("empty list subclass whose __len__ raises", lambda: RaisingLen(), BATCH, None),
    ("list subclass whose __bool__ raises", lambda: RaisingBool([seed_record()]), None, None),
    ("list subclass whose __iter__ and __getitem__ raise", lambda: RaisingIter([seed_record(active=1)]),
     "Invalid boolean field: active", 0),
    ("object claiming list", lambda: claims(list), BATCH, None),
    ("object claiming list, in a list", lambda: [seed_record(), claims(list)], PAYLOAD, 1),
    ("object claiming dict, in a list", lambda: [claims(dict)], PAYLOAD, 0),
]


def message(error: ds.IngestError | None) -> str | None:
    return None if error is None else error.message


def agree(record: Any) -> ds.IngestError | None:
    """The compiled answers, after checking them against the reference's, field by field."""
    error = V.check(record)
    same(error, reference_check(SEED_SCHEMA, record))
    found = V.errors(record)
    assert found == reference_errors(SEED_SCHEMA, record)
    assert found[:1] == ([error] if error is not None else [])
    for batch in ([record], [seed_record(), record]):
        same(V.check_batch(batch), reference_check_batch(SEED_SCHEMA, batch))
    return error


@pytest.mark.parametrize(("make", "expected"), [pytest.param(m, e, id=i) for i, m, e in RECORDS])
def test_records_are_judged_by_their_real_type(make: Callable[[], Any], expected: str | None) -> None:
    assert message(agree(make())) == expected


@pytest.mark.parametrize("make", [pytest.param(m, id=i) for i, m in ARMED])
def test_keys_that_raise_make_a_record_no_object(make: Callable[[], Any]) -> None:
    record = make()
    ArmedKey.armed = True
    assert message(agree(record)) == PAYLOAD
    assert [e.message for e in V.errors(record)] == [PAYLOAD]
    error = V.check_batch([seed_record(), record])
    assert error is not None and (error.message, error.index) == (PAYLOAD, 1)


@pytest.mark.parametrize(("make", "expected", "index"), [pytest.param(m, e, i, id=n) for n, m, e, i in BATCHES])
def test_batches_are_judged_by_their_real_type(make: Callable[[], Any], expected: str | None, index: int | None) -> None:
    batch = make()
    error = V.check_batch(batch)
    same(error, reference_check_batch(SEED_SCHEMA, batch))
    assert (message(error), None if error is None else error.index) == (expected, index)
    with pytest.raises(ds.IngestError) if expected is not None else _nothing():
        V.validate_batch(batch)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


# -- hostile objects anywhere ----------------------------------------------------------------

KINDS = (str, dict, list, int, float, bool, bytes, type(None))
# Factories, not objects: each example gets fresh ones (hypothesis never touches them).
HOSTILE: list[Callable[[], Any]] = [
    *(lambda kind=kind: claims(kind) for kind in KINDS),  # type: ignore[misc]
    RaisingLen, lambda: RaisingLen([1]), RaisingBool, lambda: RaisingIter([seed_record()]), RaisingDict,
    lambda: RaisingDict(seed_record()), lambda: RaisingStr("RO"), lambda: RaisingStr("2026-06-10T10:58:00Z"),
    lambda: RaisingFloat(2.5), lambda: RaisingFloat("inf"), lambda: RaisingInt(3), lambda: RaisingInt(2**1100),
]
PLAIN: list[Callable[[], Any]] = [
    lambda: None, lambda: True, lambda: 1, lambda: 2.5, lambda: "RO", lambda: "2026-06-01T08:00:00Z", dict, list,
    seed_record,
]
hostile = st.integers(0, len(HOSTILE) - 1).map(lambda i: HOSTILE[i]())
plain = st.integers(0, len(PLAIN) - 1).map(lambda i: PLAIN[i]())
positions = st.sampled_from(list(seed_record()) + ["extra"])


@st.composite
def hostile_records(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(hostile)
    record: Any = seed_record()
    for _ in range(draw(st.integers(1, 3))):
        record[draw(positions)] = draw(st.one_of(hostile, plain))
    if draw(st.booleans()):
        record[OddKey(draw(st.sampled_from(["extra", "country"])))] = draw(plain)
    return RaisingDict(record) if draw(st.integers(0, 4)) == 0 else record


@given(hostile_records())
def test_hostile_records_never_raise_and_match_the_reference(record: Any) -> None:
    agree(record)


CONTAINERS = [list, RaisingLen, RaisingBool, RaisingIter]


@given(st.lists(hostile_records(), max_size=3), st.integers(0, len(CONTAINERS) - 1))
def test_hostile_batches_never_raise_and_match_the_reference(records: list[Any], container: int) -> None:
    batch = CONTAINERS[container](records)
    same(V.check_batch(batch), reference_check_batch(SEED_SCHEMA, batch))

"""Validators and errors as objects: pickle, copy, immutability, threads, no mutation."""

from __future__ import annotations

import copy
import pickle
import threading
from typing import Any

import pytest

import dataset_schema as ds

from ..support.seed import SEED_SCHEMA, seed_record

V = ds.compile(SEED_SCHEMA)

SAMPLES: list[Any] = [
    seed_record(),
    seed_record(amount="1"),
    seed_record(extra=1),
    {"timestamp": "x"},
    [],
    None,
]


def test_validator_pickles_to_an_equivalent_validator() -> None:
    clone = pickle.loads(pickle.dumps(V))
    assert clone == V and clone.schema == V.schema
    for sample in SAMPLES:
        assert clone.check(sample) == V.check(sample)
        assert clone.errors(sample) == V.errors(sample)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(V, protocol)).check(seed_record(amount="x")) == V.check(seed_record(amount="x"))


def test_validator_is_immutable() -> None:
    with pytest.raises(AttributeError):
        V._checkers = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        V.anything = 1  # type: ignore[attr-defined]


def test_error_pickles_copies_and_keeps_every_attribute() -> None:
    error = ds.compile(SEED_SCHEMA).check_batch([seed_record(), seed_record(active=1)])
    assert error is not None
    for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert clone == error
        assert (clone.message, clone.code, clone.status, clone.field, clone.index) == (
            "Invalid boolean field: active", "invalid_boolean_field", 400, "active", 1)
        assert str(clone) == "Invalid boolean field: active"


def test_error_does_not_hold_the_record() -> None:
    marker = "a-very-unlikely-marker-value"
    error = V.check(seed_record(amount=marker))
    assert error is not None
    assert marker not in repr(error) and marker not in repr(error.args) and marker not in pickle.dumps(error).decode("latin-1")
    assert error.__traceback__ is None and error.__context__ is None


def test_check_does_not_mutate_the_record() -> None:
    for sample in SAMPLES:
        before = copy.deepcopy(sample)
        V.check(sample)
        V.errors(sample)
        V.check_batch([sample])
        assert sample == before
    record = seed_record(extra=1)
    keys = list(record)
    V.check(record)
    assert list(record) == keys


def test_parse_returns_fresh_data_each_time() -> None:
    import json

    body = json.dumps(seed_record()).encode()
    first = V.parse_record(body)
    first["country"] = "XX"
    assert V.parse_record(body)["country"] == "RO"


def test_errors_are_fresh_objects() -> None:
    first = V.check(seed_record(amount="1"))
    second = V.check(seed_record(amount="1"))
    assert first == second and first is not second


def test_threads_share_one_validator() -> None:
    cases = [(sample, V.check(sample)) for sample in SAMPLES] * 50
    failures: list[Any] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        for _ in range(20):
            for sample, expected in cases:
                if V.check(sample) != expected:
                    failures.append(sample)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []

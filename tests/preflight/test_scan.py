"""scan.py: the explainer that turns a line's first problem into one or every problem."""

from __future__ import annotations

import json

import dataset_schema as ds
from dataset_schema._preflight.scan import explainer

from ..support.seed import SEED_SCHEMA, seed_record

V = ds.compile(SEED_SCHEMA)


def test_the_first_problem_alone_by_default() -> None:
    line = json.dumps(seed_record(amount="1", extra=1)).encode()
    first = V.check(seed_record(amount="1", extra=1))
    assert first is not None
    assert explainer(V, False)(line, first) == [first]


def test_every_problem_of_the_decoded_record_with_all() -> None:
    record = seed_record(amount="1", extra=1, active=None)
    line = json.dumps(record).encode()
    first = V.check(record)
    assert first is not None
    every = explainer(V, True)(line, first)
    assert [e.message for e in every] == [
        "Extra field: extra", "Invalid number field: amount", "Invalid boolean field: active",
    ]
    assert every == V.errors(record)


def test_a_line_that_is_not_json_has_that_one_problem_with_all() -> None:
    error = ds.IngestError("Invalid JSON body", "invalid_json")
    assert explainer(V, True)(b"{nope", error) == [error]

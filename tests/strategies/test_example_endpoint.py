"""Testing an ingest endpoint and an SDK with dataset_schema.strategies."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given

import dataset_schema as ds
from dataset_schema import strategies as dss

SCHEMA = {
    "fields": {
        "country": "string", "plan": "string", "amount": "number", "active": "boolean", "signup_at": "timestamp",
    }
}
VALIDATOR = ds.compile(SCHEMA)


# -- the code under test: a server's two endpoints, reduced to (status, JSON answer) --

def post_record(body: bytes) -> tuple[int, dict[str, Any]]:
    try:
        VALIDATOR.parse_record(body)
    except ds.IngestError as error:
        return error.status, error.body
    return 202, {"success": True, "status": "queued"}


def post_batch(body: bytes) -> tuple[int, dict[str, Any]]:
    try:
        records = VALIDATOR.parse_batch(body)
    except ds.IngestError as error:
        return error.status, error.body
    return 202, {"success": True, "count": len(records), "status": "queued"}


# -- and an SDK that checks a record before sending it --

def sdk_send(record: dict[str, Any]) -> bytes:
    VALIDATOR.validate(record)  # raises IngestError with the API's own message
    return json.dumps(record, allow_nan=False).encode()


# -- the tests --

@given(dss.bodies(SCHEMA))
def test_record_endpoint_answers_as_the_api_does(case: tuple[bytes, dss.Expected]) -> None:
    body, expected = case
    status, answer = post_record(body)
    if expected.ok:
        assert (status, answer) == (202, {"success": True, "status": "queued"})
    else:
        assert status == 400
        assert (answer["error"], answer["code"]) == (expected.message, expected.code)


@given(dss.bodies(SCHEMA, batch=True))
def test_batch_endpoint_answers_as_the_api_does(case: tuple[bytes, dss.Expected]) -> None:
    body, expected = case
    status, answer = post_batch(body)
    if expected.ok:
        assert (status, answer["count"]) == (202, len(expected.value))
    else:
        assert (status, answer["error"]) == (400, expected.message)
        assert answer.get("index") == expected.index  # the failing record's position


@given(dss.records(SCHEMA))
def test_sdk_sends_what_the_api_accepts(record: dict[str, Any]) -> None:
    assert post_record(sdk_send(record))[0] == 202


@given(dss.invalid_records(SCHEMA))
def test_sdk_refuses_what_the_api_refuses(case: tuple[Any, str]) -> None:
    record, message = case
    try:
        sdk_send(record)
    except ds.IngestError as error:
        assert error.message == message
    else:
        raise AssertionError(f"sent a record the API refuses with {message!r}")

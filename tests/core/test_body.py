"""Raw bodies: strict UTF-8 JSON, then the record rules; parse_record and parse_batch."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Callable

import pytest

import dataset_schema as ds
from dataset_schema._core.reference import reference_parse_batch, reference_parse_record

from ..support.bodies import (
    BATCH_CASES, DEPTH_CASES, MAX_DEPTH, RECORD_BYTES, SINGLE_CASES,
    assert_nesting_limit_on_batches, deep_context, nest, outcome, with_amount,
)
from ..support.seed import SEED_SCHEMA, seed_record

V = ds.compile(SEED_SCHEMA)

PARSE_RECORD: list[Any] = [
    pytest.param(V.parse_record, id="compiled"),
    pytest.param(lambda body: reference_parse_record(SEED_SCHEMA, body), id="reference"),
]
PARSE_BATCH: list[Any] = [
    pytest.param(V.parse_batch, id="compiled"),
    pytest.param(lambda body: reference_parse_batch(SEED_SCHEMA, body), id="reference"),
]


@pytest.mark.parametrize("parse", PARSE_RECORD)
@pytest.mark.parametrize(("body", "expected"), [pytest.param(b, e, id=i) for i, b, e in SINGLE_CASES])
def test_parse_record(parse: Callable[[Any], Any], body: Any, expected: str | None) -> None:
    kind, value = outcome(parse, body)
    if expected is None:
        assert kind == "ok" and isinstance(value, dict)
    else:
        assert (kind, value) == ("error", (expected, None))


def test_parsed_record_is_the_json_data() -> None:
    assert V.parse_record(RECORD_BYTES) == seed_record()
    record = V.parse_record(with_amount('"x", "amount": 1'))
    assert record["amount"] == 1 and list(record).index("amount") == 4
    context = V.parse_record(RECORD_BYTES.replace(b'"req_123"', b"1" + b"0" * 5000))["context"]
    assert context["request_id"] == math.inf
    assert V.parse_record(RECORD_BYTES.replace(b'"req_123"', b"1" + b"0" * 4000))["context"]["request_id"] == 10**4000
    assert V.parse_record(RECORD_BYTES.replace(b'"RO"', b'"\\ud800"'))["country"] == "\ud800"


@pytest.mark.parametrize("parse", PARSE_RECORD + PARSE_BATCH)
def test_body_of_another_python_type_is_a_programming_error(parse: Callable[[Any], Any]) -> None:
    for body in (seed_record(), None, 1, [RECORD_BYTES]):
        with pytest.raises(TypeError, match="bytes or str"):
            parse(body)


@pytest.mark.parametrize("parse", PARSE_BATCH)
@pytest.mark.parametrize(("body", "expected"), [pytest.param(b, e, id=i) for i, b, e in BATCH_CASES])
def test_parse_batch(parse: Callable[[Any], Any], body: bytes, expected: tuple[str, int | None] | None) -> None:
    kind, value = outcome(parse, body)
    if expected is None:
        assert kind == "ok" and isinstance(value, list) and value == json.loads(body)
    else:
        assert (kind, value) == ("error", expected)


def test_nothing_is_half_accepted() -> None:
    body = b"[" + b",".join([RECORD_BYTES] * 10 + [with_amount('"1"')]) + b"]"
    with pytest.raises(ds.IngestError) as info:
        V.parse_batch(body)
    assert info.value.index == 10


# --- the nesting limit ---------------------------------------------------------------------

def test_the_documented_limit_is_the_codes() -> None:
    from dataset_schema._core import body as _json
    from dataset_schema._core import reference

    assert _json.MAX_DEPTH == MAX_DEPTH
    assert reference.MAX_DEPTH == MAX_DEPTH  # stated on its own: the reference shares no helper
    assert f"deeper than {MAX_DEPTH} levels" in (Path(__file__).resolve().parents[2] / "docs" / "contract.md").read_text()


@pytest.mark.parametrize("parse", PARSE_RECORD)
@pytest.mark.parametrize(("body", "expected"), [pytest.param(b, e, id=i) for i, b, e in DEPTH_CASES])
def test_nesting_limit_on_records(parse: Callable[[Any], Any], body: bytes, expected: str | None) -> None:
    kind, value = outcome(parse, body)
    assert (kind, value if expected is not None else None) == (("ok", None) if expected is None else ("error", (expected, None)))


@pytest.mark.parametrize("parse", PARSE_BATCH)
def test_nesting_limit_on_batches(parse: Callable[[Any], Any]) -> None:
    assert_nesting_limit_on_batches(parse)


def _at_stack_depth(frames: int, work: Callable[[], Any]) -> Any:
    if frames == 0:
        return work()
    return _at_stack_depth(frames - 1, work)


@pytest.mark.parametrize("frames", [0, 300, 800])
@pytest.mark.parametrize("parse", PARSE_RECORD)
def test_the_answer_does_not_depend_on_the_callers_stack(parse: Callable[[Any], Any], frames: int) -> None:
    for body, expected in ((deep_context(MAX_DEPTH - 2), "ok"), (deep_context(MAX_DEPTH - 1), "error"),
                           (nest(985), "error"), (nest(995), "error")):
        kind, _ = _at_stack_depth(frames, lambda: outcome(parse, body))
        assert kind == expected

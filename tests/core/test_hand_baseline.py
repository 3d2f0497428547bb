"""benches/hand.py, the benchmarks' `hand` baseline, gives the contract's exact answers.

A baseline that answered differently would make the speed comparison meaningless,
so it is held to the same tables and properties as the compiled validator.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema._core.reference import (
    reference_check,
    reference_check_batch,
    reference_parse_batch,
    reference_parse_record,
)

from ..support import bodies, records, timestamps
from ..support.seed import SEED_SCHEMA, seed_record
from ..support.values import EDGE_VALUES, SubDict, same

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benches"))
import hand  # noqa: E402

sys.path.pop(0)


def test_hand_declares_the_seed_schema() -> None:
    assert dict(hand.FIELDS) == SEED_SCHEMA["fields"]


@pytest.mark.parametrize(("record", "expected"), [pytest.param(r, e, id=i) for i, r, e in records.CASES])
def test_record_table(record: Any, expected: str | None) -> None:
    error = hand.check(record)
    same(error, reference_check(SEED_SCHEMA, record))
    assert (None if error is None else error.message) == expected
    for batch in ([record], [seed_record(), record], [SubDict(seed_record()), seed_record(), record]):
        same(hand.check_batch(batch), reference_check_batch(SEED_SCHEMA, batch))


@pytest.mark.parametrize("text", timestamps.VALID + timestamps.INVALID)
def test_timestamp_table(text: str) -> None:
    for record in (seed_record(timestamp=text), seed_record(signup_at=text)):
        same(hand.check(record), reference_check(SEED_SCHEMA, record))
    if text in timestamps.VALID:
        assert hand.check_w6({"timestamp": text, "context": {}, **{name: text for name in hand.W6_FIELDS}})


def outcome(parse: Any, body: Any) -> tuple[str, Any]:
    try:
        return ("ok", parse(body))
    except ds.IngestError as error:
        return ("error", error)


@pytest.mark.parametrize("body", [pytest.param(b, id=i) for i, b, _ in bodies.SINGLE_CASES + bodies.DEPTH_CASES])
def test_single_body_table(body: Any) -> None:
    assert outcome(hand.parse_record, body) == outcome(lambda b: reference_parse_record(SEED_SCHEMA, b), body)


@pytest.mark.parametrize("body", [pytest.param(b, id=i) for i, b, _ in bodies.BATCH_CASES])
def test_batch_body_table(body: Any) -> None:
    assert outcome(hand.parse_batch, body) == outcome(lambda b: reference_parse_batch(SEED_SCHEMA, b), body)


def test_batch_nesting_limit() -> None:
    bodies.assert_nesting_limit_on_batches(hand.parse_batch)


@st.composite
def seed_records(draw: st.DrawFn) -> Any:
    record: Any = seed_record()
    for _ in range(draw(st.integers(0, 3))):
        keys = list(record)
        action = draw(st.sampled_from(["drop", "retype", "extra", "subclass"]))
        if action == "drop" and keys:
            del record[draw(st.sampled_from(keys))]
        elif action == "retype" and keys:
            record[draw(st.sampled_from(keys))] = draw(st.one_of(st.sampled_from(EDGE_VALUES), st.text(max_size=3)))
        elif action == "extra":
            record[draw(st.one_of(st.text(max_size=4), st.integers()))] = 1
        elif action == "subclass":
            record = SubDict(record)
    return record


@given(seed_records(), st.lists(seed_records(), min_size=1, max_size=3))
def test_hand_matches_reference(record: Any, batch: list[Any]) -> None:
    same(hand.check(record), reference_check(SEED_SCHEMA, record))
    same(hand.check_batch(batch), reference_check_batch(SEED_SCHEMA, batch))
    body = json.dumps(batch, default=str)
    assert outcome(hand.parse_batch, body) == outcome(lambda b: reference_parse_batch(SEED_SCHEMA, b), body)

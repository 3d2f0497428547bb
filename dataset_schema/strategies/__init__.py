"""Hypothesis strategies for testing code that embeds or talks to the ingest API.

Needs hypothesis: ``pip install 'dataset-schema[strategies]'`` (from a checkout,
until a release is on PyPI: ``pip install -e '.[strategies]'``).  Every expected
answer is worked out from the contract (docs/contract.md) while the value is
built, never by running the validator, so comparing them with the library (or
with your server) is a real test.  See docs/testing.md::

    from hypothesis import given
    from dataset_schema import strategies as dss

    SCHEMA = {"fields": {"country": "string", "amount": "number"}}

    @given(dss.invalid_records(SCHEMA))
    def test_rejects(case):
        record, message = case
        assert my_server_answer(record)["error"] == message
"""

from __future__ import annotations

from typing import Any, Mapping

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "dataset_schema.strategies needs hypothesis; install it with "
        "pip install 'dataset-schema[strategies]', or from a checkout "
        "(no release is on PyPI yet) with pip install -e '.[strategies]'"
    ) from exc

from ._internal.bodies import Expected, body_cases
from ._internal.records import Fields, broken_records, record_pairs, schema_definitions
from ._internal.timestamps import invalid_timestamps, timestamps
from .._schema import Schema, as_schema

__all__ = [
    "Expected",
    "bodies",
    "invalid_records",
    "invalid_timestamps",
    "records",
    "schemas",
    "timestamps",
]

SchemaLike = Schema | Mapping[str, Any]


def _fields(schema: SchemaLike) -> Fields:
    # as_schema raises SchemaError for a bad definition, before any drawing starts.
    return as_schema(schema).items()


def schemas(max_fields: int = 8) -> st.SearchStrategy[dict[str, Any]]:
    """Valid schema definitions ``{"fields": {name: type}}``, with 0 to ``max_fields`` fields.

    Names include unicode, punctuation, control characters and long names;
    every field type appears.  Wrap one in :class:`~dataset_schema.Schema` if
    you need the object.
    """
    return schema_definitions(max_fields)


def records(schema: SchemaLike) -> st.SearchStrategy[dict[str, Any]]:
    """Records the API accepts for ``schema``: plain JSON-ready dicts, keys in any order.

    Reaches the edges: empty and non-ASCII strings, ``-0.0``, ints up to the
    largest that still round to a finite float64, leap days, ``t``/``z``,
    offsets, long fractions, nested ``context`` objects.
    """
    return st.builds(dict, record_pairs(_fields(schema)))


def invalid_records(schema: SchemaLike, *, json_only: bool = False) -> st.SearchStrategy[tuple[Any, str]]:
    """``(record, expected_message)`` pairs: records the API rejects, and the exact message.

    Covers every rule (not an object, timestamp, context, extra key, missing
    field, wrong type for each type) and often several problems at once, where
    the first rule in the contract's order wins.  With ``json_only=True`` every
    record survives ``json.dumps(..., allow_nan=False)`` except for
    ``float('inf')`` (what a body literal like ``1e400`` decodes to); otherwise
    Python-only values appear too (tuples, bytes, ``datetime``, ``Decimal``, NaN).
    """
    fields = _fields(schema)
    return broken_records(fields, json_only).map(lambda case: (case[0], case[1].message))


def bodies(schema: SchemaLike, batch: bool = False) -> st.SearchStrategy[tuple[bytes, Expected]]:
    """Raw request bodies with the answer each gets: ``(body, Expected)``.

    With ``batch=False`` the answer is ``parse_record``'s, with ``batch=True``
    ``parse_batch``'s.  Valid bodies vary whitespace, escapes and duplicate keys
    (the last one wins); broken ones are cut short, padded with garbage,
    prefixed with a BOM, UTF-16/32 encoded, hold bad UTF-8 or tokens such as
    ``NaN``, or hold records that break the record rules.
    """
    return body_cases(_fields(schema), batch)


# Reprs and pickles name the public path, wherever the code lives.
Expected.__module__ = __name__

"""Hypothesis strategies for records: valid ones, and broken ones with the answer they get.

The expected answer of a broken record is worked out from how it was broken,
following the contract's order of rules: not an object, then ``timestamp``,
then ``context``, then the first undeclared key in the record's own order,
then the declared fields in schema order.  The validator is never consulted.
"""

from __future__ import annotations

from typing import Any, Sequence

from hypothesis import strategies as st

from ..._errors import IngestError, make_error
from .timestamps import invalid_timestamps, timestamps
from .values import contexts, field_names, json_values, not_objects, valid_values, wrong_values

__all__ = ["Fields", "broken_records", "record_pairs", "schema_definitions"]

Fields = Sequence[tuple[str, str]]
Pairs = list[tuple[str, Any]]

_TYPES = st.sampled_from(["string", "number", "boolean", "timestamp"])


def schema_definitions(max_fields: int = 8) -> st.SearchStrategy[dict[str, Any]]:
    """``{"fields": {name: type}}`` definitions, from no fields to ``max_fields``."""
    return st.dictionaries(field_names(), _TYPES, max_size=max_fields).map(lambda fields: {"fields": fields})


@st.composite
def record_pairs(draw: st.DrawFn, fields: Fields) -> Pairs:
    """A valid record as ``(key, value)`` pairs, in a drawn key order."""
    pairs: Pairs = [("timestamp", draw(timestamps())), ("context", draw(contexts()))]
    pairs += [(name, draw(valid_values(kind))) for name, kind in fields]
    return list(draw(st.permutations(pairs)))


def _without(pairs: Pairs, key: str) -> Pairs:
    return [pair for pair in pairs if pair[0] != key]


def _with_value(pairs: Pairs, key: str, value: Any) -> Pairs:
    return [(name, value if name == key else old) for name, old in pairs]


_NOT_CONTEXT_JSON = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.sampled_from(["{}", [], [{}]]),
    st.lists(json_values(4), max_size=3),
)
_NOT_TIMESTAMP_JSON = st.one_of(
    invalid_timestamps(), st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([[], {}, ["2026-06-10T10:58:00Z"], {"$date": "2026-06-10T10:58:00Z"}]),
)


@st.composite
def _extra_names(draw: st.DrawFn, fields: Fields) -> list[str]:
    taken = {"timestamp", "context", *(name for name, _ in fields)}
    near = [name + suffix for name in taken for suffix in (" ", "_", "\u200b")]
    near += [name.upper() for name in taken]
    names = st.one_of(
        st.sampled_from(["__traceId", "extra", ""]), st.sampled_from(near), st.text(max_size=12)
    ).filter(lambda name: name not in taken)
    return draw(st.lists(names, min_size=1, max_size=3, unique=True))


@st.composite
def broken_records(draw: st.DrawFn, fields: Fields, json_only: bool) -> tuple[Any, IngestError]:
    """A record with one or more problems, and the error the API answers (the first rule broken).

    With ``json_only`` every value is one a JSON parser can produce, except
    ``float('inf')``, which an encoder writes as an overflowing literal like ``1e400``.
    """
    pairs = draw(record_pairs(fields))
    # The rule that should answer is drawn first, so each rule answers about as
    # often as the others; problems found later in the contract's order join it.
    kinds: list[str | int] = ["object", "timestamp", "context", "extra", *range(len(fields))]
    first = draw(st.sampled_from(range(len(kinds))))
    later = draw(st.lists(st.sampled_from(kinds[first + 1:]), max_size=3, unique=True)) if first + 1 < len(kinds) else []
    chosen = [kinds[first], *later]
    # Candidate answers, ranked by the order the contract applies its rules.
    found: list[tuple[tuple[int, int], IngestError]] = []
    if "timestamp" in chosen:
        if draw(st.booleans()):
            pairs = _without(pairs, "timestamp")
        else:
            bad = _NOT_TIMESTAMP_JSON if json_only else st.one_of(_NOT_TIMESTAMP_JSON, wrong_values("timestamp", False))
            pairs = _with_value(pairs, "timestamp", draw(bad))
        found.append(((0, 0), make_error("invalid_timestamp")))
    if "context" in chosen:
        if draw(st.booleans()):
            pairs = _without(pairs, "context")
        else:
            pairs = _with_value(pairs, "context", draw(_NOT_CONTEXT_JSON if json_only else not_objects(False)))
        found.append(((1, 0), make_error("context_not_object")))
    for position, (name, kind) in enumerate(fields):
        if position not in chosen:
            continue
        if draw(st.booleans()):
            pairs = _without(pairs, name)
            found.append(((3, position), make_error("missing_field", name)))
        else:
            pairs = _with_value(pairs, name, draw(wrong_values(kind, json_only)))
            found.append(((3, position), make_error(f"invalid_{kind}_field", name)))
    if "extra" in chosen:
        extras = draw(_extra_names(fields))
        for name in extras:
            at = draw(st.integers(0, len(pairs)))
            pairs.insert(at, (name, draw(json_values(4))))
        first = next(i for i, (key, _) in enumerate(pairs) if key in extras)
        found.append(((2, first), make_error("extra_field", pairs[first][0])))
    record: Any = dict(pairs)
    if "object" in chosen:
        record = draw(st.one_of(not_objects(json_only), st.just([record]), st.just([list(pair) for pair in pairs])))
        return record, make_error("payload_not_object")
    return record, min(found, key=lambda item: item[0])[1]

"""Hypothesis strategies for single values: timestamps, field names, typed values.

Used only by :mod:`dataset_schema.strategies`.  Every value is built from the
contract (docs/contract.md), never by asking the validator what it thinks.
"""

from __future__ import annotations

import datetime
import decimal
import fractions
import types
from typing import Any, Callable

from hypothesis import strategies as st

from ._schema import RESERVED_NAMES

__all__ = [
    "FLOAT_INT_LIMIT",
    "field_names",
    "invalid_timestamps",
    "json_values",
    "not_objects",
    "timestamps",
    "valid_values",
    "wrong_values",
]

# The ints that round to a finite float64 lie strictly between -LIMIT and LIMIT:
# LIMIT is half-way between the largest double (2**1024 - 2**971) and 2**1024,
# and round-half-to-even takes it up to 2**1024, which overflows.
FLOAT_INT_LIMIT = 2**1024 - 2**970
_MAX_DOUBLE_INT = 2**1024 - 2**971


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# -- timestamps -------------------------------------------------------------------

_EDGE_DATES = st.sampled_from([
    (2000, 2, 29), (2024, 2, 29), (1600, 2, 29), (0, 2, 29), (4, 2, 29), (9996, 2, 29),
    (1900, 2, 28), (2100, 2, 28), (2023, 2, 28), (0, 1, 1), (9999, 12, 31),
    (2026, 4, 30), (2026, 6, 10), (1970, 1, 1),
])


@st.composite
def _dates(draw: st.DrawFn) -> tuple[int, int, int]:
    if draw(st.booleans()):
        return draw(_EDGE_DATES)
    year = draw(st.integers(0, 9999))
    month = draw(st.integers(1, 12))
    return year, month, draw(st.integers(1, _days_in_month(year, month)))


_OFFSETS = st.one_of(
    st.sampled_from(["Z", "z", "+00:00", "-00:00", "+23:59", "-23:59", "+05:30", "-12:00"]),
    st.builds(
        lambda sign, hour, minute: f"{sign}{hour:02d}:{minute:02d}",
        st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59),
    ),
)
# Digits drawn as one number and zero-padded: far cheaper than a character at a time.
_FRACTIONS = st.one_of(
    st.just(""),
    st.integers(1, 40).flatmap(
        lambda width: st.integers(0, 10**width - 1).map(lambda digits: f".{digits:0{width}d}")
    ),
)


@st.composite
def _timestamp_parts(draw: st.DrawFn) -> list[str]:
    """A valid timestamp as its pieces: date, separator, time, fraction, offset."""
    year, month, day = draw(_dates())
    hour, minute, second = draw(st.one_of(
        st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)),
        st.sampled_from([(0, 0, 0), (23, 59, 59), (12, 0, 0)]),
    ))
    return [
        f"{year:04d}-{month:02d}-{day:02d}",
        draw(st.sampled_from("Tt")),
        f"{hour:02d}:{minute:02d}:{second:02d}",
        draw(_FRACTIONS),
        draw(_OFFSETS),
    ]


def timestamps() -> st.SearchStrategy[str]:
    """RFC 3339 date-times the API accepts (leap days, ``t``/``z``, offsets, long fractions)."""
    return _timestamp_parts().map("".join)


# Digits of other scripts: str.isdigit() and int() take many of them, the API does not.
_FOREIGN_DIGITS = (
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"  # Arabic-Indic
    "\u06f0\u06f5\u0966\u0967\u09e6"  # Extended Arabic-Indic, Devanagari, Bengali
    "\uff10\uff11\uff12\uff19"  # fullwidth
    "\U0001d7ce\U0001d7d8\u00b2\u2460"  # mathematical bold, superscript two, circled one
)

_KNOWN_BAD = [
    "", "2026-06-10", "10:58:00Z", "2026-06-10T10:58:00", "2026-06-10 10:58:00Z",
    "2026-06-10T10:58:00Z\n", "2026-06-10T10:58:00Z\r\n", " 2026-06-10T10:58:00Z",
    "2026-06-10T10:58:00Z ", "2026-06-10T10:58:00,5Z", "2026-06-10T24:00:00Z",
    "2026-06-10T23:59:60Z", "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z",
    "2026-00-10T10:00:00Z", "2026-06-00T10:00:00Z", "2026-04-31T10:00:00Z",
    "1900-02-29T10:00:00Z", "2100-02-29T10:00:00Z", "2023-02-29T10:00:00Z",
    "2026-06-10T10:58:00+24:00", "2026-06-10T10:58:00+01:60", "2026-06-10T10:58:00+0100",
    "2026-06-10T10:58:00+01", "2026-06-10T10:58:00UTC", "2026-06-10T10:58:00 Z",
    "20260610T105800Z", "2026-06-10T105800Z", "2026-06-10T10:58Z", "2026-06-10T10:58:00.Z",
    "2026-06-10T10:58:00.5.5Z", "2026-06-10T10:58:00Zz", "2026-06-10T10:58:00Z+01:00",
    "2026-6-10T10:58:00Z", "2026-06-10T1:58:00Z", "02026-06-10T10:58:00Z", "-2026-06-10T10:58:00Z",
    "+2026-06-10T10:58:00Z", "10000-01-01T00:00:00Z", "2026-161T10:58:00Z", "2026-W24-3T10:58:00Z",
    "2026-06-10\uff3410:58:00Z", "2026-06-10T10:58:00\uff3a", "2026-06-10T10:58:00\u2212" "01:00",
    "2026-06-10T10:58:00Z\x00", "2026/06/10T10:58:00Z", "2026-06-10T10.58.00Z",
    "2026-06-10T10:58:00.123456789", "2026-06-10t10:58:00Z\t", "2026-06-10T10:58:00\u00a0Z",
    "\u0662\u0660\u0662\u0666-06-10T10:58:00Z", "\uff12\uff10\uff12\uff16-06-10T10:58:00Z",
    "2026-06-10T10:58:00+01:00:00", "2026-06-10T10:58:00-", "2026-06-10T",
]


def _replace(parts: list[str], index: int, value: str) -> str:
    return "".join(parts[:index] + [value] + parts[index + 1:])


@st.composite
def _out_of_range(draw: st.DrawFn) -> str:
    """One component of an otherwise valid timestamp pushed past its range."""
    parts = draw(_timestamp_parts())
    year, month, day = (int(x) for x in parts[0].split("-"))
    hour, minute, second = (int(x) for x in parts[2].split(":"))
    choice = draw(st.sampled_from(["month", "day", "hour", "minute", "second", "offset"]))
    if choice == "month":
        month = draw(st.sampled_from([0, 13, 19, 20, 99]))
        return _replace(parts, 0, f"{year:04d}-{month:02d}-{day:02d}")
    if choice == "day":
        day = draw(st.integers(_days_in_month(year, month) + 1, 99) | st.just(0))
        return _replace(parts, 0, f"{year:04d}-{month:02d}-{day:02d}")
    if choice == "hour":
        hour = draw(st.integers(24, 99))
    elif choice == "minute":
        minute = draw(st.integers(60, 99))
    elif choice == "second":
        second = draw(st.integers(60, 99))
    else:
        sign = draw(st.sampled_from("+-"))
        bad_hour, bad_minute = draw(st.one_of(
            st.tuples(st.integers(24, 99), st.integers(0, 59)),
            st.tuples(st.integers(0, 23), st.integers(60, 99)),
        ))
        return _replace(parts, 4, f"{sign}{bad_hour:02d}:{bad_minute:02d}")
    return _replace(parts, 2, f"{hour:02d}:{minute:02d}:{second:02d}")


@st.composite
def _foreign_digit(draw: st.DrawFn) -> str:
    """A valid timestamp with one of its ASCII digits swapped for another script's digit."""
    text = draw(timestamps())
    positions = [i for i, char in enumerate(text) if char in "0123456789"]
    at = draw(st.sampled_from(positions))
    return text[:at] + draw(st.sampled_from(_FOREIGN_DIGITS)) + text[at + 1:]


@st.composite
def _damaged(draw: st.DrawFn) -> str:
    """A valid timestamp with its shape broken: padding, separator, fraction, offset."""
    parts = draw(_timestamp_parts())
    damage = draw(st.sampled_from(
        ["pad", "separator", "comma", "empty_fraction", "no_offset", "no_colon", "basic", "date_only"]
    ))
    if damage == "pad":
        pad = draw(st.sampled_from([" ", "\n", "\r\n", "\t", "\x00", "\u00a0", "\u2028", "x"]))
        text = "".join(parts)
        return draw(st.sampled_from([pad + text, text + pad]))
    if damage == "separator":
        return _replace(parts, 1, draw(st.sampled_from([" ", "", "_", "\uff34", "T ", "TT"])))
    if damage == "comma":
        return _replace(parts, 3, "," + (parts[3][1:] or "5"))
    if damage == "empty_fraction":
        return _replace(parts, 3, ".")
    if damage == "no_offset":
        return _replace(parts, 4, "")
    if damage == "no_colon":
        return _replace(parts, 4, draw(st.sampled_from(["+0100", "-0530", "+01", "+1:00", "Z00:00"])))
    if damage == "basic":
        return "".join(parts).replace("-", "").replace(":", "")
    return parts[0]


def invalid_timestamps() -> st.SearchStrategy[str]:
    """Strings that look like, or nearly like, RFC 3339 date-times but are not accepted."""
    return st.one_of(st.sampled_from(_KNOWN_BAD), _out_of_range(), _foreign_digit(), _damaged())


# -- names ------------------------------------------------------------------------

_EDGE_NAMES = [
    "country", "a", "Timestamp", "CONTEXT", "__traceid", "__traceId ", " timestamp", "context.source",
    "a b", "a\nb", "\"quoted\"", "back\\slash", "{field}", "%s", "$ref", "-", "0", "é", "\u65e5\u672c",
    "\U0001f600", "\x00", "\u200b", "x" * 300,
]


def field_names() -> st.SearchStrategy[str]:
    """Names a schema may declare: any non-empty string but the reserved ones."""
    return st.one_of(
        st.sampled_from(_EDGE_NAMES), st.text(min_size=1, max_size=30), st.text(min_size=100, max_size=200)
    ).filter(lambda name: name not in RESERVED_NAMES)


# -- values -----------------------------------------------------------------------

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**200), 2**200),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
)


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any value a strict JSON parser can produce (no NaN or infinities)."""
    return st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
        max_leaves=max_leaves,
    )


def contexts() -> st.SearchStrategy[dict[str, Any]]:
    """``context`` objects: empty, flat, nested, with keys that mean something elsewhere."""
    nested = st.recursive(
        st.dictionaries(st.text(max_size=8), _SCALARS, max_size=2),
        lambda inner: st.dictionaries(st.sampled_from(["context", "timestamp", "a", ""]), inner, min_size=1, max_size=2),
        max_leaves=4,
    )
    return st.one_of(
        st.just({}),
        st.just({"source": "billing-service", "request_id": "req_123"}),
        st.dictionaries(st.text(max_size=8), json_values(6), max_size=3),
        nested,
    )


_NUMBER_EDGES = [
    0, -0.0, 0.0, 1, -1, 12.5, 2**53, 2**53 + 1, 2**63, -(2**63) - 1, 2**64, 10**308, -(10**308),
    _MAX_DOUBLE_INT, -_MAX_DOUBLE_INT, FLOAT_INT_LIMIT - 1, -(FLOAT_INT_LIMIT - 1),
    5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 1e16,
]
_STRING_EDGES = ["", " ", "RO", "\u00e9", "\u65e5\u672c\u8a9e", "\U0001f600", "\x00", "null", "true",
                 "12.5", "2026-06-10T10:00:00Z", "\ufeff", "\u2028", "a\"b\\c"]

_VALID: dict[str, st.SearchStrategy[Any]] = {
    "string": st.one_of(st.sampled_from(_STRING_EDGES), st.text()),
    "number": st.one_of(
        st.sampled_from(_NUMBER_EDGES),
        st.integers(-(FLOAT_INT_LIMIT - 1), FLOAT_INT_LIMIT - 1),
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    "boolean": st.booleans(),
    "timestamp": timestamps(),
}


def valid_values(kind: str) -> st.SearchStrategy[Any]:
    """JSON-ready values a field of type ``kind`` accepts."""
    return _VALID[kind]


def _containers(make: Callable[[], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(make(), max_size=2), st.dictionaries(st.text(max_size=5), make(), max_size=2))


_BIG_INTS = st.sampled_from([FLOAT_INT_LIMIT, -FLOAT_INT_LIMIT, 2**1024, -(2**1024), 10**400, -(10**400)])
_WRONG_JSON: dict[str, st.SearchStrategy[Any]] = {
    "string": st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                        _containers(lambda: st.text(max_size=5))),
    "number": st.one_of(st.none(), st.booleans(), st.sampled_from(["12.5", "", "0", "NaN"]), st.text(max_size=5),
                        st.sampled_from([float("inf"), float("-inf")]), _BIG_INTS,
                        _containers(lambda: st.integers())),
    "boolean": st.one_of(st.none(), st.sampled_from([0, 1, 0.0, 1.0, "true", "false", "", [True]]),
                         st.integers(), st.text(max_size=5), _containers(st.booleans)),
    "timestamp": st.one_of(st.none(), st.booleans(), invalid_timestamps(), st.integers(),
                           st.floats(allow_nan=False), _containers(timestamps)),
}
# Python values no JSON parser produces; the contract rejects them for every type.
_UTC = datetime.timezone.utc
_WRONG_PYTHON: dict[str, st.SearchStrategy[Any]] = {
    "string": st.sampled_from([b"RO", bytearray(b"RO"), ("RO",), {"RO"}]),
    "number": st.sampled_from([float("nan"), decimal.Decimal("12.5"), fractions.Fraction(1, 2), 1 + 0j, (1,)]),
    "boolean": st.sampled_from([(True,), b"true", decimal.Decimal(1)]),
    "timestamp": st.sampled_from([
        datetime.datetime(2026, 6, 10, 10, 58, tzinfo=_UTC), datetime.date(2026, 6, 10),
        b"2026-06-10T10:58:00Z", ("2026-06-10T10:58:00Z",),
    ]),
}


def wrong_values(kind: str, json_only: bool) -> st.SearchStrategy[Any]:
    """Values a field of type ``kind`` rejects (``float('inf')`` stands for ``1e400``)."""
    if json_only:
        return _WRONG_JSON[kind]
    return st.one_of(_WRONG_JSON[kind], _WRONG_PYTHON[kind])


_NOT_OBJECT_JSON = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10), st.lists(json_values(6), max_size=3),
)
_NOT_OBJECT_PYTHON = st.sampled_from([
    (), (("timestamp", "2026-06-10T10:58:00Z"),), b"{}", types.MappingProxyType({}), frozenset(), object(),
])


def not_objects(json_only: bool) -> st.SearchStrategy[Any]:
    """Values that are not an object (a dict) to the API."""
    return _NOT_OBJECT_JSON if json_only else st.one_of(_NOT_OBJECT_JSON, _NOT_OBJECT_PYTHON)
